"""Call-structure checks (section 7) as small ordered functions.

Each check reads the one analysis of the transcript and the rulebook's phrase
lists, and answers True, False or None (not applicable). Hold timing findings
(7.2.4, 7.2.9) come from the same pass over the holds.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .matcher import keys_present, words_of
from .morph import is_known, name_lemmas
from .names import name_family
from .numbers import NUMBER_WORDS, number_runs
from .rulebook import CLIENT_LISTS, Rulebook
from .text import analyze, cyrillic
from .transcript import Transcript


# informal greetings: a name after them addresses the operator («здорово гена слушай»), it is not the client's
_INFORMAL_OPENERS = frozenset("привет приветствую здорово прив приветт приветик хай здрасьте здрасте".split())

# words a client may say before the name they were asked for
_OPENERS = frozenset("здравствуйте здравствуй добрый доброе доброго утро день вечер дня вечера алло да "
                     "э ээ эээ мм ммм ну привет приветствую алё ало аллё але прив приветт приветик здрасьте "
                     "здрасте здорово хай эм ээм".split())


def _ends_at(p, words, clause, k: int) -> bool:
    """Does pattern ``p`` match words that end right before position ``k``, in k's clause?"""
    start = k - len(p.elements)
    if start < 0 or clause[start] != clause[k]:
        return False
    pos = p.match_at(words, start)
    return pos is not None and pos[-1] == k - 1


def _name_keys(norm: str) -> frozenset[str]:
    return name_lemmas(norm) | {norm}


# short answers that are no name («привет)» to «Как к Вам обращаться?»)
_NOT_A_NAME = _OPENERS | frozenset("пока спасибо нет неважно никак".split())

# the parts of speech an unknown name is read as: a noun, a guess, a short participle («Дарима») or a
# short adjective («Оюна»)
_NAME_SLOT = (None, "NOUN", "PRTS", "ADJS")

# a name in a set phrase is not an address: «слава богу», «есть надежда», «надежда есть»
_NOT_ADDRESS = {"слава": ("богу", "тебе", "господи"), "надежда": ("есть", "нет", "только", "одна", "мало"),
                "вера": ("есть",)}

# an operator's role before their name: «оператор Намжил», «диспетчер Оюна»
_ROLES = frozenset("оператор диспетчер менеджер консультант администратор специалист".split())
# parts of speech a company's name does not hold («Квартал-Сервис. щас гляну», «ну алло»)
_NOT_IN_NAMES = frozenset("PRCL CONJ INTJ ADVB NPRO PRED GRND COMP".split())
_OPENING_ROLES = _ROLES | frozenset("инженер мастер старший младший бригадир прораб техник".split())
# greetings that end or precede a company's name in an opening (lemmas or forms): the informal ones above
# and the formal ones
_GREETING_LEMMAS = _INFORMAL_OPENERS | frozenset("здравствуйте здравствовать добрый доброе алло здрасти здарова "
                                                 "приветствовать салют".split())
_QUOTED = re.compile(r"[«\"“]([^»\"”]{1,60})[»\"”]")


def _common_noun_name(w) -> bool:
    """A name that is also a common noun, in the nominative: «Алмаз», «Лиана», «Роза» (after «меня зовут»)."""
    return w.pos == "NOUN" and "nomn" in w.grammemes and len(w.norm) >= 3 and w.norm.isalpha()


def _unknown_name(w) -> bool:
    """A word in a name's place that the dictionary does not know as a common word: «Баярма», or a
    rare participle reading («Дарима» as «дарить»)."""
    return len(w.norm) >= 3 and w.norm.isalpha() and w.pos in _NAME_SLOT and (
        w.pos == "PRTS" or not is_known(w.norm)) and not name_lemmas(w.norm)


@dataclass(frozen=True, slots=True)
class Hold:
    turn: int  # operator turn that puts the client on hold
    back: int | None  # operator turn that ends it
    seconds: float | None


