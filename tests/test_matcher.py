"""nlp/matcher.py: lemma patterns with gaps, order changes, exact forms, regexes, grammemes."""
import pytest

from nlp.matcher import Pattern, PatternIndex, compile_elements, literal_prefix, words_of
from nlp.text import analyze


def _find(pattern: str, text: str, window=0, any_order=False, exact=False):
    p = Pattern(pattern, compile_elements(pattern, exact), window, any_order)
    words, _ = words_of(analyze(text).tokens)
    return [" ".join(words[i].text for i in pos) for _, _, pos in PatternIndex([(0, p)]).find(words)]


@pytest.mark.parametrize("pattern, text, window, any_order, found", [
    ("не знать@1per", "я не знаю", 0, False, ["не знаю"]),
    ("не знать@1per", "мы не знаем", 0, False, ["не знаем"]),
    ("не знать@1per", "вы не знаете номер?", 0, False, []),  # 2nd person: a question, not the phrase
    ("я не знать", "я, честно говоря, этого не знаю", 3, False, ["я не знаю"]),
    ("ничто не мочь помочь", "помочь ничем не могу", 2, True, ["помочь ничем не могу"]),
    ("ничто не мочь помочь", "ничем помочь не можем", 2, True, ["ничем помочь не можем"]),
    ("ничто не мочь помочь", "ничем не могу помочь", 0, False, ["ничем не могу помочь"]),
    ("это ваш проблема", "это проблемы ваши", 2, True, ["это проблемы ваши"]),
    ("это ваш проблема", "это уже ваши проблемы", 2, False, ["это ваши проблемы"]),
    ("это ваш проблема", "это проблемы ваши", 0, False, []),  # order matters without any_order
    ("=нет", "интернет не работает, кабинет закрыт", 0, False, []),
    ("=нет", "нет, мастер не придёт", 0, False, ["нет"]),
    ("@VERB,impr,sing", "подожди минуту", 0, False, ["подожди"]),
    ("@VERB,impr,sing", "подождите минуту", 0, False, []),
    ("~^бл[@*#]", "ну бл@ опять", 0, False, ["бл@"]),
    ("чем-то помочь", "могу ещё чем-то помочь?", 0, False, ["чем то помочь"]),
    # a pattern word matches every form of its lemma, whatever reading the text's word gets:
    # «частного» is read as the noun «частное», «наличными» as the noun «наличные»
    ("частный мастер", "могу подсказать частного мастера", 0, False, ["частного мастера"]),
    ("наличные на рука", "наличными ему на руки", 1, False, ["наличными на руки"]),
    ("ты", "монтажники у них те ещё халтурщики", 0, False, []),  # archaic «те» (= тебе) is left out
    # the analysis's pseudo-grammeme for acronym-shaped words (nlp/text.py)
    ("@ACRO", "сработал ПРВ на вводе, ПОКА не трогайте", 0, False, ["ПРВ"]),
    ("@ACRO", "у вас срабатывает прв на вводе", 0, False, ["прв"]),
    ("@LETTER @LETTER", "по гэ пэ ха оформлены", 0, False, ["гэ пэ", "пэ ха"]),
])
def test_patterns(pattern, text, window, any_order, found):
    assert _find(pattern, text, window, any_order) == found


def test_window_limits_inserted_words():
    assert _find("я не знать", "я правда совсем вообще ничего не знаю", 3) == []
    assert _find("я не знать", "я правда не знаю", 3) == ["я не знаю"]


def test_exact_switch_matches_forms_not_lemmas():
    assert _find("ок", "около дома", exact=True) == []
    assert _find("ок", "ок, принято", exact=True) == ["ок"]


def test_punctuation_makes_clauses():
    words, clause = words_of(analyze("да, конечно. спасибо").tokens)
    assert [w.text for w in words] == ["да", "конечно", "спасибо"]
    assert clause[0] < clause[1] < clause[2]


