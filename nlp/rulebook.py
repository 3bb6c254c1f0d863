"""Load and validate a YAML rulebook; compile it into lemma-keyed indexes.

The rulebook is data the QA team edits: rules with their clause, severity,
patterns and suggestion; the phrase lists of the call-structure checklist; hold
limits; and the score formula. See ``nlp/rules/default.yaml``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import pattern_words
from .matcher import Pattern, PatternIndex, compile_elements
from .utterance import ExamplesError, UtteranceModel, fitted, release_key_pool

DEFAULT_RULES = Path(__file__).resolve().parent / "rules" / "default.yaml"
# LibYAML's safe loader when PyYAML was built with it (ten times faster: it counts at start-up)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

CATEGORIES = ("banned_phrase", "negative_form", "informal_address", "jargon", "slang",
              "parasite_word", "profanity", "company_criticism", "contact_exchange", "hold_time")
CHECKLIST = ("greeting", "introduction", "asked_name", "used_name", "hold_etiquette",
             "offered_more_help", "thanked", "farewell")
# phrase lists the checks read, beyond the checklist items themselves
PHRASE_LISTS = ("greeting", "company", "intro_words", "self_name", "client_self_name", "asked_name", "hold_request",
                "hold_permission", "hold_thanks", "offered_more_help", "thanked", "farewell", "hold_order",
                "hold_return", "hold_apology", "hold_announce")
OPTIONAL_LISTS = ("hold_order", "hold_return", "hold_apology", "hold_announce")  # a rulebook written before these lists came still loads
CLIENT_LISTS = ("client_self_name",)  # read on client turns only, each with its own index


class RulebookError(ValueError):
    """A rulebook that cannot be used; the message names the file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RuleSpec(_Strict):
    id: str = Field(min_length=1)
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    clause: str = Field(min_length=1)
    severity: Literal["minor", "major", "critical"] = "major"
    title: str = ""
    suggestion: str | None = None
    patterns: list[str] = []
    # JSONL of labelled operator utterances (paths relative to the rulebook): one file or a list
    examples: str | list[str] | None = None
    threshold: float = Field(0.8, gt=0, lt=1)  # probability a learned rule needs to fire
    C: float = Field(10.0, gt=0)  # inverse regularisation of the learned rule (scikit-learn's C)
    chars: float = Field(0.0, ge=0, lt=1)  # weight of a character n-gram model in a learned rule (0 = none)
    min_df: int = Field(1, ge=1)  # a learned rule's lemma n-gram counts only if this many example lines hold it
    requires: list[str] = []  # a learned rule fires only on a window holding one of these patterns
    # a regular expression over the digits of a number the operator says, in digits or in words
    # (nlp/numbers.py); a number a client turn said before is not a finding (the operator repeats it)
    digits: str | None = None
    # the rule fires only within this many operator turns after a finding of `after` (a follow-up)
    after: Literal[CATEGORIES] | None = None  # type: ignore[valid-type]
    after_turns: int = Field(3, ge=1, le=20)
    window: int = Field(0, ge=0, le=10)
    any_order: bool = False
    # the words of a match may not straddle a sentence end (. ! ? …): «о проблеме. Я передам Ваш случай»
    # holds «проблема» and «ваш» within a window, but no «ваши проблемы»
    same_sentence: bool = False
    exact: bool = False
    unless: list[str] = []
    unless_followed_by: list[str] = []
    unless_preceded_by: list[str] = []
    context: int = Field(1, ge=1, le=10)
    cross_clauses: bool = False
    # a match that opens its clause and is followed by a dash and more words is being defined, not used
    # («Топкоут — защитный лак сверху», «ЦСП — цементно-стружечная плита»): not a finding
    unless_defined: bool = False
    # a match whose words the client said earlier in the conversation, or that an earlier operator turn
    # explained (or an exclusion cleared), is a word both already share (the client said «хаб» first;
    # «илосос — это машина …» two turns before): not a finding
    unless_known: bool = False
    # a match wholly inside «…» quotes is a name or a quotation, not the operator's own words: a team
    # «Ну, погоди!», a song «Давай уедем», a voice command «Алиса, включи свет» (not for jargon: a status
    # «ожидание ЗИП» is an unexplained term all the same)
    unless_quoted: bool = False
    # a learned rule's window in a sentence that ends with «?» is a question, not a judgement (the
    # operator checking what the client said: «наш лифт работает через раз?»); speech-recognised calls
    # have no «?», so only written chats are concerned
    unless_question: bool = False
    # only the operator's first / last N turns are scored (a greeting word said in the middle of a call
    # is praise: «Здорово, Артём! Теперь подключите …»)
    first_turns: int | None = Field(None, ge=1)
    last_turns: int | None = Field(None, ge=1)


    @model_validator(mode="after")
    def _patterns_or_examples(self):
        if sum(map(bool, (self.patterns, self.examples, self.digits))) != 1:
            raise ValueError("a rule needs one of 'patterns', 'examples' or 'digits'")
        if self.after is not None and self.examples:
            raise ValueError("'after' works with 'patterns' or 'digits', not with 'examples'")
        if (self.first_turns or self.last_turns) and not self.patterns:
            raise ValueError("'first_turns' and 'last_turns' work with 'patterns', not with 'examples' or 'digits': "
                             "remove them")
        if self.unless_question and not self.examples:
            raise ValueError("'unless_question' works with 'examples' (a learned rule), not with 'patterns' or "
                             "'digits': remove it, or put the question's words in 'unless'")
        if self.digits is not None:
            try:
                re.compile(self.digits)
            except re.error as exc:
                raise ValueError(f"digits {self.digits!r}: bad regular expression ({exc})") from None
        return self