class Context:
    """A transcript, its rulebook and what the checks share (words, holds)."""

    def __init__(self, transcript: Transcript, rulebook: Rulebook):
        self.t = transcript
        self.rb = rulebook
        self.words = [words_of(a.tokens) for a in transcript.analyses]
        # a client writing Russian in Latin letters («privet! eto Anya»): the names are looked for in
        # a Cyrillic reading too (and in the text as written: «Tom», answered «Tom, …»)
        self._cyrillic = {turn.index: words_of(analyze(text).tokens) for turn in transcript.turns
                          if turn.speaker == "client" and (text := cyrillic(turn.text)) is not None}
        self.ops = [turn.index for turn in transcript.turns if turn.speaker == "operator"]
        self._phrase_hits: dict[int, dict[str, list[tuple[int, ...]]]] = {}
        self._runs: dict[int, list[tuple[int, int, str]]] = {}
        self._company_spans: dict[int, set[int]] = {}

    @cached_property
    def company_runs(self) -> tuple[tuple[str, ...], ...]:
        """The company's name as the operator says it in the opening: «quoted» in the first two operator
        turns, the words after a company word («сервисный центр ангара фикс здравствуйте»), or the words
        that open the first turn before a greeting («зови мастера добрый день»); up to three words each.
        A rule match inside the name is no finding: «Ангара Фикс» is no jargon «фикс», «Зови мастера»
        no «ты» imperative."""
        if not self.ops:
            return ()
        runs: list[tuple[str, ...]] = []
        for turn in self.ops[:2]:
            text = self.t.turns[turn].text
            words = self.words[turn][0]
            for m in _QUOTED.finditer(text):
                run = tuple(w.norm for w in words if m.start(1) <= w.start < m.end(1) and w.kind == "word")
                if run:
                    runs.append(run[:3])
        first = self.ops[0]
        words, clause = self.words[first]
        intro = self.covered("intro_words", first)
        company = self.covered("company", first) if "company" in self.rb.phrases else set()

        def person(k: int) -> bool:
            return bool(name_lemmas(words[k].norm)) and is_known(words[k].norm)

        def run_from(k: int, skip: set[int], start: int, verbs: bool = True) -> tuple[str, ...]:
            """Up to three name words from k, in one clause with the word at `start` (not opening with a
            preposition: «в общем мастер будет завтра»; a verb only as an imperative, where `verbs`)."""
            if k < len(words) and words[k].pos == "PREP":
                return ()
            out = []
            while k < len(words) and len(out) < 3 and words[k].kind == "word" and k not in skip \
                    and (words[k].pos not in ("VERB", "INFN") or verbs and "impr" in words[k].grammemes) \
                    and not {words[k].lemma, words[k].norm} & _GREETING_LEMMAS and words[k].norm not in _OPENING_ROLES \
                    and words[k].pos not in _NOT_IN_NAMES and not person(k) \
                    and (k == start or clause[k] == clause[k - 1]):
                out.append(words[k].norm)
                k += 1
            # a name holds a noun, an adjective or a coined word («Ангара Фикс», «Собирайка»)
            if not any(words[j].pos in ("NOUN", "ADJF") or not is_known(words[j].norm)
                       for j in range(k - len(out), k)):
                return ()
            return tuple(out)

        # an imperative opening a name is no intro word («зови мастера», read as «звать» of «меня зовут»)
        intro = {k for k in intro if "impr" not in words[k].grammemes}
        for p in sorted(company):
            b = p
            while b - 1 in company:
                b -= 1
            a = b   # past «этой», «нашей» (and «в этой нашей фирме»)
            while a > 0 and words[a - 1].pos == "ADJF" and clause[a - 1] == clause[b]:
                a -= 1
            if a > 0 and words[a - 1].pos == "PREP" and clause[a - 1] == clause[b]:
                continue   # «в сервисном центре тянут резину», «у этой фирмы одно название» name no company
            k = p + 1   # past «поддержки», «отдела» of «служба поддержки зови мастера»
            while k in intro and words[k].pos == "NOUN" and clause[k] == clause[p]:
                k += 1
            if k not in company and (run := run_from(k, intro | company, p)):
                runs.append(run)
        # the opening, after its greeting words: «здравствуйте ангара фикс кирилл слушаю», «клязьма аква,
        # добрый день», when a greeting, the operator's name or role or «слушаю» comes next; one dictionary
        # word is no name («ну алло»)
        k0 = 0
        while k0 < len(words) and (k0 in intro or k0 in company or words[k0].pos in ("PRCL", "INTJ", "CONJ")
                                   or words[k0].lemma in _GREETING_LEMMAS or words[k0].norm in _GREETING_LEMMAS):
            k0 += 1

        def ends_name(e: int, after_imperative: bool = False) -> bool:
            """May the word at ``e`` follow a name in the opening? A greeting or the operator's name; else
            the operator's role or «слушаю», or, after a name that opens with an imperative, only «меня
            (зовут)», «слушаю» or a role before the operator's name."""
            if e >= len(words):
                return False
            if words[e].lemma in _GREETING_LEMMAS or person(e):
                return True
            if after_imperative:
                return words[e].norm in ("меня", "слушаю") or (
                    words[e].norm in _ROLES and e + 1 < len(words) and person(e + 1))
            return words[e].norm in _OPENING_ROLES or words[e].lemma == "слушать"

        skip = (intro if k0 else set()) | company
        # (no verb here: «здравствуйте скажи адрес мастер приедет» names nothing)
        opening = run_from(k0, skip, k0, verbs=False)
        if opening and not (len(opening) == 1 and is_known(opening[0])) and ends_name(k0 + len(opening)):
            runs.append(opening)
        elif len(named := run_from(k0, skip, k0)) > 1 and "impr" in words[k0].grammemes and \
                ends_name(k0 + len(named), after_imperative=True):
            # round 8u: a name that opens with an imperative («учи дома здравствуйте», «добрый вечер учи дома
            # меня зовут игорь», «здравствуйте учи дома менеджер алексей»); not «здравствуйте скажи адрес
            # мастер приедет»
            runs.append(named)
        return tuple(dict.fromkeys(runs))

    @cached_property
    def _company_parts(self) -> frozenset[tuple[str, ...]]:
        # the whole name, or two words of it in a row («ангара фикс» of «ангара фикс старший»)
        return frozenset(run[a:a + n] for run in self.company_runs for n in {min(2, len(run)), len(run)}
                         for a in range(len(run) - n + 1))

    def company_span(self, turn: int) -> set[int]:
        """The word positions of a turn where the company's name (`company_runs`) is said."""
        if turn not in self._company_spans:
            words = self.words[turn][0]
            out: set[int] = set()
            for part in self._company_parts:
                n = len(part)
                for k in range(len(words) - n + 1):
                    if all(words[k + j].norm == part[j] for j in range(n)):
                        out.update(range(k, k + n))
            self._company_spans[turn] = out
        return self._company_spans[turn]

    def has(self, phrase: str, turn: int) -> bool:
        """Does the rulebook phrase list match in this turn? (An optional list a rulebook lacks: no.)"""
        return phrase in self.rb.phrases and bool(self.find(phrase, turn))

    def find(self, phrase: str, turn: int, reading=None) -> list[tuple[int, ...]]:
        """Matches of a phrase list in a turn (or in another ``reading`` of it: words, clauses)."""
        pl = self.rb.phrases[phrase]
        words, clause = reading or self.words[turn]
        if reading is None and self.t.turns[turn].speaker == "operator" and phrase not in CLIENT_LISTS:
            hits = self._phrase_hits.get(turn)
            if hits is None:  # one scan of the turn for every phrase list
                hits = self._phrase_hits[turn] = {}
                for name, _, pos in self.rb.phrase_index.find(words):
                    hits.setdefault(name, []).append(pos)
            found = hits.get(phrase, ())
        else:  # and only the self-naming list of a client turn
            found = [pos for _, _, pos in pl.index.find(words)]
        out = []
        for pos in found:
            nxt = pos[-1] + 1
            if pl.unless_followed_by and nxt < len(words) and clause[nxt] == clause[pos[-1]] and any(
                    p.match_at(words, nxt) for p in pl.unless_followed_by):
                continue
            if pl.unless_preceded_by and any(_ends_at(p, words, clause, pos[0]) for p in pl.unless_preceded_by):
                continue
            out.append(pos)
        if pl.ends_turn and out:
            last = max((c for w, c in zip(words, clause) if w.kind == "word"), default=None)
            out = [pos for pos in out if clause[pos[-1]] == last]
        return out

    def covered(self, phrase: str, turn: int) -> set[int]:
        """The word positions of a turn that a phrase list's matches cover."""
        return {p for pos in self.find(phrase, turn) for p in pos}

    def any_op(self, phrase: str, turns) -> bool:
        return any(self.has(phrase, i) for i in turns)

    def names_in(self, turn: int) -> bool:
        """Does an operator/client turn mention one of the client's names (or its everyday form: «Юлия»
        addressed as «Юля», rules/name_forms.yaml)?"""
        names = self._name_forms
        if not names:
            return False
        initials = self._name_initials  # names inflect at the end: other first letters cannot match
        words = self.words[turn][0] + (self._cyrillic[turn][0] if turn in self._cyrillic else [])
        return any(w.norm[:1] in initials and _name_keys(w.norm) & names for w in words)

    def addresses(self, turn: int) -> bool:
        """Does an operator turn address the client by name? One addresses a person in the nominative:
        the name's own form («Надежда, …», «злата а провода какие»), not another case of a word that is
        a name too («надежды мало», «растут даже розы»), nor «слава богу», «есть надежда»."""
        names = self._name_forms
        if not names:
            return False
        initials = self._name_initials
        words = self.words[turn][0]
        for k, w in enumerate(words):
            if w.norm[:1] not in initials or not _name_keys(w.norm) & names:
                continue
            prev = words[k - 1].norm if k else ""
            nxt = words[k + 1].norm if k + 1 < len(words) else ""
            if w.norm not in names and "Name" not in w.grammemes and "Patr" not in w.grammemes and not (
                    w.norm + "а" in names or w.norm + "я" in names or w.norm[:-1] + "я" in names):
                continue   # another case of a common word (not the spoken vocative «Катюш», «Кать», «Оль»)
            if nxt in _NOT_ADDRESS.get(w.norm, ()) or prev in _NOT_ADDRESS.get(w.norm, ()):
                continue
            return True
        return False

    @cached_property
    def _name_forms(self) -> frozenset[str]:
        return name_family(self.client_names)

    @cached_property
    def _name_initials(self) -> frozenset[str]:
        return frozenset(n[:1] for n in self._name_forms)

    @cached_property
    def client_names(self) -> frozenset[str]:
        """Names the client gave about themselves: name lemmas, or the bare words of a short answer."""
        names: set[str] = set()
        for turn in self.t.turns:
            if turn.speaker != "client":
                continue
            names |= self._names_in_reading(turn, self.words[turn.index], own=True)
            if turn.index in self._cyrillic:
                names |= self._names_in_reading(turn, self._cyrillic[turn.index], own=False)
        return frozenset(names | self._echoed_names())

    def _echoed_names(self) -> set[str]:
        """A client's word that a later operator turn opens with, the way one addresses a person: «Климова
        Анастасия, заявка 2290» — «Анастасия, ваш наряд …», «меня тоже Лилия зовут» — «Лилия, сочувствую!».
        The word is a dictionary word with a name reading or, written, a capitalised word the dictionary
        does not know followed by a comma or «!» («Айгуль, не могли бы …»)."""
        out: set[str] = set()
        heard: set[str] = set()  # the words of the client's turns so far
        for turn in self.t.turns:
            words = self.words[turn.index][0]
            if turn.speaker == "client":
                heard.update(w.norm for w in words)
                continue
            lead = 0
            while lead < len(words) - 1 and (words[lead].norm in _OPENERS or words[lead].pos == "INTJ"):
                lead += 1
            if not words or words[lead].norm not in heard:
                continue
            w = words[lead]
            if len(w.norm) < 3 or not w.norm.isalpha() or w.pos not in ("NOUN", None) or \
                    _name_keys(w.norm) & self._names_before[turn.index]:   # (not the operator's own name)
                continue
            vocative = w.text[:1].isupper() and turn.text[w.end:w.end + 1] in (",", "!")
            known = is_known(w.norm)   # (a coined company name may get a guessed name reading: «стройлайн»)
            if (known and name_lemmas(w.norm)) or (vocative and not known):
                out |= _name_keys(w.norm)
        return out

    def _names_in_reading(self, turn, reading, own: bool) -> frozenset[str]:
        """The names a client turn gives, read as ``reading`` (words, clauses): the turn's own
        analysis, or (``own`` false) a Cyrillic reading of Latin letters."""
        names: set[str] = set()
        words, clause = reading
        after_ask = turn.index > 0 and self.t.turns[turn.index - 1].speaker == "operator" and \
            self.has("asked_name", turn.index - 1)
        said = self._names_before[turn.index]  # (the operator's own names, said back, are not the client's)
        if after_ask:
            lead = 0  # «доброе утро э Людмила»: the name comes after a greeting or a hesitation
            while lead < len(words) - 1 and (words[lead].norm in _OPENERS or words[lead].pos == "INTJ"):
                lead += 1
            # or last: «а извините думал сосед звонит кирилл»; not the operator's own name said back
            # («Добрый день, Дарья.»)
            candidates = [ns for w in words[lead:lead + 3] + words[-2:] if (ns := name_lemmas(w.norm))]
            found = {n for ns in candidates if not ns <= said for n in ns}
            first_clause = [w for w, c in zip(words, clause) if c == clause[0]] if words else []
            # «Элина.» — a name pymorphy3 may not know (not «Без имени»: a refusal has other words); an
            # unknown name may be guessed as a short participle («Дашинима», «Дарима»)
            # (not with a number: «Номер 5633.»)
            if not found and 0 < len(first_clause) <= 2 and all(
                    w.pos in _NAME_SLOT and w.norm not in _NOT_A_NAME and w.kind == "word" for w in first_clause):
                found = {w.norm for w in first_clause}
            names |= found
        # a turn that is only a name (and surname): «кира», «Николай», «Климова Анастасия» (not the
        # operator's own name said back)
        if own and 0 < len(words) <= 2 and all(w.pos in (None, "NOUN") and (
                (name_lemmas(w.norm) and is_known(w.norm) and "plur" not in w.grammemes) or "Surn" in w.grammemes)
                for w in words):   # (not «Мини Купер»: a car)
            names |= {n for w in words for n in name_lemmas(w.norm)} - said
        # the client's first words, after a greeting: «добрый день руслан компания быстрые колёса»,
        # «Добрый день. Нетёсов Аркадий.» (a surname first); not a name before the greeting, which
        # addresses the operator («Артём, добрый вечер»)
        if own and turn.index == self._first_client_turn and not after_ask:
            lead = 0
            while lead < len(words) - 1 and (words[lead].norm in _OPENERS or words[lead].pos == "INTJ"):
                lead += 1
            informal = any(w.norm in _INFORMAL_OPENERS for w in words[:lead])
            head = words[lead:lead + 2] if lead and not informal else []
            if head and "Surn" in head[0].grammemes and not name_lemmas(head[0].norm) and len(head) > 1:
                head = head[1:]
            if head and head[0].pos in (None, "NOUN") and is_known(head[0].norm) and \
                    (ns := name_lemmas(head[0].norm)) and not ns <= said:
                names |= ns
        # a number and then a name, the way a contact is left: «8 915 204 33 90 Ильдар», «89043332211, Света»
        if own and len(words) >= 2 and name_lemmas(words[-1].norm) and any(
                last == len(words) - 2 for _, last, _ in self.number_runs(turn.index)):
            names |= name_lemmas(words[-1].norm)
        for pos in self.find("client_self_name", turn.index, None if own else reading):
            # «меня зовут … Анна Петровна»: up to 3 words; «это Зина», «я Олег»: the next word (+ patronymic)
            reach = 3 if len(pos) > 1 else 1
            if len(pos) > 1 and pos[0] > 0 and not name_lemmas(words[pos[0] - 1].norm) <= said:
                # «Валентина меня зовут», «лев меня зовут» (not «здравствуйте глеб меня зовут пётр»: the
                # operator's name said back)
                names |= name_lemmas(words[pos[0] - 1].norm)
            given = set()
            for w in words[pos[-1] + 1:pos[-1] + 1 + reach]:
                # (after «это»/«я» a coined word with a guessed name reading is a company: «это стройлайн»,
                # and a word read first as a verb is no name: «я найду других», «я иду в суд»)
                if reach > 1 or (is_known(w.norm) and w.pos != "VERB"):
                    given |= name_lemmas(w.norm)
            nxt = pos[-1] + 1
            asked_back = pos[0] > 0 and words[pos[0] - 1].norm == "как"   # «какая разница, как меня зовут»
            if reach > 1 and not given and not asked_back and nxt < len(words) and clause[nxt] == clause[pos[-1]] and (
                    _unknown_name(words[nxt]) or _common_noun_name(words[nxt])) and \
                    not _name_keys(words[nxt].norm) <= said:
                # «меня зовут Дарима, хочу …»: a name the dictionary lacks, read as a noun or a participle,
                # or a name that is a common noun too («меня зовут Алмаз»)
                given = {words[nxt].norm}
            if len(pos) == 1 and pos[0] >= 2 and words[pos[0]].norm == "зовут" and words[pos[0] - 2].norm == "меня" \
                    and (_unknown_name(words[pos[0] - 1]) or _common_noun_name(words[pos[0] - 1])) and \
                    not _name_keys(words[pos[0] - 1].norm) <= said:
                given |= {words[pos[0] - 1].norm}   # «Меня Алмаз зовут» (a known name is read above)
            names |= given
            after = words[nxt] if nxt < len(words) else None
            if reach == 1 and nxt + 1 < len(words) and (name_lemmas(after.norm) or (
                    after.pos == "NPRO" and "datv" in after.grammemes) or (
                    after.pos == "NOUN" and "anim" in after.grammemes)):
                # the patronymic or surname after the name, or the name after a pronoun or a role: «это вам
                # тамара звонит», «это архитектор павел гордеев»
                names |= name_lemmas(words[nxt + 1].norm)
        # a first name with a patronymic is a person's full address form: «добрый день сергей игоревич у
        # меня минута», «сергей петрович меня зовут»; not the operator's own, said back («ясный вид виктор
        # степанович» — «здравствуйте виктор степанович»)
        for k in range(1, len(words)):
            if "Patr" in words[k].grammemes and name_lemmas(words[k - 1].norm) and \
                    not name_lemmas(words[k - 1].norm) <= said:
                names |= name_lemmas(words[k - 1].norm) | name_lemmas(words[k].norm)
            elif "Patr" in words[k].grammemes and _unknown_name(words[k - 1]) and \
                    not _name_keys(words[k - 1].norm) <= said:
                # «это баярма дашиевна»: a name the dictionary lacks, before a patronymic
                names |= {words[k - 1].norm} | name_lemmas(words[k].norm)
        # a written clause that is only a name: «Адрес Зелёная 4-56, Светлана», «Ольга Петровна.» (not
        # the operator's own name said back)
        if clause and clause[-1] != clause[0]:  # (more than one clause)
            parts: dict[int, list] = {}
            for w, k in zip(words, clause):
                parts.setdefault(k, []).append(w)
            for c, part in parts.items():
                # (or a name and a surname: «Председатель ГСК, Слава Кондратьев.»)
                if len(part) <= 2 and c != clause[0] and name_lemmas(part[0].norm) and is_known(part[0].norm) and all(
                        name_lemmas(w.norm) or "Surn" in w.grammemes for w in part) and \
                        not name_lemmas(part[0].norm) <= self._names_before[turn.index]:
                    names |= {n for w in part for n in name_lemmas(w.norm)}
        return frozenset(names)

    @cached_property
    def _first_client_turn(self) -> int | None:
        return next((t.index for t in self.t.turns if t.speaker == "client"), None)

    @cached_property
    def _names_before(self) -> list[frozenset[str]]:
        """Per turn, the names in the operator's turns before it (the operator's own, said in the opening)."""
        out, seen = [], frozenset()
        for turn in self.t.turns:  # one pass: the names of the operator's turns so far, per turn
            out.append(seen)
            if turn.speaker == "operator":
                seen = seen | {n for w in self.words[turn.index][0] for n in name_lemmas(w.norm)}
        return out

    def number_runs(self, turn: int) -> list[tuple[int, int, str]]:
        """(first word, last word, digits) of the numbers said in a turn (nlp/numbers.py)."""
        runs = self._runs.get(turn)
        if runs is None:
            words = self.words[turn][0]
            forms = keys_present(words)[1]  # (the matcher has made these sets for most turns already)
            runs = self._runs[turn] = number_runs(words) if (
                "<num>" in forms or "<phone>" in forms or not NUMBER_WORDS.isdisjoint(forms)) else []
        return runs

    def client_said(self, digits: str, turn: int) -> bool:
        """Did a client turn before ``turn`` say this number (its last 10 digits)?"""
        tail = digits[-10:]
        return any(tail in d for k in range(turn) if self.t.turns[k].speaker == "client"
                   for _, _, d in self.number_runs(k))

    @cached_property
    def first_name_turn(self) -> int | None:
        if not self.client_names:
            return None
        return next((t.index for t in self.t.turns if t.speaker == "client" and self.names_in(t.index)), None)

    @cached_property
    def holds(self) -> list[Hold]:
        out = []
        limits = self.rb.hold
        turns = self.t.turns
        for k, i in enumerate(self.ops[:-1]):
            back = self.ops[k + 1]
            # the hold starts when the request ends, or the client's reply to it; a later «алло, вы тут?»
            # from the client does not end it
            t0 = turns[i + 1].end if i + 1 < back else turns[i].end
            t1 = turns[back].start
            seconds = t1 - t0 if t0 is not None and t1 is not None else None
            # a hold is asked for («подождите, я уточню»), or announced as the turn's last words («щас гляну
            # график»), or shows in the thanks for waiting that opens the operator's next turn («…посмотрю
            # свободного мастера» — «спасибо за ожидание, …»; thanks for patience in the closing turn are not
            # a hold), or in the timestamps: a long silence while the client waits («минуту, программа
            # грузится» and 40 s of nothing)
            asked = (self.has("hold_request", i) or self.has("hold_announce", i)
                     or (back != self.ops[-1] and "hold_return" in self.rb.phrases
                         and any(pos[0] < 6 for pos in self.find("hold_return", back))))
            # (a silence: the client says no more than a short «алло?» in it)
            if not asked and (seconds is None or seconds < limits.silence_seconds or
                              self._speech(i + 2, back) > limits.min_seconds):
                continue
            if seconds is not None and seconds < limits.min_seconds:
                continue  # the operator went straight on: no one waited
            out.append(Hold(i, back, seconds))
        return out

    def _speech(self, first: int, stop: int) -> float:
        """Seconds of talk in turns first..stop-1 (a client's «алло?» during a hold)."""
        return sum(t.end - t.start for t in self.t.turns[first:stop] if t.start is not None and t.end is not None)


