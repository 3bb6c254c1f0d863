"""nlp/transcript.py: both input forms, and errors that name the field."""
import pytest

from nlp.transcript import TranscriptError, parse_transcript


def test_prefixed_text_in_all_spellings():
    t = parse_transcript("Оператор: Добрый день\nклиент: здравствуйте\nО: слушаю\nК: да\nOperator: ok\nClient: hi")
    assert [x.speaker for x in t.turns] == ["operator", "client"] * 3
    assert t.turns[0].text == "Добрый день"


def test_continuation_lines_join_the_turn_above():
    t = parse_transcript({"id": 7, "text": "Оператор: первая строка\nвторая строка\nКлиент: да"})
    assert t.turns[0].text == "первая строка\nвторая строка"
    assert t.id == 7


def test_json_turns_with_times():
    t = parse_transcript({"id": "c1", "channel": "call", "operator_id": 42,
                          "turns": [{"speaker": "operator", "text": "алло", "start": 0, "end": 1.5}]})
    assert t.turns[0].end == 1.5 and t.operator_id == "42" and t.channel == "call"


@pytest.mark.parametrize("obj, field", [
    ({"turns": [{"speaker": "bot", "text": "x"}]}, r"turns\[0\]\.speaker"),
    ({"turns": [{"speaker": "operator", "text": ""}]}, r"turns\[0\]\.text: empty"),
    ({"turns": [{"speaker": "operator", "text": 5}]}, r"turns\[0\]\.text: expected a string"),
    ({"turns": [{"speaker": "operator", "text": "x", "start": "soon"}]}, r"turns\[0\]\.start"),
    ({"turns": [{"speaker": "operator", "text": "x", "start": 5, "end": 1}]}, r"turns\[0\]\.end"),
    ({"turns": [{"speaker": "client", "text": "алло"}]}, "no operator turn"),
    ({"turns": []}, "no turns"),
    ({"turns": "abc"}, "turns: expected a list"),
    ({"text": "просто текст без префиксов"}, "speaker prefix"),
    ({"id": [1], "text": "Оператор: да"}, "id: expected"),
    ({"foo": 1}, "expected a 'turns' list or a 'text'"),
    (17, "expected an object or a string"),
])
def test_errors_name_the_field(obj, field):
    with pytest.raises(TranscriptError, match=field):
        parse_transcript(obj)


def test_error_messages_do_not_quote_the_text():
    with pytest.raises(TranscriptError) as info:
        parse_transcript({"text": "Иванов Иван Иванович, паспорт 1234"})
    assert "Иванов" not in str(info.value)


def test_each_turn_is_analysed_once():
    t = parse_transcript("Оператор: Добрый день\nКлиент: Мастер не пришёл")
    assert len(t.analyses) == 2 and t.analyses[1].lemmas == ["мастер", "не", "прийти"]
