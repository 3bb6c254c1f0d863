"""The four appeal types of section 8 of the regulation."""

LABELS = ("consultation", "action_request", "claim", "gratitude_suggestion")

LABELS_RU = {
    "consultation": "Консультация",  # 8.1
    "action_request": "Запрос на действие",  # 8.2
    "claim": "Претензия",  # 8.3
    "gratitude_suggestion": "Благодарность/предложение",  # 8.4
}
