"""Hypothesis strategies shared by the fuzz tests: any Unicode, biased towards what breaks text code.

Plain ``st.text()`` rarely produces Russian words that fire rules, zero-width or bidi marks,
Latin look-alikes inside Cyrillic words, lone surrogates (legal in a Python ``str``, and in
JSON as ``"\\ud800"``) or the punctuation runs that slow tokenizers down, so the alphabet
mixes all of them with the whole of Unicode.
"""
from __future__ import annotations

from hypothesis import strategies as st

RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
LOOKALIKES = "aceopxykmthbACEOPXYKMTHB"
INVISIBLE = ("\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
             "\ufeff\u00ad\u2060\u034f\u180e")
CONTROL = "\x00\x01\x07\x08\x1b\x1c\x1d\x1e\x1f\x7f\x85\u2028\u2029\r\n\t\x0b\x0c \u00a0\u3000"
PUNCT = ".,!?;:()-—–…«»\"'/*@#$%&+=<>[]{}|\\~^_`№"
EMOJI = ["😀", "😡", "👍", "🙏", "❤️", "⭐️", "🇷🇺", "👨‍👩‍👧", "🤦🏽‍♀️", "✅", ":)", ":(", ")))", "(("]

# Words and phrases that fire rules and checklist items (so spans are really checked),
# placeholders (phone, e-mail, URL) and names.
VOCABULARY = [
    "здравствуйте", "добрый день", "компания", "ДомСервис", "меня зовут Анна", "как к вам обращаться",
    "Иван Петрович", "подождите", "можете подождать", "спасибо за ожидание", "ещё вопросы", "спасибо",
    "до свидания", "всего доброго", "ну", "короче", "ты", "понимаешь", "нет", "нельзя", "никогда", "щас",
    "не знаю", "ничем не могу помочь", "это ваши проблемы", "мой личный номер", "напрямую", "блин", "вот",
    "пока", "значит", "типа", "УЗО", "дифавтомат", "у нас вечно бардак", "х*р", "бл@", "привет", "окей",
    "мастер", "не пришёл", "жду с утра", "перенесите визит", "+7 (900) 123-45-67", "89001234567",
    "test.user@mail.ru", "https://example.ru/a?b=1", "www.x.ru", "2500р", "№А-18273", "т.е.", "канд. техн. наук",
    "мaстер", "пoдoждите", "ма\u200bстер", "к\u0301омпания",
]


def _chars():
    return st.one_of(
        st.characters(),  # the whole of Unicode except surrogates
        st.characters(categories=["Cs"]),  # lone surrogates
        st.sampled_from(RUSSIAN), st.sampled_from(RUSSIAN), st.sampled_from(LOOKALIKES),
        st.sampled_from(INVISIBLE), st.sampled_from(CONTROL), st.sampled_from(PUNCT),
    )


def texts(max_size: int = 200):
    """Any Unicode string, often made of rule-firing words glued with odd characters."""
    raw = st.text(alphabet=_chars(), max_size=max_size)
    piece = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(EMOJI), raw.map(lambda s: s[:20]))
    glue = st.sampled_from([" ", " ", " ", ", ", ". ", "\n", "\u200b", "", "  ", "!", " - ", "\u00a0"])
    phrases = st.lists(st.tuples(piece, glue), max_size=max_size // 8).map(
        lambda parts: "".join(p + g for p, g in parts))
    runs = st.tuples(st.sampled_from(PUNCT + "а1 "), st.integers(1, 500)).map(lambda t: t[0] * t[1])
    return st.one_of(raw, phrases, phrases, runs)


SPEAKERS = ["operator", "client", "Оператор", "КЛИЕНТ", "о", "к", " operator ", "op", "customer", "bot", ""]

seconds = st.one_of(st.none(), st.integers(-5, 10_000), st.floats(allow_nan=True, allow_infinity=True),
                    st.booleans(), st.text(max_size=3))


def turns(max_turns: int = 12):
    turn = st.fixed_dictionaries(
        {"speaker": st.one_of(st.sampled_from(SPEAKERS), st.text(max_size=5)), "text": texts(120)},
        optional={"start": seconds, "end": seconds})
    return st.lists(turn, max_size=max_turns)


def phrases(max_words: int = 30):
    """Mostly rule-firing words and phrases, glued with punctuation, odd spaces and invisible characters."""
    piece = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(VOCABULARY), st.sampled_from(EMOJI),
                      st.text(alphabet=_chars(), max_size=6))
    glue = st.sampled_from([" ", " ", " ", ", ", ". ", "! ", "? ", "\n", "\u200b", "", " - ", "\u00a0", "\u202e"])
    return st.lists(st.tuples(piece, glue), min_size=1, max_size=max_words).map(
        lambda parts: "".join(p + g for p, g in parts))


def valid_turns(max_turns: int = 10):
    """Turns the parser accepts (a few it refuses), so that the scorer really runs."""
    time = st.one_of(st.none(), st.floats(0, 600, allow_nan=False))
    turn = st.fixed_dictionaries({"speaker": st.sampled_from(["operator", "operator", "client", "Оператор", "к"]),
                                  "text": phrases()}, optional={"start": time, "end": time})
    return st.lists(turn, min_size=1, max_size=max_turns)


def transcripts():
    """Transcripts in every form the scorer accepts, and many it must refuse cleanly."""
    prefixed = st.lists(st.tuples(st.sampled_from(["Оператор", "Клиент", "О", "К", "operator", "client", "Х"]),
                                  st.sampled_from([":", "：", " :", ""]), texts(100)), max_size=10).map(
        lambda ls: "\n".join(f"{s}{c} {t}" for s, c, t in ls))
    json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
                               lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6),
                                                                                            inner, max_size=4),
                               max_leaves=12)
    ids = st.one_of(st.none(), st.integers(), st.text(max_size=10), st.floats(), st.lists(st.integers(), max_size=2))
    return st.one_of(
        st.fixed_dictionaries({"turns": turns()}, optional={"id": ids, "channel": json_values,
                                                             "operator_id": json_values}),
        st.fixed_dictionaries({"text": st.one_of(prefixed, texts())}, optional={"id": ids}),
        prefixed, texts(), json_values,
        st.fixed_dictionaries({"turns": json_values}),
    )