def greeting(c: Context):
    return c.has("greeting", c.ops[0])


def _brand(c: Context, turn: int) -> bool:
    """A company name: «quoted», a coined word that is not in the dictionary and not a name, or (in a
    written turn) a capitalised word inside a sentence that is not a name («Поддержка Домовито»)."""
    text = c.t.turns[turn].text
    if "«" in text or '"' in text:
        return True
    words = c.words[turn][0]
    # a coined word may get a guessed name reading («собирайка»): it is the company when a known name
    # in the turn is the operator's («собирайка добрый день меня зовут алина»)
    known_name = any(is_known(w.norm) and name_lemmas(w.norm) for w in words)
    intro = c.covered("intro_words", turn)   # «Приветик!» is no company
    # nor is the operator's own name the dictionary lacks: «Меня зовут Зарни.»
    intro = intro | {pos[-1] + 1 for pos in c.find("self_name", turn)}
    return any(k not in intro and w.kind == "word" and len(w.norm) >= 5 and w.norm.isalpha() and (
        (not is_known(w.norm) and (known_name or not name_lemmas(w.norm))) or (
            not name_lemmas(w.norm) and k > 0 and w.text[:1].isupper()
            and not text[:w.start].rstrip().endswith((".", "!", "?"))))
        for k, w in enumerate(words))


