from nlp.names import name_family


def test_a_full_name_and_its_everyday_forms_are_one_family():
    assert {"юлия", "юля"} <= name_family(frozenset({"юлия"}))
    assert "алексей" in name_family(frozenset({"леша"}))   # ё is folded: «Лёша»


def test_a_form_on_two_lines_joins_both_families():
    family = name_family(frozenset({"ярослав"}))
    assert {"слава", "вячеслав", "ростислав"} <= family


def test_a_name_without_forms_stays_alone():
    assert name_family(frozenset({"баярма"})) == {"баярма"}
    assert name_family(frozenset()) == frozenset()
