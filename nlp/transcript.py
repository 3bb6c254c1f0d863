"""Transcripts: parse JSON turns or «Оператор: …» text, validate, analyse once."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .text import Analysis, analyze

MAX_TURNS = 2_000
MAX_TURN_CHARS = 20_000

SPEAKERS = {
    "operator": "operator", "оператор": "operator", "о": "operator", "op": "operator",
    "client": "client", "клиент": "client", "к": "client", "customer": "client",
}
_PREFIX = re.compile(r"^\s*(оператор|клиент|operator|client|о|к)\s*[:：]\s?", re.IGNORECASE)


class TranscriptError(ValueError):
    """A transcript that cannot be scored; the message names the field."""


@dataclass(frozen=True, slots=True)
class Turn:
    index: int
    speaker: str  # operator | client
    text: str
    start: float | None = None
    end: float | None = None


@dataclass(frozen=True)
class Transcript:
    id: object
    turns: tuple[Turn, ...]
    channel: str | None = None
    operator_id: str | None = None
    analyses: tuple[Analysis, ...] = field(default=(), repr=False, compare=False)

    @property
    def operator_turns(self) -> list[Turn]:
        return [t for t in self.turns if t.speaker == "operator"]


def _number(value, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        raise TranscriptError(f"{where}: expected a non-negative number of seconds, got {value!r}")
    return float(value)


def _turn(i: int, raw, where: str) -> Turn:
    if not isinstance(raw, dict):
        raise TranscriptError(f"{where}: expected an object with 'speaker' and 'text', got {type(raw).__name__}")
    speaker = raw.get("speaker")
    if not isinstance(speaker, str) or speaker.strip().lower() not in SPEAKERS:
        # the value is not quoted: some systems put the speaker's name there
        got = f"a {len(speaker)}-character string" if isinstance(speaker, str) else type(speaker).__name__
        raise TranscriptError(f"{where}.speaker: expected 'operator' or 'client', got {got}")
    text = raw.get("text")
    if not isinstance(text, str):
        raise TranscriptError(f"{where}.text: expected a string, got {type(text).__name__}")
    if not text.strip():
        raise TranscriptError(f"{where}.text: empty text")
    if len(text) > MAX_TURN_CHARS:
        raise TranscriptError(f"{where}.text: expected at most {MAX_TURN_CHARS} characters, got {len(text)}")
    start, end = _number(raw.get("start"), f"{where}.start"), _number(raw.get("end"), f"{where}.end")
    if start is not None and end is not None and end < start:
        raise TranscriptError(f"{where}.end: {end} is before start {start}")
    return Turn(i, SPEAKERS[speaker.strip().lower()], text, start, end)


def parse_text(text: str, where: str = "text") -> list[dict]:
    """Split «Оператор: …» / «Клиент: …» lines into raw turns.

    >>> [t["speaker"] for t in parse_text("О: Добрый день\\nК: Здравствуйте")]
    ['operator', 'client']
    """
    turns: list[dict] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = _PREFIX.match(line)
        if m:
            turns.append({"speaker": SPEAKERS[m.group(1).lower()], "text": [line[m.end():]]})
        elif turns:  # a continuation line belongs to the turn above (joined once below: += was quadratic)
            turns[-1]["text"].append(line)
        else:
            # the line itself is not quoted: transcripts hold personal data (2.1.6, 2.1.8)
            raise TranscriptError(f"{where}: line {n}: expected a speaker prefix "
                                  "('Оператор:', 'Клиент:', 'О:', 'К:') at the start of the first line")
    for t in turns:
        t["text"] = "\n".join(t["text"])
    return turns


def parse_transcript(obj, default_id=None) -> Transcript:
    """Validate a transcript given as a JSON object or a bare string, and analyse its turns."""
    if isinstance(obj, str):
        obj = {"id": default_id, "text": obj}
    if not isinstance(obj, dict):
        raise TranscriptError(f"transcript: expected an object or a string, got {type(obj).__name__}")
    if "turns" in obj:
        raw_turns, where = obj["turns"], "turns"
        if not isinstance(raw_turns, list):
            raise TranscriptError(f"turns: expected a list of turns, got {type(raw_turns).__name__}")
    elif "text" in obj:
        if not isinstance(obj["text"], str):
            raise TranscriptError(f"text: expected a string, got {type(obj['text']).__name__}")
        raw_turns, where = parse_text(obj["text"]), "text"
    else:
        raise TranscriptError("transcript: expected a 'turns' list or a 'text' with speaker prefixes")
    if not raw_turns:
        raise TranscriptError(f"{where}: no turns")
    if len(raw_turns) > MAX_TURNS:
        raise TranscriptError(f"{where}: expected at most {MAX_TURNS} turns, got {len(raw_turns)}")
    turns = tuple(_turn(i, t, f"{where}[{i}]") for i, t in enumerate(raw_turns))
    if not any(t.speaker == "operator" for t in turns):
        raise TranscriptError(f"{where}: no operator turn; only the operator's words are scored")
    channel = obj.get("channel")
    if channel is not None and not isinstance(channel, str):
        raise TranscriptError(f"channel: expected a string, got {type(channel).__name__}")
    op = obj.get("operator_id")
    tid = obj.get("id", default_id)
    if tid is not None and not isinstance(tid, (str, int)):
        raise TranscriptError(f"id: expected a string or a number, got {type(tid).__name__}")
    return Transcript(tid, turns, channel, None if op is None else str(op),
                      tuple(analyze(t.text) for t in turns))