def _described_company(c: Context, turn: int) -> bool:
    """The opening sentence's words beside greeting, name and intro words: «тёплый дом», «мастер на
    час» (not the answer after it: «Добрый день, Геннадий. Скорее всего, срабатывает УЗО»)."""
    words = c.words[turn][0]
    intro = c.covered("intro_words", turn)
    # the opening: sentences up to the first one with more than greeting words («Добрый день!
    # ЭлектроДом, Сергей.»)
    end = len(c.t.turns[turn].text)
    for m in _SENTENCE_END.finditer(c.t.turns[turn].text):
        # (a name in it is the client addressed: «Здравствуйте, Елена! Опора Дом, Жанна.»)
        if any(i not in intro and not (name_lemmas(w.norm) & c.client_names) for i, w in enumerate(words)
               if w.start < m.start()):
            end = m.start()
            break
    # (nor the call's purpose after «по»: «это рамиль укладчик по вашей заявке на ламинат»)
    end = min([end] + [w.start for w in words if w.norm == "по" and w.pos == "PREP"])
    return any(i not in intro and w.start < end and (
        (w.pos in ("NOUN", "ADJF") and not name_lemmas(w.norm)) or
        # a name with a number, read as one number token: «Ограда-62»
        (w.kind == "num" and sum(ch.isalpha() for ch in w.text) >= 3))
        for i, w in enumerate(words))


