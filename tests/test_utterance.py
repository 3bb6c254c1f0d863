"""nlp/utterance.py: the learned rules (company criticism, private contacts) and their examples files."""
import json

import pytest

from nlp.matcher import words_of
from nlp.rulebook import DEFAULT_RULES
from nlp.scoring import score
from nlp.text import analyze
from nlp.utterance import ExamplesError, UtteranceModel

EXAMPLES = DEFAULT_RULES.parent / "company_criticism.jsonl"


@pytest.fixture(scope="module")
def model():
    return UtteranceModel.fit(EXAMPLES, threshold=0.9, C=3)


def test_fit_is_deterministic(model):
    again = UtteranceModel.fit(EXAMPLES, threshold=0.9, C=3)
    assert again.weights == model.weights and again.bias == model.bias


def _p(model, text):
    words, _ = words_of(analyze(text).tokens)
    return model.probability(words)


def test_separates_criticism_from_neutral_talk(model):
    assert _p(model, "руководство у нас вообще ни о чём не думает, только экономит") > 0.5
    assert _p(model, "мастер приедет завтра с десяти до двенадцати, оплата картой") < 0.5


def test_learned_finding_explains_itself(rulebook):
    r = score("Оператор: ой да у нас бухгалтерия месяцами возвраты мурыжит, бардак\nКлиент: ясно", rulebook)
    (f,) = [v for v in r.violations if v.category == "company_criticism"]
    assert f.clause == "6.6" and f.text


def test_rule_needs_a_target_word(rulebook):
    # the same complaint with no company, staff or competitor in it is not criticism of the company
    r = score("Оператор: я честно говоря этого не знаю\nКлиент: ясно", rulebook)
    assert not [v for v in r.violations if v.category == "company_criticism"]


def test_windows_are_clauses_cut_long_and_neighbouring_clauses_together():
    from nlp.utterance import STRIDE, WINDOW, _cut_windows
    words, clause = words_of(analyze("Айсберг-Юг — халтурщики, ставят кое-как. Мастер будет завтра").tokens)
    spans = [(i, j) for i, j, _ in _cut_windows(words, clause)[0]]
    firsts = sorted({clause.index(c) for c in set(clause)})
    assert (firsts[0], firsts[2] - 1) in spans   # the competitor's clause with the judgement after it
    long = " ".join(["мастер"] * 30)   # an unpunctuated call turn: WINDOW words every STRIDE
    words, clause = words_of(analyze(long).tokens)
    spans = [(i, j) for i, j, _ in _cut_windows(words, clause)[0]]
    assert spans[:2] == [(0, WINDOW - 1), (STRIDE, STRIDE + WINDOW - 1)] and spans[-1][1] == 29


@pytest.mark.parametrize("content, message", [
    ('{"text": "x", "label": 2}\n', r":1: expected"),
    ("{broken\n", r":1: broken JSON"),
    ('{"text": "x", "label": 1}\n', "both labels"),
])
def test_bad_examples_file(tmp_path, content, message):
    p = tmp_path / "ex.jsonl"
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ExamplesError, match=message):
        UtteranceModel.fit(p, 0.9)


LEARNED = [r for r in __import__("nlp.rulebook", fromlist=["load_rulebook"]).load_rulebook().spec.rules if r.examples]


def _files(spec):
    from nlp.rulebook import example_paths
    return example_paths(spec, DEFAULT_RULES.parent)


def _rows(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.mark.parametrize("spec", LEARNED, ids=lambda r: r.id)
def test_examples_file_has_both_labels_and_no_repeats(spec):
    written, *derived = _files(spec)
    rows = _rows(written)
    labels = [r["label"] for r in rows]
    # class_weight="balanced" evens the labels out; a written file that is nearly all one label is a mistake
    assert len(rows) >= 600 and 0.15 < sum(labels) / len(labels) < 0.85
    assert len({r["text"].lower() for r in rows}) == len(rows)
    for path in derived:  # the development gold's operator turns: one line per (text, label)
        keys = [(" ".join(r["text"].lower().split()), r["label"]) for r in _rows(path)]
        assert len(set(keys)) == len(keys) and {0, 1} == {k[1] for k in keys}


@pytest.mark.parametrize("spec", LEARNED, ids=lambda r: r.id)
def test_shipped_weights_are_those_of_a_fresh_fit(spec):
    """`gerp-nlp fit-rules` must be run after editing the examples: a stale file is never used, but
    every start would then pay the fit again."""
    from nlp.utterance import _stored

    paths = _files(spec)
    stored = _stored(paths, spec.threshold, spec.C, spec.chars, spec.min_df)
    assert stored is not None, f"{paths[0].stem}.fit.json is out of date: run `gerp-nlp fit-rules`"
    fresh = UtteranceModel.fit(paths, spec.threshold, spec.C, spec.chars, spec.min_df)
    assert stored.weights.keys() == fresh.weights.keys()
    assert all(abs(stored.weights[k] - fresh.weights[k]) < 1e-9 for k in fresh.weights)
    assert abs(stored.bias - fresh.bias) < 1e-9
    assert (stored.chars is None) == (fresh.chars is None) == (not spec.chars)
    if spec.chars:
        assert stored.chars.table.keys() == fresh.chars.table.keys()
        assert all(abs(stored.chars.table[g] - fresh.chars.table[g]) < 1e-9 for g in fresh.chars.table)
        assert abs(stored.chars.bias - fresh.chars.bias) < 1e-9


def test_character_model_gives_scikit_learns_probabilities():
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from nlp.utterance import CharModel, _char_text

    def _norm_text(text):
        return _char_text([t for t in analyze(text).tokens if t.kind != "punct"])

    texts = ["у нас вечно бардак", "мастер приедет завтра", "цены у нас конские", "спасибо за ожидание",
             "наши мастера халтурят", "заявка оформлена", "ну это ж наш сайт, он вечно висит", "оплата картой"] * 3
    labels = [1, 0, 1, 0, 1, 0, 1, 0] * 3
    norms = [_norm_text(t) for t in texts]
    model = CharModel.fit(norms, labels, C=3)
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, lowercase=False)
    clf = LogisticRegression(C=3, class_weight="balanced", max_iter=3000).fit(vec.fit_transform(norms), labels)
    probe = ["у них мастера халтурщики", "сайт опять висит", "ааа", "в в в мастер мастер", "Х**ня какая-то"]
    want = clf.predict_proba(vec.transform([_norm_text(t) for t in probe]))[:, 1]
    got = [model.probability(_norm_text(t).split()) for t in probe]
    np.testing.assert_allclose(got, want, rtol=0, atol=1e-12)


