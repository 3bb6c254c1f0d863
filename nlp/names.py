"""Everyday forms of first names (``rules/name_forms.yaml``): «Юля» is Юлия's name, «Лёша» Алексей's."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from .morph import fold


@lru_cache(maxsize=1)
def _families() -> dict[str, frozenset[str]]:
    text = resources.files("nlp").joinpath("rules/name_forms.yaml").read_text(encoding="utf-8")
    joined: dict[str, set[str]] = {}
    for full, forms in (yaml.safe_load(text) or {}).items():
        family = {fold(str(full))} | {fold(str(f)) for f in forms or ()}
        for name in list(family):   # a form on two lines joins both families
            family |= joined.get(name, set())
        for name in family:
            joined[name] = family
    return {name: frozenset(family) for name, family in joined.items()}


def name_family(names: frozenset[str]) -> frozenset[str]:
    """The names with every everyday form of each: {"юлия"} -> {"юлия", "юля"}.

    >>> sorted(name_family(frozenset({"юля"})))
    ['юлия', 'юля']
    """
    families = _families()
    out = set(names)
    for name in names:
        out |= families.get(name, frozenset())
    return frozenset(out)