_SENTENCE_END = re.compile(r"[.!?)]+(?=\s|$)")


def _operator_named(c: Context, turn: int) -> bool:
    """A name in the turn that is not the client's («Лидочка, привет!»): a noun of three letters or
    more (not «чё», read as the name «Че», nor «сами»), not a greeting («Приветик»); or a name the
    dictionary lacks or misreads, placed where a name stands (`_named_by_place`)."""
    intro = c.covered("intro_words", turn)
    words = c.words[turn][0]
    return any(len(w.norm) >= 3 and w.pos in ("NOUN", None) and k not in intro and name_lemmas(w.norm) - c.client_names
               and not _part_of_company(words, k, intro)
               for k, w in enumerate(words)) or _named_by_place(c, turn, words, intro)


def _part_of_company(words, k: int, intro) -> bool:
    """A name only guessed for a word the dictionary lacks, beside a common noun or adjective, is a
    word of the company's name: «лайт декор слушаю» (not «оператор Намжил»: a role names a person)."""
    if is_known(words[k].norm):
        return False
    return any(0 <= j < len(words) and j not in intro and words[j].pos in ("NOUN", "ADJF")
               and words[j].norm not in _ROLES and is_known(words[j].norm) and not name_lemmas(words[j].norm)
               for j in (k - 1, k + 1))