class PhraseList(_Strict):
    clause: str = ""
    patterns: list[str] = Field(min_length=1)
    window: int = Field(0, ge=0, le=10)
    any_order: bool = False
    unless_followed_by: list[str] = []
    unless_preceded_by: list[str] = []  # a pattern right before the match, in its clause («за секунду»)
    # the match counts only in the turn's last clause that has a word (an emoji after it aside): «Щас гляну
    # график 👀» leaves the client waiting, «Щас гляну, какой подъезд?» asks first
    ends_turn: bool = False


class Scoring(_Strict):
    start: float = 100
    pass_score: float = 80
    severity_points: dict[Literal["minor", "major", "critical"], float]
    max_points_per_rule: float = 1e9
    fatal_categories: list[Literal[CATEGORIES]] = []  # type: ignore[valid-type]
    checklist_points: dict[Literal[CHECKLIST], float] = {}  # type: ignore[valid-type]


class Hold(_Strict):
    clause: str = "7.2.4, 7.2.9"
    max_single_seconds: float = Field(40, gt=0)
    max_total_seconds: float = Field(180, gt=0)
    # a silence this long after an operator turn, the client waiting, is a hold even unasked
    silence_seconds: float = Field(20, gt=0)
    # a gap shorter than this is no hold (the operator went straight on)
    min_seconds: float = Field(3, ge=0)
    suggestion: str | None = None
    severity: Literal["minor", "major", "critical"] = "major"


class RulebookSpec(_Strict):
    version: Literal[1]
    name: str = "rulebook"
    categories: dict[Literal[CATEGORIES], str]  # type: ignore[valid-type]
    scoring: Scoring
    hold: Hold = Hold()
    phrases: dict[Literal[PHRASE_LISTS], PhraseList]  # type: ignore[valid-type]
    rules: list[RuleSpec] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules):
        seen = set()
        for r in rules:
            if r.id in seen:
                raise ValueError(f"rule id {r.id!r} is used twice")
            seen.add(r.id)
        return rules


@dataclass(frozen=True)
class Rule:
    spec: RuleSpec
    patterns: tuple[Pattern, ...]
    unless: PatternIndex
    followed: tuple[Pattern, ...]
    preceded: tuple[Pattern, ...]
    model: UtteranceModel | None = None
    requires: PatternIndex = PatternIndex(())
    # when every `requires` pattern is one word given by lemmas/forms: those sets (a set test per
    # turn instead of a scan; the learned rules read every operator turn)
    requires_words: tuple[frozenset[str], frozenset[str]] | None = None
    digits: re.Pattern | None = None


class Phrases(NamedTuple):
    """A compiled phrase list: its patterns and what limits a match of them (see PhraseList)."""
    index: PatternIndex
    unless_followed_by: tuple[Pattern, ...]
    ends_turn: bool
    unless_preceded_by: tuple[Pattern, ...]


@dataclass(frozen=True)
class Rulebook:
    """A validated, compiled rulebook."""

    spec: RulebookSpec
    source: str
    rules: tuple[Rule, ...]
    index: PatternIndex
    phrases: dict[str, Phrases]
    # the operator's phrase lists in one index (pattern id = list name): a turn is scanned once for all
    phrase_index: PatternIndex = PatternIndex(())
    follow_index: PatternIndex = PatternIndex(())  # the patterns of rules with `after`

    @property
    def scoring(self) -> Scoring:
        return self.spec.scoring

    @property
    def hold(self) -> Hold:
        return self.spec.hold

    @cached_property
    def learned(self) -> tuple[Rule, ...]:
        """Rules backed by a model fitted on example utterances."""
        return tuple(r for r in self.rules if r.model is not None)

    @cached_property
    def follow_ups(self) -> tuple[Rule, ...]:
        """Rules that fire only after a finding of another category (`after`)."""
        return tuple(r for r in self.rules if r.spec.after is not None)

    @cached_property
    def uses_known(self) -> bool:
        """Does a rule skip words both sides already share (`unless_known`)?"""
        return any(r.spec.unless_known for r in self.rules)

    @cached_property
    def numbers(self) -> tuple[Rule, ...]:
        """Rules on the digits of numbers the operator says."""
        return tuple(r for r in self.rules if r.digits is not None)

    def as_dict(self) -> dict:
        return self.spec.model_dump(mode="json")


