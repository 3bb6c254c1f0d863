"""Score a transcript: rule findings + checklist -> score by the rulebook's formula."""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import asdict, dataclass
from itertools import chain
import re

from .checks import CHECKS, Context, hold_overruns
from .matcher import keys_present
from .rulebook import Rulebook
from .transcript import Transcript, parse_transcript


@dataclass(frozen=True, slots=True)
class Finding:
    category: str
    rule: str
    clause: str
    severity: str
    turn: int
    start: int  # character offsets inside the turn's text
    end: int
    text: str
    suggestion: str | None
    pattern: str | None = None  # which pattern fired (shown with --explain)


@dataclass(frozen=True)
class ScoreResult:
    id: object
    score: float
    passed: bool
    violations: tuple[Finding, ...]
    checklist: dict[str, bool | None]

    def to_dict(self, explain: bool = False) -> dict:
        def finding(f: Finding) -> dict:
            d = asdict(f)
            if not explain:
                d.pop("pattern")
            return d
        return {"id": self.id, "score": self.score, "passed": self.passed,
                "violations": [finding(f) for f in self.violations], "checklist": dict(self.checklist)}


def _followed(rule, words, clause, pos) -> bool:
    """Does an `unless_followed_by` pattern follow the match within `context` words?"""
    spec, last = rule.spec, pos[-1]
    for j in range(last + 1, min(len(words), last + 1 + spec.context)):
        if clause[j] != clause[last] and not spec.cross_clauses:
            break
        if any(p.match_at(words, j) for p in rule.followed):
            return True
    return False


def _excluded(rule, words, clause, pos) -> bool:
    spec = rule.spec
    first, last = pos[0], pos[-1]
    if _followed(rule, words, clause, pos):
        return True
    for j in range(max(0, first - spec.context), first):
        if clause[j] != clause[first] and not spec.cross_clauses:
            continue
        for p in rule.preceded:
            m = p.match_at(words, j)
            if m and m[-1] < first and clause[m[-1]] == clause[first]:
                return True
    if rule.unless.size:  # only matches that can overlap: scanning the whole turn per match was quadratic
        for _, _, m in rule.unless.find(words, first - rule.unless.reach, last + 1):
            if m[0] <= last and m[-1] >= first:
                return True
    return False


_DASH = re.compile(r"\s*[—–-]\s+\w")
_SENTENCE_END = re.compile(r"[.!?…](?=\s|$)")   # (not the point of «3.5»)


def _in_question(text: str, at: int) -> bool:
    """Does the sentence going on at character ``at`` end with «?» (`unless_question`)?"""
    m = _SENTENCE_END.search(text, at)
    return m is not None and m.group() == "?"


_QUOTED = re.compile(r"«[^«»]*»")


def _quoted(text: str, start: int, end: int) -> bool:
    """Do the characters ``start``–``end`` lie inside one «…» quotation (`unless_quoted`)?"""
    return "«" in text and any(m.start() < start and end < m.end() for m in _QUOTED.finditer(text))


def _also(gate, test):
    """A window gate that asks ``test`` as well as ``gate`` (None: no gate yet)."""
    return test if gate is None else (lambda a, b: test(a, b) and gate(a, b))


_DEFINED_OPENERS = frozenset(("а", "и", "ну", "вот", "так"))


def _defined(rule, text, words, clause, pos) -> bool:
    """`unless_defined`: the match opens its clause (or follows only «а», «и», «ну», «вот», «так» there)
    and a dash and a word follow it: «Топкоут — защитный лак сверху», «А пескоструй — матовый рисунок»."""
    if not rule.spec.unless_defined:
        return False
    first, last = pos[0], pos[-1]
    if first > 0 and clause[first - 1] == clause[first] and not (
            words[first - 1].norm in _DEFINED_OPENERS and (first == 1 or clause[first - 2] != clause[first])):
        return False
    return _DASH.match(text, words[last].end) is not None