def _named_by_place(c: Context, turn: int, words, intro) -> bool:
    text = c.t.turns[turn].text
    for k, w in enumerate(words):
        if not k or len(w.norm) < 3 or w.kind != "word":
            continue
        # a word the dictionary lacks after the role, whatever the guess: «оператор Намжил», «оператор Сарнай»
        if words[k - 1].norm in _ROLES and w.norm.isalpha() and not is_known(w.norm):
            return True
        if k in intro or not w.text[:1].isupper() or _name_keys(w.norm) & c.client_names:
            continue
        before = text[:w.start].rstrip()
        # written, a capitalised word right after the quoted company: «„Муравей-Переезд“, Лиана»
        if w.pos in _NAME_SLOT and before.endswith(("»,", '",', "“,")):
            return True
        # or one the dictionary lacks after the company's words and a comma («Тёплый балкон, Атнер.»),
        # not the company itself («Здравствуйте, ЮгЗащита»)
        if before.endswith(",") and not is_known(w.norm) and w.text[1:].islower() and any(
                j not in intro and x.kind == "word" for j, x in enumerate(words[:k])):
            return True
    return False


def introduction(c: Context):
    first = c.ops[:2]
    named = c.any_op("self_name", first) or _operator_named(c, c.ops[0])
    return named and (c.any_op("company", first) or _brand(c, c.ops[0]) or _described_company(c, c.ops[0]))