def _patterns(sources, window=0, any_order=False, exact=False) -> tuple[Pattern, ...]:
    return tuple(Pattern(s, compile_elements(s, exact), window, any_order) for s in sources)


def _single_words(patterns) -> tuple[frozenset[str], frozenset[str]] | None:
    """(lemmas, forms) when each pattern is one element of bare lemmas and forms, else None."""
    if not patterns or any(len(p.elements) != 1 or p.elements[0].rest for p in patterns):
        return None
    return (frozenset().union(*(p.elements[0].lemmas for p in patterns)),
            frozenset().union(*(p.elements[0].forms for p in patterns)))


def example_paths(rule: RuleSpec, base: Path) -> tuple[Path, ...]:
    """The examples files of a learned rule, relative to the rulebook's folder."""
    names = [rule.examples] if isinstance(rule.examples, str) else list(rule.examples or ())
    return tuple(base / n for n in names)


def compile_rulebook(spec: RulebookSpec, source: str = "<memory>") -> Rulebook:
    rules = []
    base = Path(source).parent
    for r in spec.rules:
        try:
            model = fitted(example_paths(r, base), r.threshold, r.C, r.chars, r.min_df) if r.examples else None
            rules.append(Rule(
                r, _patterns(r.patterns, r.window, r.any_order, r.exact),
                PatternIndex((0, p) for p in _patterns(r.unless, r.window, r.any_order)),
                _patterns(r.unless_followed_by), _patterns(r.unless_preceded_by), model,
                PatternIndex((0, p) for p in _patterns(r.requires)), _single_words(_patterns(r.requires)),
                re.compile(r.digits) if r.digits is not None else None))
        except (ValueError, ExamplesError) as exc:
            release_key_pool()
            raise RulebookError(f"{source}: rule {r.id!r}: {exc}") from None
    release_key_pool()
    index = PatternIndex((i, p) for i, r in enumerate(rules) for p in r.patterns if r.spec.after is None)
    # follow-up rules wait for a finding of their category: a text is scanned for them only then
    follow = PatternIndex((i, p) for i, r in enumerate(rules) for p in r.patterns if r.spec.after is not None)
    phrases, every = {}, []
    for name, pl in spec.phrases.items():
        try:
            pats = _patterns(pl.patterns, pl.window, pl.any_order)
            phrases[name] = Phrases(PatternIndex((0, p) for p in pats), _patterns(pl.unless_followed_by), pl.ends_turn,
                                    _patterns(pl.unless_preceded_by))
            if name not in CLIENT_LISTS:
                every += [(name, p) for p in pats]
        except ValueError as exc:
            raise RulebookError(f"{source}: phrases.{name}: {exc}") from None
    missing = [p for p in PHRASE_LISTS if p not in phrases and p not in OPTIONAL_LISTS]
    if missing:
        raise RulebookError(f"{source}: phrases: missing lists {', '.join(missing)}")
    pattern_words.flush()   # the pattern words read now, for the next start
    return Rulebook(spec, source, tuple(rules), index, phrases, PatternIndex(every), follow)


def load_rulebook(path: str | os.PathLike | None = None) -> Rulebook:
    """Read, validate and compile a YAML rulebook (default: the shipped one)."""
    path = Path(path or DEFAULT_RULES)
    return compile_rulebook(load_spec(path), str(path))


def load_spec(path: str | os.PathLike | None = None) -> RulebookSpec:
    """Read and validate a YAML rulebook without compiling it: no pattern is built and no learned
    rule is fitted (``gerp-nlp fit-rules`` stores the fits before the rulebook is compiled)."""
    path = Path(path or DEFAULT_RULES)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as exc:
        raise RulebookError(f"cannot read rulebook {path}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise RulebookError(f"{path}: not UTF-8; save the rulebook as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise RulebookError(f"{where}: YAML error: {getattr(exc, 'problem', exc)}") from None
    try:
        spec = RulebookSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        extra = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise RulebookError(f"{path}: {loc}: {first['msg']}{extra}") from None
    return spec