@pytest.mark.parametrize("bad", ["", "   ", None, "~(unclosed", "мочь@1pers", "@verb", "@acro"])
def test_bad_patterns_are_refused(bad):
    with pytest.raises(ValueError):
        compile_elements(bad)


# texts are split at hyphens, so a hyphen a pattern keeps inside one element could never match (round 8f
# found twenty-one such patterns in the rulebook, among them «~^гола-профил» and «=tcon|=t-con»)
@pytest.mark.parametrize("dead", ["~^гола-профил", "=tcon|=t-con", "~^пнд-", "~^j-(профил|к)", "мастер|офис-менеджер",
                                  "=ни =бум-бум|=бум"])
def test_patterns_asking_for_a_hyphen_inside_a_word_are_refused(dead):
    with pytest.raises(ValueError, match="can never match: texts are split at hyphens"):
        compile_elements(dead)


@pytest.mark.parametrize("pattern, text, found", [
    ("гола-профиль", "сделаем гола-профиль", ["гола профиль"]),   # a plain word is split like the text
    ("=гола ~^профил", "сделаем гола-профиль", ["гола профиль"]),
    ("~^патч-?корд", "нужен патчкорд", ["патчкорд"]),   # an optional hyphen is no hyphen
    ("~^[а-я-]+ка$", "нужна стяжка", ["стяжка"]),   # a hyphen in a class is a range or the character
])
def test_hyphens_the_tokenizer_can_see(pattern, text, found):
    assert _find(pattern, text) == found


def test_index_cost_does_not_scan_unrelated_patterns():
    pats = [(i, Pattern(f"слово{i} тест", compile_elements(f"слово{i} тест"))) for i in range(500)]
    index = PatternIndex(pats)
    words, _ = words_of(analyze("мастер придёт завтра").tokens)
    assert list(index.find(words)) == []
    assert not index._scan  # every lemma pattern is indexed, none is scanned per word


@pytest.mark.parametrize("pattern, prefix", [
    ("^грунтозацеп", "грунтозацеп"), ("^налик(ом|а)?$", "налик"), ("^тр[её]хдиск", "тр"),
    ("^ab?c", "a"),   # «b» may be absent
    ("^(на)?косяч", ""), ("бл[@*#]", ""),   # no literal start, or not anchored
    ("^пал(ит|и)ся$|^палиться$", ""), ("^a|b", ""),   # a top-level «|»: the other branch may start anywhere
    ("^ab[)]|c", ""), ("^ab[]|]c", "ab"), ("^ab\\|c", "ab"),   # brackets and escapes are read as the regex reads them
])
def test_literal_prefix_of_anchored_regexes(pattern, prefix):
    assert literal_prefix(pattern) == prefix


def test_prefix_regexes_are_indexed_and_find_the_same_words():
    sources = ["~^грунтозацеп", "~^тр[её]хдиск", "~^ab?c", "~^(на)?косяч", "~^пал(ит|и)ся$|^палиться$", "~бл[@*#]"]
    pats = [(i, Pattern(s, compile_elements(s))) for i, s in enumerate(sources)]
    index = PatternIndex(pats)
    assert len(index._scan) == 4   # the four without a literal start of two letters («^ab?c» has one)
    text = "грунтозацепы и трёхдиск, накосячили, ac и abc, палится, бл@ и трава"
    words, _ = words_of(analyze(text).tokens)
    found = sorted((pid, pos) for pid, _, pos in index.find(words))
    brute = sorted((pid, pos) for pid, p in pats for i in range(len(words)) if (pos := p.match_at(words, i)))
    assert found == brute and {pid for pid, _ in found} == set(range(6))
    # a word that only shares the first two letters («трава», «трёхдиск») is no candidate: the key
    # narrows the regexes down and each is tested once per distinct word, as the scan list is
    trava = next(w for w in words if w.norm == "трава")
    assert index._candidates((trava.lemma, trava.norm, trava.grammemes)) == ()