def rule_findings(ctx: Context) -> list[Finding]:
    """Every rule match in the operator's turns, after exclusions; one per overlapping span."""
    rb, t = ctx.rb, ctx.t
    out: list[Finding] = []
    n_ops = len(ctx.ops)
    learned, numbers = rb.learned, rb.numbers
    last_rank: dict[str, int] = {}  # category -> the last operator turn (rank) with a finding of it
    known: set[str] = set()  # lemmas the client said or the operator explained so far (`unless_known`)
    heard = 0  # the turns whose client words are in `known`

    def follows(spec, rank) -> bool:  # a follow-up rule: a finding of `after` in the last operator turns
        return spec.after is None or rank - spec.after_turns <= last_rank.get(spec.after, -99) < rank

    company_runs = ctx.company_runs
    for rank, i in enumerate(ctx.ops):
        words, clause = ctx.words[i]
        text = t.turns[i].text
        if rb.uses_known:
            for j in range(heard, i):
                if t.turns[j].speaker == "client":
                    known.update(w.lemma for w in ctx.words[j][0])
            heard = i
        taken: list[tuple[str, int, int]] = []
        reach: dict[str, int] = {}  # category -> end of its last finding (matches come left to right)
        matches = rb.index.find(words)
        if last_rank and any(follows(r.spec, rank) for r in rb.follow_ups):  # a follow-up rule may fire
            matches = chain(matches, rb.follow_index.find(words))
        if rb.uses_known:
            # a term explained anywhere in the turn is explained for the whole turn: «с монтажом и
            # оголовками … Оголовки — это стальные площадки сверху свай» (explained: followed by one of
            # the rule's `unless_followed_by`, the definers, or defined with a dash)
            matches = list(matches)
            for rid, _, pos in matches:
                rule = rb.rules[rid]
                if rule.spec.unless_known and (_followed(rule, words, clause, pos)
                                               or _defined(rule, text, words, clause, pos)):
                    known.update(words[k].lemma for k in pos)
        for rid, pattern, pos in matches:
            rule = rb.rules[rid]
            spec = rule.spec
            if spec.last_turns is not None and rank < n_ops - spec.last_turns:
                continue
            if spec.first_turns is not None and rank >= spec.first_turns:
                continue
            if spec.after is not None and not follows(spec, rank):
                continue
            if spec.unless_known and all(words[k].lemma in known for k in pos):
                continue
            if _excluded(rule, words, clause, pos) or _defined(rule, text, words, clause, pos):
                if spec.unless_known:   # a term cleared or defined here is shared from now on
                    known.update(words[k].lemma for k in pos)
                continue
            if company_runs and all(k in ctx.company_span(i) for k in pos):   # the company's own name
                continue
            if spec.unless_quoted and _quoted(text, words[pos[0]].start, words[pos[-1]].end):
                continue
            if spec.same_sentence and _SENTENCE_END.search(text, words[min(pos)].end, words[max(pos)].start):
                continue
            start, end = words[pos[0]].start, words[pos[-1]].end
            if start < reach.get(spec.category, -1):  # overlaps a finding of its category
                continue
            reach[spec.category] = max(end, reach.get(spec.category, -1))
            taken.append((spec.category, start, end))
            out.append(Finding(spec.category, spec.id, spec.clause, spec.severity, i, start, end,
                               text[start:end], spec.suggestion, pattern.source))
        runs = ctx.number_runs(i) if numbers else ()
        for rule in numbers if runs else ():
            spec = rule.spec
            if spec.after is not None and not follows(spec, rank):
                continue
            for a, b, digits in runs:
                if not rule.digits.search(digits) or ctx.client_said(digits, i):
                    continue
                start, end = words[a].start, words[b].end
                if any(c == spec.category and s < end and start < e for c, s, e in taken) or \
                        _excluded(rule, words, clause, (a, b)):
                    continue
                taken.append((spec.category, start, end))
                out.append(Finding(spec.category, spec.id, spec.clause, spec.severity, i, start, end,
                                   text[start:end], spec.suggestion, f"digits {digits} match {spec.digits}"))
        for rule in learned:
            spec = rule.spec
            if any(c == spec.category for c, _, _ in taken):
                continue  # a pattern already found this category in the turn
            gate = None
            if rule.requires_words is not None:  # the window must hold one of the rule's required words
                need_l, need_f = rule.requires_words
                lemmas, forms = keys_present(words)
                if need_l.isdisjoint(lemmas) and need_f.isdisjoint(forms):
                    continue
                at = [k for k, w in enumerate(words) if w.lemma in need_l or w.norm in need_f]
                gate = lambda a, b, at=at: (i := bisect_left(at, a)) < len(at) and at[i] <= b  # noqa: E731
            elif rule.requires.size:  # the window must hold one of the rule's required patterns
                hits = [m for _, _, m in rule.requires.find(words)]
                if not hits:
                    continue
                gate = lambda a, b, hits=hits: any(a <= m[0] and m[-1] <= b for m in hits)  # noqa: E731
            if rule.unless.size:  # a window overlapping an exclusion is not scored («ничего не прос*ал»)
                spans = [(m[0], m[-1]) for _, _, m in rule.unless.find(words)]
                if spans:
                    gate = _also(gate, lambda a, b, spans=spans: not any(x <= b and a <= y for x, y in spans))
            if spec.unless_question and "?" in text:  # a window in a question is not scored
                gate = _also(gate, lambda a, b: not _in_question(text, words[b].end))
            best = rule.model.best_window(words, clause, gate)
            if best is None:
                continue
            p, a, b = best
            start, end = words[a].start, words[b].end
            taken.append((spec.category, start, end))
            why = ", ".join(rule.model.evidence(words[a:b + 1]))
            out.append(Finding(spec.category, spec.id, spec.clause, spec.severity, i, start, end,
                               text[start:end], spec.suggestion,
                               f"learned from {rule.model.source}: p={p:.2f} ({why})"))
        for category, _, _ in taken:
            last_rank[category] = rank
    hold = rb.hold
    for turn, reason, _ in hold_overruns(ctx):
        out.append(Finding("hold_time", "hold.limit", hold.clause, hold.severity, turn, 0, 0, "",
                           hold.suggestion, reason))
    out.sort(key=lambda f: (f.turn, f.start, f.category))
    return out


def score_transcript(transcript: Transcript, rulebook: Rulebook) -> ScoreResult:
    """Findings, checklist and score of one parsed transcript."""
    ctx = Context(transcript, rulebook)
    findings = rule_findings(ctx)
    checklist = {check.__name__: check(ctx) for check in CHECKS}
    sc = rulebook.scoring
    per_rule: dict[str, float] = {}
    for f in findings:
        per_rule[f.rule] = per_rule.get(f.rule, 0.0) + sc.severity_points.get(f.severity, 0.0)
    lost = sum(min(p, sc.max_points_per_rule) for p in per_rule.values())
    lost += sum(sc.checklist_points.get(k, 0.0) for k, v in checklist.items() if v is False)
    score = round(max(0.0, min(100.0, sc.start - lost)), 1)
    fatal = any(f.category in sc.fatal_categories for f in findings)
    return ScoreResult(transcript.id, score, score >= sc.pass_score and not fatal, tuple(findings), checklist)


def score(obj, rulebook: Rulebook, default_id=None) -> ScoreResult:
    """Parse (JSON object or «Оператор:/Клиент:» text) and score one transcript."""
    return score_transcript(parse_transcript(obj, default_id), rulebook)