def test_character_weight_must_leave_room_for_the_lemma_model(tmp_path):
    from nlp.rulebook import RulebookError, load_rulebook

    text = (DEFAULT_RULES.read_text(encoding="utf-8")).replace("    chars: 0.6\n", "    chars: 1.0\n", 1)
    for examples in DEFAULT_RULES.parent.glob("*.jsonl"):
        (tmp_path / examples.name).write_text(examples.read_text(encoding="utf-8"), encoding="utf-8")
    bad = tmp_path / "rules.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RulebookError, match="chars"):
        load_rulebook(bad)


def test_several_examples_files_are_read_in_order_and_min_df_drops_one_line_ngrams(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    a.write_text('{"text": "у нас вечно бардак на складе", "label": 1}\n'
                 '{"text": "мастер приедет завтра", "label": 0}\n', encoding="utf-8")
    b.write_text('{"text": "у нас бардак с графиком", "label": 1, "source": "gold_dev.jsonl:3#4"}\n'
                 '{"text": "заявка оформлена, мастер приедет", "label": 0}\n', encoding="utf-8")
    from nlp.utterance import read_examples
    texts, labels = read_examples([a, b])
    assert labels == [1, 0, 1, 0] and texts[2] == "у нас бардак с графиком"
    both = UtteranceModel.fit([a, b], 0.5, C=3)
    assert both.source == "a.jsonl + b.jsonl" and "склад" in both.weights
    pruned = UtteranceModel.fit([a, b], 0.5, C=3, min_df=2)
    assert "склад" not in pruned.weights and "бардак" in pruned.weights and "мастер" in pruned.weights
    with pytest.raises(ExamplesError, match="both labels"):
        a.write_text('{"text": "x", "label": 1}\n', encoding="utf-8")
        b.write_text('{"text": "y", "label": 1}\n', encoding="utf-8")
        read_examples([a, b])


def test_a_stored_fit_loads_exactly_and_a_damaged_one_is_refitted(tmp_path):
    from nlp.utterance import _stored, save_fit

    ex = tmp_path / "ex.jsonl"
    ex.write_text("".join(json.dumps({"text": t, "label": y}, ensure_ascii=False) + "\n" for t, y in [
        ("у нас вечно бардак на складе", 1), ("мастер приедет завтра", 0), ("в офисе одни лентяи", 1),
        ("заявка оформлена, ждите звонка", 0), ("наши монтажники опять всё напутали", 1),
        ("оплата картой или наличными мастеру по чеку", 0)]), encoding="utf-8")
    path = save_fit(ex, C=3, chars=0.5)
    fresh = UtteranceModel.fit(ex, 0.9, C=3, chars=0.5)
    stored = _stored(ex, 0.9, 3, 0.5)
    assert stored.weights == fresh.weights and stored.bias == fresh.bias   # float64 kept bit for bit
    assert stored.chars.table == fresh.chars.table and stored.chars.bias == fresh.chars.bias
    body = json.loads(path.read_text(encoding="utf-8"))
    assert body["format"] == 2 and body["size"] == len(fresh.weights) == len(body["keys"].split("\n"))
    for damage in ({"weights": body["weights"][:-8]}, {"size": body["size"] + 1}, {"keys": "x"},
                   {"weights": "not base64!"}, {"format": 1}):
        path.write_text(json.dumps({**body, **damage}, ensure_ascii=False), encoding="utf-8")
        assert _stored(ex, 0.9, 3, 0.5) is None, damage   # the caller fits again


def test_a_fit_at_load_says_why_and_how_to_store_it(tmp_path, caplog):
    import logging

    from nlp.utterance import fitted, save_fit

    ex = tmp_path / "ex.jsonl"
    ex.write_text("".join(json.dumps({"text": t, "label": y}, ensure_ascii=False) + "\n" for t, y in [
        ("у нас на складе вечно всё теряют", 1), ("мастер приедет в четверг", 0), ("менеджеры у нас бестолковые", 1),
        ("заявку я оформила", 0)]), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="gerp_nlp"):
        fitted(ex, 0.9, C=3)   # no stored fit: fitted now, with a warning
    [warning] = [r.getMessage() for r in caplog.records if r.name == "gerp_nlp"]
    assert str(ex) in warning and "ex.fit.json" in warning and "gerp-nlp fit-rules" in warning
    save_fit(ex, C=3)
    ex.touch()   # a new modification time: not the cached model of the first call
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="gerp_nlp"):
        fitted(ex, 0.9, C=3)   # the stored fit matches: no warning
    assert not [r for r in caplog.records if r.name == "gerp_nlp"]