def asked_name(c: Context):
    if c.any_op("asked_name", c.ops):
        return True
    second = c.ops[1] if len(c.ops) > 1 else len(c.t.turns)
    if c.first_name_turn is not None and c.first_name_turn < second:
        return None
    return False


def used_name(c: Context):
    if not c.client_names or c.first_name_turn is None:
        return None
    return any(i > c.first_name_turn and c.addresses(i) for i in c.ops)


def hold_etiquette(c: Context):
    if not c.holds:
        return None
    starts = {h.turn for h in c.holds}
    backs = {h.back for h in c.holds}
    # a return that puts the client on hold again is a check-in (7.2.4): permission is asked before the
    # first hold of such a chain, and a check-in may not just order a wait («подождите ещё»); thanks are
    # due when talk resumes (7.2.6)
    # (a check-in that orders a wait with the apology 7.2.4 recommends is polite: «прошу прощения, график
    # ещё грузится, подождите ещё немного»)
    return all((c.has("hold_permission", h.turn) or (h.turn in backs and (
        not c.has("hold_order", h.turn) or c.has("hold_apology", h.turn))))
               and h.back is not None and (h.back in starts or c.has("hold_thanks", h.back)) for h in c.holds)


def offered_more_help(c: Context):
    return c.any_op("offered_more_help", c.ops[-3:])


def thanked(c: Context):
    return c.any_op("thanked", c.ops[-2:])


def farewell(c: Context):
    return c.any_op("farewell", c.ops[-2:])


CHECKS = [greeting, introduction, asked_name, used_name, hold_etiquette, offered_more_help, thanked, farewell]


def hold_overruns(c: Context) -> list[tuple[int, str, float]]:
    """(return turn, reason, seconds) for each hold that broke a limit."""
    limits, total, crossed, out = c.rb.hold, 0.0, False, []
    for h in c.holds:
        if h.seconds is None or h.back is None:
            continue
        total += max(h.seconds, 0.0)
        if h.seconds > limits.max_single_seconds:
            out.append((h.back, f"no return to the client for {h.seconds:.0f} s "
                                f"(limit {limits.max_single_seconds:.0f} s)", h.seconds))
        elif total > limits.max_total_seconds and not crossed:
            out.append((h.back, f"{total:.0f} s on hold in total (limit {limits.max_total_seconds:.0f} s)", total))
        crossed = crossed or total > limits.max_total_seconds
    return out
