"""Benchmark load built from the project's own corpora (never training data).

Appeals are whole corpus texts, sometimes two or three of the same label joined
into one longer appeal; transcripts keep a gold transcript's opening and closing
and fill the middle with whole operator/client turn pairs sampled from other gold
transcripts, re-timed so that every turn keeps its length and the gap before it.
Everything is seeded: the same arguments give the same load.

>>> len(appeals(3, seed=1)), len(transcripts(2, turns=20)[0]["turns"])
(3, 20)
"""
from __future__ import annotations

import json
import random
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpora" / "appeals.jsonl"
GOLD = ROOT / "corpora" / "transcripts" / "gold_dev.jsonl"
FALLBACK_OPERATOR = Path(__file__).resolve().parent / "operator_turns.txt"

JOIN_ODDS = ((1, 0.70), (2, 0.25), (3, 0.05))  # texts per appeal, and how often
CHARS_PER_SECOND = 15.0  # speaking rate for turns that carry no timing
GAP_SECONDS = 0.5


def _read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@lru_cache(maxsize=4)
def _by_label(corpus: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in _read_jsonl(corpus):
        out.setdefault(row["label"], []).append(row["text"])
    return out


def appeals(n: int, seed: int = 0, corpus: Path = CORPUS) -> list[dict]:
    """``n`` labelled appeals ``{"id", "text", "label"}``, labels in the corpus's proportions."""
    if n < 0:
        raise ValueError(f"expected a non-negative count, got {n}")
    by_label = _by_label(Path(corpus))
    labels = sorted(by_label)
    weights = [len(by_label[lab]) for lab in labels]
    rng = random.Random(seed)
    counts, odds = [k for k, _ in JOIN_ODDS], [p for _, p in JOIN_ODDS]
    out = []
    for i in range(n):
        label = rng.choices(labels, weights)[0]
        k = rng.choices(counts, odds)[0]
        text = " ".join(rng.choice(by_label[label]) for _ in range(k))
        out.append({"id": f"a{i:06d}", "text": text, "label": label})
    return out


def _fallback_dialogues(corpus: Path) -> list[list[dict]]:
    """Without gold transcripts: operator lines from the bench file, client turns from appeals."""
    ops = [line.strip() for line in FALLBACK_OPERATOR.read_text(encoding="utf-8").splitlines()
           if line.strip() and not line.startswith("#")]
    clients = [t for texts in _by_label(Path(corpus)).values() for t in texts]
    rng = random.Random(0)
    return [[turn for j in range(6) for turn in ({"speaker": "operator", "text": ops[(i + j) % len(ops)]},
                                                 {"speaker": "client", "text": rng.choice(clients)})]
            for i in range(len(ops))]


@lru_cache(maxsize=4)
def _dialogues(gold: Path, corpus: Path) -> tuple:
    if gold.is_file():
        return tuple(row["turns"] for row in _read_jsonl(gold) if len(row["turns"]) >= 4)
    return tuple(_fallback_dialogues(corpus))


def _pairs(dialogues) -> list[tuple[dict, dict, float | None]]:
    """Operator turn + the client's answer, with the gap before the operator turn when timed."""
    out = []
    for turns in dialogues:
        for k in range(1, len(turns) - 2):
            a, b = turns[k], turns[k + 1]
            if a["speaker"] == "operator" and b["speaker"] == "client":
                prev_end = turns[k - 1].get("end")
                gap = a["start"] - prev_end if a.get("start") is not None and prev_end is not None else None
                out.append((a, b, gap))
    return out


def _retime(turns: list[tuple[dict, float | None]]) -> list[dict]:
    out, clock = [], 0.0
    for turn, gap in turns:
        if turn.get("start") is not None and turn.get("end") is not None:
            length = turn["end"] - turn["start"]
        else:
            length = len(turn["text"]) / CHARS_PER_SECOND
        start = clock + (gap if gap is not None and gap >= 0 else GAP_SECONDS)
        clock = start + length
        out.append({"speaker": turn["speaker"], "text": turn["text"],
                    "start": round(start, 2), "end": round(clock, 2)})
    return out


def transcripts(n: int, turns: int = 20, seed: int = 0, gold: Path = GOLD, corpus: Path = CORPUS) -> list[dict]:
    """``n`` transcripts ``{"id", "channel", "turns"}`` of ``turns`` turns (at least 4) each."""
    if n < 0 or turns < 4:
        raise ValueError(f"expected n >= 0 and turns >= 4, got n={n}, turns={turns}")
    dialogues = _dialogues(Path(gold), Path(corpus))
    pairs = _pairs(dialogues)
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = rng.choice(dialogues)
        head, tail = base[:2], base[-2:]
        middle: list[tuple[dict, float | None]] = []
        while len(middle) < turns - 4:
            op, client, gap = rng.choice(pairs)
            middle += [(op, gap), (client, None)]
        body = [(t, None) for t in head] + middle[:turns - 4] + [(t, None) for t in tail]
        out.append({"id": f"t{i:06d}", "channel": "call", "turns": _retime(body)})
    return out


def _new_pattern(pattern: str, rng: random.Random, vocab: list[str]) -> str:
    """The same shape (elements, alternatives, regexes, grammemes) with other words in it."""
    out, changed = [], False
    for el in pattern.split():
        alts = el.split("|")
        if all(a.isalpha() for a in alts):
            out.append("|".join(rng.choice(vocab) for _ in alts))
            changed = True
        else:
            out.append(el)
    if not changed:  # a regex or grammeme pattern: anchor the copy on a word so it is a new pattern
        out.insert(0, rng.choice(vocab))
    return " ".join(out)


def scaled_rules(rulebook_yaml: str, factor: int, seed: int = 0, corpus: Path = CORPUS,
                 base_dir: Path | None = None) -> str:
    """The rulebook's YAML with ``factor``× as many rules.

    Each extra rule copies a real one (window, order, exclusions) with new lemma
    patterns of the same shape: every plain word is replaced by a word of the
    appeals corpus, so the new patterns spread over many index keys and match now
    and then, like real ones. With ``base_dir`` (the rulebook's folder) the files
    the rulebook names are given as paths from there.
    """
    import yaml

    if factor < 1:
        raise ValueError(f"expected a factor >= 1, got {factor}")
    spec = yaml.safe_load(rulebook_yaml)
    rules = spec["rules"]
    vocab = sorted({w for texts in _by_label(Path(corpus)).values() for t in texts
                    for w in t.lower().split() if w.isalpha() and len(w) > 3})
    rng = random.Random(seed)
    lemma_rules = [r for r in rules if r.get("patterns")]  # rules learned from examples are not copied
    extra = []
    for k in range((factor - 1) * len(rules)):
        src = lemma_rules[k % len(lemma_rules)]
        extra.append({**src, "id": f"{src['id']}.x{k}",
                      "patterns": [_new_pattern(p, rng, vocab) for p in src["patterns"]]})
    spec["rules"] = rules + extra
    if base_dir is not None:  # files the rulebook names (learned rules' examples) stay where they are
        for r in spec["rules"]:
            if r.get("examples"):
                ex = r["examples"]  # one file or a list of files
                r["examples"] = str(Path(base_dir) / ex) if isinstance(ex, str) else [str(Path(base_dir) / e) for e in ex]
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