def test_both_learned_rules_are_shipped():
    assert {r.id for r in LEARNED} == {"criticism.learned", "contacts.learned"}


def test_gold_overlap_drops_positives_that_repeat_gold_words_and_names_a_broken_line(tmp_path):
    import subprocess
    import sys

    script = DEFAULT_RULES.parent.parent.parent / "scripts" / "gold_overlap.py"
    gold_turn = next(t["text"] for line in (DEFAULT_RULES.parent.parent.parent / "corpora" / "transcripts" /
                                             "gold_dev.jsonl").read_text(encoding="utf-8").splitlines()
                     for t in json.loads(line)["turns"] if t["speaker"] == "operator" and len(t["text"].split()) > 8)
    src = tmp_path / "new.jsonl"
    rows = [{"text": gold_turn, "label": 1}, {"text": gold_turn, "label": 0},
            {"text": "совсем новая фраза оператора про мастера и склад", "label": 1}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(src)], capture_output=True, text=True)
    assert out.returncode == 0
    assert [json.loads(x)["label"] for x in out.stdout.splitlines()] == [0, 1]
    assert "kept 2, dropped 1" in out.stderr
    src.write_text('{"text": "x", "label": 1}\n{oops\n', encoding="utf-8")
    out = subprocess.run([sys.executable, str(script), str(src)], capture_output=True, text=True)
    assert out.returncode == 2 and f"{src}:2:" in out.stderr


def test_gold_overlap_against_new_files_drops_lines_that_repeat_a_mark_and_prints_only_counts(tmp_path):
    import subprocess
    import sys

    script = DEFAULT_RULES.parent.parent.parent / "scripts" / "gold_overlap.py"
    gold = tmp_path / "gold_new.jsonl"
    gold.write_text(json.dumps({"id": "g", "turns": [
        {"speaker": "operator", "text": "а так я сам приеду в субботу вечером без всякой заявки, наличными"}],
        "expected": {"violations": [{"category": "contact_exchange", "turn": 0,
                                     "text": "сам приеду в субботу ... без всякой заявки"}], "checklist": {}}},
        ensure_ascii=False) + "\n", encoding="utf-8")
    src = tmp_path / "new.jsonl"
    rows = [{"text": "могу сам приеду в субботу утром", "label": 1},   # 4 words of the mark
            {"text": "приеду в субботу, но через заявку", "label": 1},   # 3 words only
            {"text": "сам приеду в субботу", "label": 0}]
    src.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cmd = [sys.executable, str(script), str(src), "--gold", str(gold), "--quiet"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert len(out.stdout.splitlines()) == 3   # without --category only 5-word runs of turns count
    out = subprocess.run(cmd + ["--category", "contact_exchange"], capture_output=True, text=True)
    assert [json.loads(x)["text"] for x in out.stdout.splitlines()] == [rows[1]["text"], rows[2]["text"]]
    assert out.stderr.strip() == "kept 2, dropped 1"   # no line of the gold file is shown
    # a glob that matches nothing is an error, not a clean run that dropped nothing
    out = subprocess.run(cmd[:-3] + ["--gold", str(tmp_path / "gold_{new,old}.jsonl"), "--quiet"],
                         capture_output=True, text=True)
    assert out.returncode == 2 and "no file matches" in out.stderr and not out.stdout


def test_the_learned_rules_share_one_string_per_n_gram_and_the_pool_is_emptied():
    from nlp import utterance
    from nlp.rulebook import DEFAULT_RULES, load_rulebook

    utterance._fitted.cache_clear()  # load the stored weights afresh, as a worker does
    rb = load_rulebook(DEFAULT_RULES)
    a, b = (r.model.weights for r in rb.rules if r.model is not None)
    own = {k: k for k in a}
    shared = [k for k in b if k in own]
    assert len(shared) > len(b) // 2
    assert all(own[k] is k for k in shared)  # the same object, not an equal copy
    assert utterance._KEY_POOL == {}
