"""nlp/rulebook.py: validation errors name the file and field; the shipped rulebook loads."""
import shutil

import pytest
import yaml

from nlp.rulebook import CATEGORIES, DEFAULT_RULES, RulebookError, load_rulebook


def _write(tmp_path, data) -> str:
    names = set()
    for r in data.get("rules", []):
        if isinstance(r, dict) and r.get("examples"):
            names |= {r["examples"]} if isinstance(r["examples"], str) else set(r["examples"])
    for ex in names:  # examples and their stored fits sit beside the rulebook
        shutil.copy(DEFAULT_RULES.parent / ex, tmp_path / ex)
        fit = (DEFAULT_RULES.parent / ex).with_suffix(".fit.json")
        if fit.exists():
            shutil.copy(fit, tmp_path / fit.name)
    p = tmp_path / "rules.yaml"
    p.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return str(p)


@pytest.fixture
def base():
    return yaml.safe_load(DEFAULT_RULES.read_text(encoding="utf-8"))


def test_default_rulebook_covers_every_category(rulebook):
    cats = {r.spec.category for r in rulebook.rules} | {"hold_time"}
    assert cats == set(CATEGORIES)
    assert all(r.spec.clause for r in rulebook.rules)


def test_every_rule_quotes_a_clause_of_the_regulation(rulebook):
    for r in rulebook.rules:
        assert r.spec.clause.split(",")[0].strip() in {"3.4", "6.4", "6.6", "6.8", "6.9", "6.11"}, r.spec.id


def test_unknown_category_is_refused(tmp_path, base):
    base["rules"][0]["category"] = "rudeness"
    with pytest.raises(RulebookError, match=r"rules\.0\.category"):
        load_rulebook(_write(tmp_path, base))


def test_yaml_error_names_the_line(tmp_path):
    p = tmp_path / "broken.yaml"
    p.write_text("version: 1\nrules: [\n  - id: x\n", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"broken\.yaml:\d+: YAML error"):
        load_rulebook(p)


def test_duplicate_rule_id_is_refused(tmp_path, base):
    base["rules"].append(dict(base["rules"][0]))
    with pytest.raises(RulebookError, match="used twice"):
        load_rulebook(_write(tmp_path, base))


def test_bad_regex_names_the_rule(tmp_path, base):
    base["rules"][0]["patterns"] = ["~(oops"]
    with pytest.raises(RulebookError, match=base["rules"][0]["id"]):
        load_rulebook(_write(tmp_path, base))


@pytest.mark.parametrize("where", ["patterns", "unless"])
def test_an_unknown_grammeme_names_the_rule_and_the_tag(tmp_path, base, where):
    # «@ADVB?» or «@verb» would otherwise never match, silently
    base["rules"][0][where] = ["=это @ADVB? @ADJF"]
    with pytest.raises(RulebookError, match=rf"{base['rules'][0]['id']}.*unknown grammeme 'ADVB\?'"):
        load_rulebook(_write(tmp_path, base))


def test_missing_file(tmp_path):
    with pytest.raises(RulebookError, match="cannot read rulebook"):
        load_rulebook(tmp_path / "nope.yaml")


def test_edited_rulebook_changes_findings(tmp_path, base):
    from nlp.scoring import score

    text = "Оператор: Добрый день, компания Домсервис, меня зовут Анна. Наряд оформлен."
    assert any(f.category == "jargon" for f in score(text, load_rulebook()).violations)
    base["rules"] = [r for r in base["rules"] if r["category"] != "jargon"]
    assert not any(f.category == "jargon" for f in score(text, load_rulebook(_write(tmp_path, base))).violations)


def test_every_rule_has_a_suggestion(rulebook):
    assert all(r.spec.suggestion for r in rulebook.rules)


def test_missing_examples_file_names_the_rule(tmp_path, base):
    p = tmp_path / "rules.yaml"
    p.write_text(yaml.safe_dump(base, allow_unicode=True), encoding="utf-8")  # no examples copied
    with pytest.raises(RulebookError, match="criticism.learned"):
        load_rulebook(p)


def test_a_rule_has_one_kind_of_matching(tmp_path, base):
    base["rules"][0]["digits"] = "^9"
    with pytest.raises(RulebookError, match=r"rules\.0.*one of 'patterns', 'examples' or 'digits'"):
        load_rulebook(_write(tmp_path, base))


def test_bad_digits_regex_is_refused(tmp_path, base):
    rule = base["rules"][0]
    rule.pop("patterns")
    rule["digits"] = "^(9"
    with pytest.raises(RulebookError, match=r"rules\.0.*bad regular expression"):
        load_rulebook(_write(tmp_path, base))


def test_follow_up_names_a_known_category(tmp_path, base):
    base["rules"][0]["after"] = "rudeness"
    with pytest.raises(RulebookError, match=r"rules\.0\.after"):
        load_rulebook(_write(tmp_path, base))


def test_a_rulebook_written_before_the_optional_lists_still_loads(tmp_path, base):
    del base["phrases"]["hold_order"]
    assert "hold_order" not in load_rulebook(_write(tmp_path, base)).phrases
    del base["phrases"]["greeting"]
    with pytest.raises(RulebookError, match="missing lists greeting"):
        load_rulebook(_write(tmp_path, base))


def test_a_learned_rule_cannot_be_a_follow_up(tmp_path, base):
    rule = next(r for r in base["rules"] if r.get("examples"))
    rule["after"] = "contact_exchange"
    with pytest.raises(RulebookError, match="'after' works with 'patterns' or 'digits'"):
        load_rulebook(_write(tmp_path, base))


def test_first_and_last_turns_are_positive_and_only_for_patterns(tmp_path, base):
    rule = next(r for r in base["rules"] if r.get("patterns"))
    rule["first_turns"] = 0
    with pytest.raises(RulebookError, match=r"rules\.\d+\.first_turns"):
        load_rulebook(_write(tmp_path, base))
    rule["first_turns"] = 2
    assert load_rulebook(_write(tmp_path, base))
    for kind in ("examples", "digits"):
        other = next(r for r in base["rules"] if r.get(kind))
        other["last_turns"] = 1
        with pytest.raises(RulebookError, match="'first_turns' and 'last_turns' work with 'patterns'"):
            load_rulebook(_write(tmp_path, base))
        del other["last_turns"]


def test_only_a_learned_rule_skips_questions(tmp_path, base):
    rule = next(r for r in base["rules"] if r.get("patterns"))
    rule["unless_question"] = True
    with pytest.raises(RulebookError, match=r"rules\.\d+: .*'unless_question' works with 'examples'"):
        load_rulebook(_write(tmp_path, base))
