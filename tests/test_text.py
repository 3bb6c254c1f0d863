"""nlp/text.py and nlp/morph.py: normalisation, tokens, lemmas, spans."""
import pytest

from nlp import morph
from nlp.text import ACRO, HOTLINE, LETTER, analyze


@pytest.mark.parametrize("text, lemmas", [
    ("Мастер не пришёл!", ["мастер", "не", "прийти"]),
    ("ПЕРЕНЕСИТЕ ВИЗИТ", ["перенести", "визит"]),
    ("ещё раз спасибо", ["еще", "раз", "спасибо"]),
    ("щас приеду", ["сейчас", "приехать"]),
    ("мастир ни пришол", ["мастир", "ни", "пришол"]),  # typos still get a (guessed) lemma
    ("ма\u200bстер", ["мастер"]),  # zero-width space dropped from the norm
    ("мaстер", ["мастер"]),  # Latin 'a' inside a Cyrillic word folded
])
def test_lemmas(text, lemmas):
    assert analyze(text).lemmas == lemmas


@pytest.mark.parametrize("text, norm", [
    ("звоните +7 (900) 123-45-67", "<phone>"),
    ("звоните 89001234567", "<phone>"),
    ("пишите на test.user@mail.ru", "<email>"),
    ("смотрите https://example.ru/a?b=1", "<url>"),
    ("заплатил 2500р", "<num>"),
    ("заявка №А-18273", "<num>"),
    ("спасибо)))", "<smile>"),
    ("опять сломалось :(", "<sad>"),
    ("мастер супер 👍", "<smile>"),
    ("ужас 😡", "<sad>"),
])
def test_placeholders(text, norm):
    assert norm in analyze(text).normalized.split()


def test_spans_point_into_the_original_text():
    text = "Здравствуйте!  Мастер  Иван не пришёл 12.03, звоните +7 900 123 45 67 :("
    for t in analyze(text).tokens:
        assert text[t.start:t.end] == t.text


def test_normalized_is_lower_case_and_yo_folded():
    assert analyze("ЁЛКИ Зелёные").normalized == "елки зеленые"


def test_grammemes_come_from_pymorphy():
    toks = analyze("подожди понимаешь подождите").tokens
    assert {"impr", "sing"} <= toks[0].grammemes
    assert {"2per", "sing"} <= toks[1].grammemes
    assert "plur" in toks[2].grammemes


@pytest.mark.parametrize("text, acronyms", [
    ("подаю ИВП через ЕС ОрВД", ["ИВП", "ЕС"]),           # capitals; a mixed-case word is left alone
    ("ну ШУ в техпомещении, там МОП", ["ШУ", "МОП"]),      # «шу» is a word of pymorphy3's, read as indeclinable
    ("ПОКА НЕ ЗНАЮ, ВЫ ПОДОЖДИТЕ", []),                   # shouted words are no acronyms
    ("ркф отвалилось дк не замыкается", ["ркф", "дк"]),    # speech recognition writes them in lower case
    ("мастер в пути, сделаем за день", []),
    ("SDE на банкет", []),                                  # Latin capitals are left alone
    ("СМС придёт", ["СМС"]),                                # everyday ones too: the rules' `unless` lists them
    ("грузим по упэдэ а не по тэтээн", ["упэдэ", "тэтээн"]),  # spelled out in one word
    ("хаха ахаха это эстафета", []),                        # laughter, and dictionary words made of letters' names
])
def test_acronym_shaped_words_get_the_acro_pseudo_grammeme(text, acronyms):
    assert [t.text for t in analyze(text).tokens if ACRO in t.grammemes] == acronyms


def test_letter_names_get_the_letter_pseudo_grammeme():
    toks = analyze("ставит бэ гэ, ЭС и эстафета").tokens
    assert [t.text for t in toks if LETTER in t.grammemes] == ["бэ", "гэ", "ЭС"]


@pytest.mark.parametrize("text, hotlines", [
    ("звоните 8 800 555 35 35, там оформят", [True]),
    ("наша линия +7 (800) 100-20-30", [True]),
    ("звоните 88005553535 или +78001002030", [True, True]),   # written together: the code is still «800»
    ("мой 8 916 555 35 35", [False]),                       # a mobile
    ("мой 89165553535, а не 8 880 555 35 35", [False, False]),   # «880» is no toll-free code
    ("городской 8 (800) — нет, 8 812 300 40 50", [False]),   # «800» alone is no phone; the phone is a city one
])
def test_a_written_toll_free_number_gets_the_hotline_pseudo_grammeme(text, hotlines):
    assert [HOTLINE in t.grammemes for t in analyze(text).tokens if t.kind == "phone"] == hotlines


def test_empty_and_punctuation_only():
    assert analyze("").tokens == ()
    assert analyze("   ").lemmas == []
    assert analyze("!!! ...").lemmas == []


def test_long_word_is_not_sent_to_pymorphy():
    word = "а" * 100_000
    (tok,) = analyze(word).tokens
    assert tok.lemma == word and tok.end == 100_000


def test_rejects_non_string():
    with pytest.raises(TypeError, match="expected text as str"):
        analyze(None)


def test_morph_cache_is_shared():
    morph.parse("кран")
    before = morph.cache_info().hits
    morph.parse("КРАН")
    assert morph.cache_info().hits == before + 1


@pytest.mark.parametrize("word, names", [
    ("Надежда", {"надежда"}), ("анна", {"анна"}), ("петровна", {"петрович"}), ("кран", set()),
])
def test_name_lemmas(word, names):
    assert set(morph.name_lemmas(word)) == names


@pytest.mark.parametrize("text, token", [
    ("Бл*, кофе пролила", "Бл*"), ("могу, бл*.", "бл*"), ("это ж***, застрянем", "ж***"), ("прос*ал", "прос*ал"),
])
def test_a_swear_word_masked_at_its_end_stays_one_token(text, token):
    assert token in [t.text for t in analyze(text).tokens]


def test_a_footnote_mark_after_an_ordinary_word_is_split_off():
    assert [t.text for t in analyze("500 руб*").tokens][-2:] == ["руб", "*"]


@pytest.mark.parametrize("text, expected", [
    ("privet! eto Anya", "привет! это аня"),
    ("Katya. a vyezd platnyi?", "катя. а выезд платный?"),
    ("menya zovut Zhenya", "меня зовут женя"),
    ("Мастер приедет, Bosch", None),   # mostly Cyrillic: left alone
])
def test_cyrillic_reads_russian_written_in_latin_letters(text, expected):
    from nlp.text import cyrillic
    assert cyrillic(text) == expected


@pytest.mark.parametrize("word, pos", [("слесарь", "NOUN"), ("знахарь", "NOUN"), ("подожди", "VERB"), ("стой", "VERB")])
def test_a_tie_between_an_imperative_and_a_nominative_noun_is_the_noun(word, pos):
    assert morph.parse(word).pos == pos


@pytest.mark.parametrize("word, pos", [("ори", "VERB"), ("накипи", "NOUN"), ("двери", "NOUN")])
def test_a_tie_between_a_place_name_in_an_oblique_case_and_an_imperative_is_the_imperative(word, pos):
    assert morph.parse(word).pos == pos
