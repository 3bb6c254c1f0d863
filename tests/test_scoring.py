"""nlp/scoring.py and nlp/checks.py: findings with evidence, the checklist and the score formula."""
import pytest

from nlp.scoring import score

GOOD_CALL = """Оператор: Добрый день, компания Домсервис, меня зовут Анна. Как я могу к Вам обращаться?
Клиент: Ольга Петровна. У меня течёт кран на кухне.
Оператор: Ольга Петровна, не могли бы Вы подождать минуту, я уточню свободное время мастера?
Клиент: Да, конечно.
Оператор: Спасибо за ожидание. Мастер может приехать завтра с 10 до 12, вот Ваш номер заявки 4471.
Клиент: Отлично.
Оператор: Остались ли у Вас ещё вопросы?
Клиент: Нет, спасибо.
Оператор: Спасибо за обращение, Ольга Петровна, всего доброго!"""


def _cats(text, rulebook):
    return {(f.category, f.text) for f in score(text, rulebook).violations}


def test_clean_call_passes_with_full_checklist(rulebook):
    r = score(GOOD_CALL, rulebook)
    assert r.violations == ()
    assert r.checklist == {"greeting": True, "introduction": True, "asked_name": True, "used_name": True,
                           "hold_etiquette": True, "offered_more_help": True, "thanked": True, "farewell": True}
    assert r.score == 100 and r.passed


@pytest.mark.parametrize("operator, category, words", [
    ("я, честно говоря, этого не знаю", "banned_phrase", "не знаю"),
    ("понятия не имею, где мастер", "banned_phrase", "понятия не имею"),
    ("помочь ничем не могу", "banned_phrase", "помочь ничем не могу"),
    ("ну это уже ваши проблемы", "banned_phrase", "это уже ваши проблемы"),
    ("нет, так нельзя", "negative_form", "нет"),
    ("слушай, напиши номер", "informal_address", "слушай"),
    ("привет, чем помочь", "informal_address", "привет"),
    ("оформлю наряд на завтра", "jargon", "наряд"),
    ("щас гляну", "slang", "щас"),
    ("мастер приедет завтра вот", "parasite_word", "вот"),
    ("короче мастер будет в обед", "parasite_word", "короче"),
    ("он всё прос*ал", "profanity", "прос*ал"),
    ("у нас вечно бардак со сроками", "company_criticism", "у нас вечно бардак"),
    ("запишите мой личный номер", "contact_exchange", "мой личный номер"),
    ("если что, я вам сам напишу в телеграм", "contact_exchange", "напишу в телеграм"),
    ("с мастером договоритесь напрямую, выйдет дешевле", "contact_exchange", "напрямую"),
    ("ну это уже не наша проблема", "banned_phrase", "не наша проблема"),
    ("опять эти лодыри со склада всё перепутали", "company_criticism", "лодыри"),
    ("он у нас хреначит как попало", "profanity", "хреначит"),
    # round 3: private work said without a contact word
    ("через контору выйдет дороже, а так могу вас свести с электриком", "contact_exchange", "свести"),
    ("я вечером после смены могу сама подъехать и всё поменять", "contact_exchange", "подъехать"),
    ("вечером наберу вам со своего, обсудим", "contact_exchange", "со своего"),
    ("ищите меня во вконтакте, там договоримся", "contact_exchange", "меня во вконтакте"),
    ("ну ладно, всё, пока", "informal_address", "пока"),
    ("по эс эл эй на ответ сутки", "jargon", "эс эл эй"),
])
def test_operator_findings(rulebook, operator, category, words):
    found = _cats(f"Оператор: {operator}\nКлиент: угу", rulebook)
    assert any(c == category and words in text for c, text in found), found


@pytest.mark.parametrize("operator", [
    "Не могли бы Вы подождать, я уточню?",
    "Пока мастер едет, подготовьте доступ к стояку.",
    "Вот Ваш номер заявки: 4471.",
    "Это значит, что мастер приедет завтра.",
    "Проверьте, пожалуйста, интернет и личный кабинет.",
    "Всё нормально, нет ли у Вас ещё вопросов?",
    "Какого типа у Вас котёл?",
    "УЗО, то есть устройство защитного отключения, стоит 1800 рублей.",
    "Продиктуйте, пожалуйста, номер телефона для заявки.",
    "Это не проблема, наш мастер посмотрит котёл любой марки.",
    "Варочную панель подключают напрямую к щитку, через отдельную линию.",
    "Я лично Вам перезвоню, как только мастер освободится.",
    "Если мастер предложит оплату мимо кассы, сообщите нам, пожалуйста.",
    "Личные номера сотрудников мы не даём, звоните на горячую линию.",
    "Напишите в официальный телеграм-бот компании, там виден статус.",
    "Мастер позвонит Вам за час до приезда, с номера компании.",
    "Без чека наши мастера не работают.",
    "Мастер приедет со своим кейсом с инструментами.",
])
def test_hard_negatives(rulebook, operator):
    assert _cats(f"Оператор: {operator}\nКлиент: хорошо", rulebook) == set()


def test_client_words_never_make_findings(rulebook):
    text = "Оператор: Добрый день!\nКлиент: привет, я не знаю, нет, никогда, бл@ть, щас, ты понимаешь"
    assert score(text, rulebook).violations == ()


def test_spans_point_into_the_turn(rulebook):
    text = "Оператор: Добрый день. Ну, щас гляну, короче.\nКлиент: да"
    r = score(text, rulebook)
    turn = "Добрый день. Ну, щас гляну, короче."
    assert r.violations
    for f in r.violations:
        assert turn[f.start:f.end] == f.text and f.turn == 0 and f.clause


def test_hold_time_limits_with_timestamps(rulebook):
    turns = [
        {"speaker": "operator", "text": "добрый день не могли бы вы подождать я уточню", "start": 0, "end": 4},
        {"speaker": "client", "text": "да", "start": 4.5, "end": 5},
        {"speaker": "operator", "text": "спасибо за ожидание", "start": 70, "end": 72},
    ]
    r = score({"id": 1, "turns": turns}, rulebook)
    holds = [f for f in r.violations if f.category == "hold_time"]
    assert [(f.turn, f.clause) for f in holds] == [(2, "7.2.4, 7.2.9")]
    assert r.checklist["hold_etiquette"] is True
    turns[2]["start"] = 30
    assert not [f for f in score({"turns": turns}, rulebook).violations if f.category == "hold_time"]


def test_total_hold_over_three_minutes(rulebook):
    turns, t = [], 0.0
    turns.append({"speaker": "operator", "text": "добрый день", "start": t, "end": t + 1})
    for _ in range(5):  # five holds of 38 s: each within 40 s, 190 s in total
        turns.append({"speaker": "operator", "text": "вы можете подождать", "start": t + 2, "end": t + 3})
        t += 41
        turns.append({"speaker": "operator", "text": "спасибо за ожидание", "start": t, "end": t + 1})
    r = score({"turns": turns}, rulebook)
    assert [f.category for f in r.violations] == ["hold_time"]


def test_informal_hold_without_permission(rulebook):
    r = score("Оператор: Здравствуйте\nКлиент: да\nОператор: ждите\nОператор: мастер будет завтра", rulebook)
    assert r.checklist["hold_etiquette"] is False


def test_used_name_is_null_without_a_name(rulebook):
    r = score("Оператор: Здравствуйте, как к Вам обращаться?\nКлиент: неважно\nОператор: хорошо", rulebook)
    assert r.checklist["used_name"] is None and r.checklist["asked_name"] is True


def test_fatal_category_fails_whatever_the_score(rulebook):
    r = score(GOOD_CALL.replace("вот Ваш номер заявки 4471", "запишите мой личный номер"), rulebook)
    assert r.score >= rulebook.scoring.pass_score and not r.passed


def test_score_formula_comes_from_the_rulebook(rulebook):
    r = score(GOOD_CALL.replace("Мастер может", "Короче, мастер может"), rulebook)
    assert r.score == 100 - rulebook.scoring.severity_points["minor"]


def test_poka_before_net_is_not_a_goodbye(rulebook):
    found = _cats("Оператор: Старшего смены пока нет на месте, он будет после обеда.\nКлиент: ясно", rulebook)
    assert not any(c == "informal_address" for c, _ in found), found


def test_name_given_after_a_greeting_and_asked_informally(rulebook):
    r = score("Оператор: Добрый день, служба Теплый Дом, меня зовут Ирина, как я могу к Вам обращаться?\n"
              "Клиент: добрый день э Зинаида у меня батарея холодная\n"
              "Оператор: Зинаида, мастер придёт завтра. Спасибо за обращение, до свидания!", rulebook)
    assert r.checklist["used_name"] is True
    r = score("Оператор: Добрый день, служба Теплый Дом, Ирина. Как тебя зовут?\nКлиент: Маша\n"
              "Оператор: Маша, мастер придёт завтра. Спасибо, до свидания!", rulebook)
    assert r.checklist["asked_name"] is True and r.checklist["used_name"] is True
    r = score("Оператор: Дом сервис, Ирина. Как звать-то вас?\nКлиент: Фёдор Кузьмич\nОператор: Хорошо.", rulebook)
    assert r.checklist["asked_name"] is True


def test_a_hold_is_timed_from_the_clients_reply_even_if_the_client_calls_out_later(rulebook):
    call = {"id": "h", "turns": [
        {"speaker": "operator", "text": "добрый день компания домсервис меня зовут анна", "start": 0, "end": 3},
        {"speaker": "client", "text": "у меня течёт кран", "start": 3.5, "end": 5},
        {"speaker": "operator", "text": "вы можете подождать минуту я посмотрю мастеров", "start": 5.5, "end": 8},
        {"speaker": "client", "text": "да", "start": 8.5, "end": 9},
        {"speaker": "client", "text": "алло вы тут", "start": 40, "end": 41},
        {"speaker": "operator", "text": "спасибо за ожидание мастер будет завтра", "start": 60, "end": 63}]}
    found = [f for f in score(call, rulebook).violations if f.category == "hold_time"]
    assert [(f.turn, f.rule) for f in found] == [(5, "hold.limit")]  # 51 s from «да», not 19 s from «алло»


@pytest.mark.parametrize("request_text", [
    "вы можете остаться на линии я уточню",
    "побудете ещё немного на линии",
    "подождёте ещё минутку",
    "Разрешите, я проверю заявку? Это займёт пару минут.",
])
def test_hold_requests_in_other_words_start_a_hold(rulebook, request_text):
    call = {"id": "h", "turns": [
        {"speaker": "operator", "text": request_text, "start": 0, "end": 3},
        {"speaker": "client", "text": "да", "start": 3.5, "end": 4},
        {"speaker": "operator", "text": "спасибо за ожидание", "start": 50, "end": 52}]}
    r = score(call, rulebook)
    assert r.checklist["hold_etiquette"] is True
    assert [f.turn for f in r.violations if f.category == "hold_time"] == [2]


def test_a_name_written_as_its_own_clause_is_the_clients_name(rulebook):
    chat = """Оператор: Добрый день! Сервис «Уют», Марина. Чем помочь?
Клиент: Нужно поменять смеситель. Адрес Лесная 7-12, Тамара
Оператор: Записала, Тамара. Мастер будет завтра.
Клиент: спасибо"""
    assert score(chat, rulebook).checklist["used_name"] is True


def test_an_unasked_hold_is_found_and_closing_thanks_for_patience_is_no_hold(rulebook):
    call = _hold_call("сейчас посмотрю свободных мастеров по котлам", 51, "спасибо за ожидание мастер будет в пятницу")
    call["turns"][-1]["text"] = "спасибо за терпение и за обращение всего доброго"
    r = score(call, rulebook)
    assert [f.turn for f in r.violations if f.category == "hold_time"] == [4]  # 51 s, never asked
    assert r.checklist["hold_etiquette"] is False
    # no thanks for waiting and no silence: no hold («спасибо за терпение» in the closing turn is not one)
    call = _hold_call("сейчас посмотрю свободных мастеров по котлам", 0.5, "мастер будет в пятницу")
    call["turns"][-1]["text"] = "спасибо за терпение и за обращение всего доброго"
    r = score(call, rulebook)
    assert r.checklist["hold_etiquette"] is None and not [f for f in r.violations if f.category == "hold_time"]


def test_a_name_with_a_patronymic_is_the_clients_name_wherever_it_comes(rulebook):
    call = """Оператор: добрый день компания уют меня зовут алия
Клиент: добрый день алия николай степанович у меня кран течёт
Оператор: николай степанович мастер будет завтра
Клиент: хорошо"""
    r = score(call, rulebook)
    assert r.checklist["asked_name"] is None and r.checklist["used_name"] is True
    r = score(call.replace("Оператор: николай степанович мастер", "Оператор: мастер"), rulebook)
    assert r.checklist["used_name"] is False


@pytest.mark.parametrize("client, name", [
    ("добрый день руслан компания быстрые колёса у нас велосипеды на обслуживании", "руслан"),  # after the greeting
    ("Добрый день. Хоспис «Тихая гавань», администратор Эдуард. Где подъёмник?", "Эдуард"),  # a role, then the name
    ("здравствуйте это дед семён из пугачей баллон нужен", "семён"),
])
def test_a_client_who_names_themselves_unasked_is_addressed_by_that_name(rulebook, client, name):
    chat = f"""Оператор: Добрый день, сервис «Уют», Марина.
Клиент: {client}
Оператор: {name}, проверю и вернусь с ответом
Клиент: жду"""
    r = score(chat, rulebook)
    assert r.checklist["asked_name"] is None and r.checklist["used_name"] is True
    r = score(chat.replace(f"Оператор: {name}, проверю", "Оператор: проверю"), rulebook)
    assert r.checklist["used_name"] is False


def test_a_bare_name_answers_an_ask_in_any_wording_and_a_name_before_the_greeting_is_the_operators(rulebook):
    chat = """Оператор: Добрый день! Мастер Геннадий, Квартал-Сервис. Как к вам обращатся?
Клиент: Елена
Оператор: Елена, личинку поменяю завтра.
Клиент: спасибо"""
    r = score(chat, rulebook)
    assert r.checklist["asked_name"] is True and r.checklist["used_name"] is True
    # «Артём, добрый вечер»: the client addresses the operator, whose name they know; it is not theirs
    chat = """Оператор: Добрый вечер, студия «Кухни», слушаю.
Клиент: Артём, добрый вечер. Что за строка в смете?
Оператор: Это запас на непредвиденные работы.
Клиент: понятно"""
    r = score(chat, rulebook)
    assert r.checklist["used_name"] is None and r.checklist["asked_name"] is False
    # after an informal greeting a name addresses the operator, too: «здорово гена слушай …»
    call = """Оператор: о привет узнал тебя по номеру
Клиент: здорово гена слушай у меня в хостеле опять дверь шкафа сломали
Оператор: ладно гляну завтра
Клиент: давай"""
    assert score(call, rulebook).checklist["used_name"] is None


def _contacts(text, rulebook):
    return [(f.rule, f.turn, f.text) for f in score(text, rulebook).violations if f.category == "contact_exchange"]


@pytest.mark.parametrize("operator, words", [
    ("это вадим восемь девятьсот ноль пять семьсот двадцать два тридцать один тринадцать",
     "восемь девятьсот ноль пять семьсот двадцать два тридцать один тринадцать"),
    ("Андрей, 8 951 222-00-71. Скажете, что от меня", "8 951 222-00-71"),
])
def test_a_dictated_mobile_number_is_a_contact(rulebook, operator, words):
    text = f"Оператор: Добрый день, компания Домсервис.\nКлиент: Мне бы электрика.\nОператор: {operator}"
    found = _contacts(text, rulebook)
    # the number itself is the finding («Скажете, что от меня» is also a contact finding since round 7m)
    assert ("contacts.dictated_number", 2, words) in found and {turn for _, turn, _ in found} == {2}


@pytest.mark.parametrize("operator", [
    "наш номер восемь восемьсот пятьсот пятьдесят пять тридцать пять тридцать пять",  # the hotline
    "ваш номер восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь верно",  # caller ID
    "записала восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь",  # read back
    "стоимость две тысячи пятьсот рублей, заявка номер сорок семь семьдесят один",
])
def test_numbers_that_are_not_a_personal_contact(rulebook, operator):
    text = ("Оператор: Добрый день, компания Домсервис.\n"
            "Клиент: Мой номер восемь девятьсот шестнадцать сто двадцать три сорок пять шестьдесят семь\n"
            f"Оператор: {operator}")
    assert _contacts(text, rulebook) == []


def test_asking_the_number_is_a_contact_only_after_an_offer_of_private_work(rulebook):
    ask = "Оператор: Продиктуйте, пожалуйста, Ваш номер телефона."
    plain = f"Оператор: Добрый день, компания Домсервис.\nКлиент: Нужен сантехник.\n{ask}"
    assert _contacts(plain, rulebook) == []
    deal = ("Оператор: Добрый день, компания Домсервис.\nКлиент: Нужен сантехник.\n"
            "Оператор: Могу свести Вас с мастером напрямую, без наценки компании.\nКлиент: Давайте.\n" + ask)
    assert [(r, t) for r, t, _ in _contacts(deal, rulebook)][-1] == ("contacts.follow_up", 4)
    late = deal.replace(ask, "Оператор: Хорошо.\nКлиент: Да.\n" * 4 + ask)
    assert all(r != "contacts.follow_up" for r, _, _ in _contacts(late, rulebook))  # too long after the offer


def test_the_next_steps_of_a_private_deal_are_part_of_it(rulebook):
    pay = "Оператор: Итого полторы тысячи, можно наличными."
    plain = f"Оператор: Добрый день, компания Домсервис.\nКлиент: Сколько стоит?\n{pay}"
    assert _contacts(plain, rulebook) == []   # no deal offered before: the rule is silent
    deal = ("Оператор: Добрый день, компания Домсервис.\nКлиент: Нужен электрик.\n"
            "Оператор: Могу свести Вас с мастером напрямую, без наценки компании.\nКлиент: А сколько?\n" + pay)
    assert ("contacts.deal_follow_up", 4) in [(r, t) for r, t, _ in _contacts(deal, rulebook)]
    # the firm's own call back after such an offer is no step of the deal (round 7j)
    own = deal.replace(pay, "Оператор: Позвоню Вам по номеру из заявки в субботу утром.")
    assert "contacts.deal_follow_up" not in [r for r, _, _ in _contacts(own, rulebook)]
    # round 7s: the deal pressed or praised is part of it; the firm's hotline is not
    for step in ("Оператор: Подумайте, только долго не тяните.", "Оператор: Так для Вас даже проще выйдет.",
                 "Оператор: Деньги ему в руки отдадите, и всё.", "Оператор: А в офисе ещё и накрутят процентов сорок.",
                 "Оператор: Не переживайте, ребята проверенные, всё чётко сделают."):
        found = [(r, t) for r, t, _ in _contacts(deal.replace(pay, step), rulebook)]
        assert ("contacts.deal_follow_up", 4) in found, step
    hotline = deal.replace(pay, "Оператор: Звоните на общий номер 8 800 555-12-12, там оформят.")
    assert "contacts.deal_follow_up" not in [r for r, _, _ in _contacts(hotline, rulebook)]


@pytest.mark.parametrize("operator, found", [
    ("только в отзывах про это ничего не пишите", True),
    ("и про нашу договорённость никому, ладно", True),
    ("кассирам ничего не говорите, а то заявку заведут", True),
    ("если из офиса позвонят, скажите, что передумали", True),
    ("ты только диспетчеру не говори, ладно", True),
    ("про это не переживайте, мастер всё сделает", False),
    ("про оплату не беспокойтесь, всё по квитанции", False),
])
def test_hiding_a_deal_from_the_firm(rulebook, operator, found):
    assert bool(_fired("contacts.conceal", operator, rulebook)) is found


def _fired(rule, operator, rulebook):
    """The texts one rule found in a one-turn transcript."""
    return [f.text for f in score(f"Оператор: {operator}\nКлиент: ясно", rulebook).violations if f.rule == rule]


def test_a_coarse_word_about_the_company_is_criticism_and_a_bare_interjection_is_not(rulebook):
    def coarse(op):
        return _fired("criticism.coarse", op, rulebook)
    assert coarse("ну мастер всё прос*ал с вашим заказом") == ["мастер всё прос*ал"]
    assert coarse("бл@ опять система не грузит, подождите секунду") == []
    assert coarse("смеситель вы сами покупали, какая-то китайская х**ня") == []


@pytest.mark.parametrize("operator, category, found", [
    # round 4: word classes seen on the development files, in new wordings (rounds 5 and 5b below)
    ("могу и сам за наличные сделать, приеду вечером", "contact_exchange", True),
    ("давайте я вам после смены наберу и всё обсудим", "contact_exchange", True),
    ("жду вас в вотсапе, там фото пришлёте", "contact_exchange", True),
    ("соседи могут позвонить нам напрямую по номеру диспетчерской", "contact_exchange", False),
    ("в газовую звоните сто четыре, с мобильного тоже сто четыре", "contact_exchange", False),
    ("у них не фирма, а шарашкина контора", "company_criticism", True),
    ("мастер привезёт крепёж с собой, стоимость так и останется", "company_criticism", False),
    ("засор скорее всего в общем стояке", "parasite_word", False),
    ("в общем мастер будет завтра", "parasite_word", True),
    ("полка длиной 60 см стоит от тысячи", "informal_address", False),
    ("вы пока можете перекрыть воду", "informal_address", False),
    ("соседям пока можно подставить таз", "informal_address", False),
    ("да ладно, не парься", "slang", True),
    ("там набирают кого попало, честно говоря", "company_criticism", True),
    ("у их сборщиков руки не из того места", "company_criticism", True),
    ("ёпт, опять течёт", "profanity", True),
    ("они там нихрена не делают", "profanity", True),
    ("прессостат это датчик уровня воды, мастер его проверит", "jargon", False),
    ("вещи пока лучше убрать с пола", "informal_address", False),
    ("расценки у всех выросли, дай бог каждому", "informal_address", False),
    ("петрович здорово чего там у тебя", "informal_address", True),
    ("это здорово, что вы сразу перекрыли воду", "informal_address", False),
    ("в ту фирму не ходите, там одни кидалы", "company_criticism", True),
    ("у них монтажников набирают с улицы", "company_criticism", True),
    ("личные номера сотрудников мы не передаём, оформлю заявку", "contact_exchange", False),
    ("звони мне восемь девятьсот пятнадцать один два три четыре пять шесть", "contact_exchange", True),
    ("фото скиньте смской на мой номер, я посмотрю", "contact_exchange", True),
    ("номер пишите прямо сюда, я потом переписку удалю", "contact_exchange", True),
    ("без проблем, у нас мастер свободен завтра", "contact_exchange", False),
    ("можно в рассрочку без процентов через договор", "contact_exchange", False),
    ("поставщики совсем охренели с ценами", "profanity", True),
    ("я её эскалирую старшему, это самое, чтобы быстрее", "jargon", True),
    ("заявку как бы никто не взял", "parasite_word", True),
    # round 5: word classes seen on the development files, in new wordings
    ("в «СтройЛайн» не советую, они там все дилетанты", "company_criticism", True),
    ("осторожно, мошенники звонят от имени компании", "company_criticism", False),
    ("у соседей мастер толковый, не то что наши", "company_criticism", True),
    ("им лишь бы содрать побольше, потом не дозвонитесь", "company_criticism", True),
    ("в пятницу он обычно в запой уходит, так что только понедельник", "company_criticism", True),
    ("в пятницу он обычно в запой уходит", "informal_address", False),
    ("у нас в офисе никто ничего не проверяет, увы", "company_criticism", True),
    ("их установщики толком ничего не умеют", "company_criticism", True),
    ("монтаж подорожал будь здоров", "informal_address", False),
    ("ворота пока закрыты, охрана уже идёт", "informal_address", False),
    ("восемь утра это самое раннее окно", "parasite_word", False),
    ("это самое, мастер приедет завтра", "parasite_word", True),
    ("не надо через офис, дешевле выйдет. Зачем через фирму переплачивать?", "contact_exchange", True),
    ("гарантия с меня, если что лично мне пишите", "contact_exchange", True),
    ("сейчас напрямую свяжусь с бухгалтерией и уточню", "contact_exchange", False),
    ("пишите в официальный вотсап компании восемь девятьсот двадцать шесть сто десять двадцать двадцать",
     "contact_exchange", False),
    ("мастер проверит оголовок скважины и кессон", "jargon", True),
    ("поставим кессон, кессон это утеплённая камера над скважиной", "jargon", False),
    # round 5b
    ("директор у нас ничего не решает, всё через учредителя", "company_criticism", True),
    ("начальство вечно тянет с ответом, так что ждите", "company_criticism", True),
    ("замерщик у нас два раза адрес перепутал уже", "company_criticism", True),
    ("владелец у нас жлоб, на всём экономит", "company_criticism", True),
    ("охрана ночью спит на ходу, вот и не открыли", "company_criticism", True),
    ("ой, ну это ж*па, водитель уехал не на тот склад", "company_criticism", False),
    ("сегодня меня уже задолбали с этими возвратами", "company_criticism", False),
    ("могу, бл*, сейчас всё проверю", "profanity", True),
    ("скидка без переплаты при договоре на год", "contact_exchange", False),
    ("это моя личная гарантия качества", "contact_exchange", False),
    ("без договора оформить ремонт нет возможности", "contact_exchange", False),
    ("наличными мне отдадите, и всё", "contact_exchange", True),
    ("давайте в личку, там обсудим", "contact_exchange", True),
    ("сек, гляну в базе", "slang", True),
    ("провод в розетку втыкать не надо", "slang", False),
    ("сейчас посмотрю в си ар эм", "jargon", True),
    ("мастер приедет завтра, вот 😊", "parasite_word", True),
    ("ну всё, пока 🙂", "informal_address", True),
    # round 5c
    ("слесарь придёт завтра с девяти до часу", "informal_address", False),   # a noun, not «слесарь!»
    ("опоздал наш кравченко, что с ним поделаешь", "informal_address", False),
    ("наши сантехники вечно копаются до вечера", "company_criticism", True),
    ("в «ОкноПро» у них всё тяп-ляп", "company_criticism", True),
    ("начальство месяцами рассматривает такие заявления", "company_criticism", True),
    ("а подрядчик и не чешется", "company_criticism", True),
    ("через фирму тоже можно, но выйдет дороже", "company_criticism", False),
    ("личные номера монтажников мы, к сожалению, не даём", "contact_exchange", False),
    ("монтаж без автозапуска, у нас он входит в цену", "contact_exchange", False),
    ("скорее всего завоздушило обратку в стояке", "jargon", True),
    ("давление в ИТП упало", "jargon", True),
    ("опять он косячит с замерами", "slang", True),
    ("да ёб... простите, сейчас перезвоню", "profanity", True),
    ("инженер тоже ничем не поможет", "banned_phrase", True),
    # round 5d
    ("у них гарантия только на бумаге, а монтажники с улицы", "company_criticism", True),
    ("на него уже жалуются, разберёмся", "company_criticism", True),
    ("хозяин у нас накручивает цены как хочет", "company_criticism", True),
    ("мастер ничего не прос*ал, он всё сделал по акту", "company_criticism", False),
    ("эти рукожопы всё испортили", "profanity", True),
    ("мы никогда не звоним сами без заявки, будьте осторожны", "contact_exchange", False),
    ("без приставки каналы не покажут, это ограничение провайдера", "contact_exchange", False),
    ("телевизор к роутеру напрямую не подключится, нужен кабель", "contact_exchange", False),
    ("проверьте ssid в настройках роутера", "jargon", True),
    ("сработали ловители, лифт остановился", "jargon", True),
    ("сроки пока тоже уточняются", "informal_address", False),
    ("Хай! Чем помочь?", "informal_address", True),
    ("они в этом не особо шарят", "slang", True),
    # round 5e
    ("склад у нас работает из рук вон плохо", "company_criticism", True),
    ("отзывы они сами себе пишут, не верьте", "company_criticism", True),
    ("им лишь бы деньги взять, а кладут как попало", "company_criticism", True),
    ("директор у нас премии раздаёт как хочет", "company_criticism", True),
    ("раз потеряли квитанцию, восстановим по номеру", "company_criticism", False),
    ("у них грузчики пьющие, все знают", "company_criticism", True),
    ("цены компания задирает будь здоров", "informal_address", False),
    ("сколько им ни говори, всё равно забывают", "informal_address", False),
    ("куда делись детали, уточню на складе", "informal_address", False),
    ("это твои проблемы, а не мои", "banned_phrase", True),
    ("столешница с постформингом дешевле", "jargon", True),
    ("эта грёбаная программа опять", "profanity", True),
    ("наличкой пять тысяч и никаких квитанций", "contact_exchange", True),
    ("нет там никакой заявки, сейчас создам", "contact_exchange", False),
    ("гарантию дам от себя, не переживайте", "contact_exchange", True),
    ("они рабочих берут без оформления", "contact_exchange", False),
    # round 6a
    ("монтажник с бодуна приехал, вот и перепутал", "company_criticism", True),
    ("директору лишь бы бабки считать, а людей не хватает", "company_criticism", True),
    ("крыльцо у них на соплях держится", "company_criticism", True),
    ("электрик поставил розетки абы как", "company_criticism", True),
    ("сметчик цены с потолка берёт", "company_criticism", True),
    ("вода капала с потолка всю ночь", "company_criticism", False),
    ("на складе полный бардак с этими заказами", "company_criticism", True),
    ("диспетчер у нас вечно путает адреса", "company_criticism", True),
    ("заявки у нас распределяют как попало", "company_criticism", True),
    ("в офис не идите, там накрутят процентов двадцать", "company_criticism", True),
    ("что он там накрутил в щитке, мастер разберётся", "company_criticism", False),
    ("опять эти придурки с доставки не приехали", "company_criticism", True),
    ("задолбали уже эти сборщики со своими переносами", "company_criticism", True),
    ("я сама бы задолбалась с таким ремонтом", "company_criticism", False),
    ("ну и работнички у вас в бригаде были", "company_criticism", True),
    ("о, Миша, здорово, как жизнь?", "informal_address", True),
    ("здорово, как быстро вы нашли номер заявки", "informal_address", False),
    ("окна помоем промальпом за один день", "jargon", True),
    ("да не ори, всё сделаем", "informal_address", True),
    ("без начальника смены заявку я не закрою", "contact_exchange", False),
    ("частные мастера обычно берут без договора, у нас договор и гарантия", "contact_exchange", False),
    # round 6b
    ("на складе вечно ставят что подешевле", "company_criticism", True),
    ("у них насос ломается через раз", "company_criticism", True),
    ("а лифт работает через раз или совсем стоит?", "company_criticism", False),
    ("у этой фирмы сплошной брак", "company_criticism", True),
    ("присылают кого найдут, того и ставят", "company_criticism", True),
    ("управляющая палец о палец не ударит", "company_criticism", True),
    ("в отделе никому дела нет до таких писем", "company_criticism", True),
    ("бухгалтерия тянет до последнего с возвратом", "company_criticism", True),
    ("директор обещает премию и не платит", "company_criticism", True),
    ("монтажники у нас никого не слушают", "company_criticism", True),
    ("график поменяли, а нас никто не спрашивал", "company_criticism", True),
    ("офис сам ничего решить не может", "company_criticism", True),
    ("поддержка всех ко мне футболит", "company_criticism", True),
    ("наши водители часто ленятся звонить заранее", "company_criticism", True),
    ("я им сто раз объяснял, как заполнять акт", "company_criticism", True),
    ("бригадир у них мудак редкий", "company_criticism", True),
    ("они вам поставят фигню за бешеные деньги", "company_criticism", True),
    ("ему лишь бы процент снять", "company_criticism", True),
    ("их сейчас хрен найдёшь в продаже", "informal_address", False),
    ("с этой поддержкой вечно не дозвонишься", "informal_address", False),
    ("ставят всё на отвали", "informal_address", False),
    ("ну походу датчик сгорел", "slang", True),
    ("для частного дома мастер берёт другой комплект", "contact_exchange", False),
    ("если не заработает через час, позвоните нам снова", "contact_exchange", False),
    ("скорее всего разболтался штульп", "jargon", True),
    # round 6c
    ("наделали они там херни с проводкой", "company_criticism", True),
    ("гвозди вбиты куда попало", "company_criticism", True),
    ("начальник наобещает с три короба, а мы потом разгребай", "company_criticism", True),
    ("на этого монтажника уже третья жалоба", "company_criticism", True),
    ("это надувательство чистой воды", "company_criticism", True),
    ("ни хрена они не делают по выходным", "company_criticism", True),
    ("дежурный опять дрыхнет, наверное", "company_criticism", True),
    ("он задолбал уже со своими опозданиями", "company_criticism", True),
    ("кладовщик у нас вечно всё просирает", "company_criticism", True),
    ("а вы саморезы какие брали, самые дешёвые?", "company_criticism", False),
    ("к чёрту эти заявки, в жопу оформление, договоримся сами", "company_criticism", False),
    ("деньги взяли и поминай как звали", "informal_address", False),
    ("приедем во вт или ср", "informal_address", False),
    ("жесть ещё не привезли, ждём машину", "slang", False),
    ("ну это вообще жесть", "slang", True),
    ("опять всё просирает", "profanity", True),
    ("нужен замок с бэксетом шестьдесят", "jargon", True),
    ("мастеру напрямую платить не нужно, оплата в приложении", "contact_exchange", False),
    ("пишите в наше сообщество вконтакте", "contact_exchange", False),
    ("запишите номер моего брата, он сам откроет", "contact_exchange", True),
    ("нахер эту заявку, за 1000 сделаю", "contact_exchange", True),
    ("нафиг заявку, так договоримся", "contact_exchange", True),
    ("за пять минут сделаю, не переживайте", "contact_exchange", False),
    ("наш мастер никогда не халтурил, он переделает бесплатно", "company_criticism", False),
    # round 6d
    ("бригадир у них тот ещё фрукт", "company_criticism", True),
    ("там всё на живую нитку сшито", "company_criticism", True),
    ("с ними бесполезно спорить про сроки", "company_criticism", True),
    ("акты у бухгалтера неделями лежат", "company_criticism", True),
    ("через офис ждать до морковкина заговенья", "company_criticism", True),
    ("электрик у нас никогда вовремя не приходит", "company_criticism", True),
    ("мы уже устали переделывать за ним", "company_criticism", True),
    ("они просто не хотят возиться с мелкими заказами", "company_criticism", True),
    ("директор годами не может решить вопрос с парковкой", "company_criticism", True),
    ("а он опять недоделал проводку", "company_criticism", True),
    ("у них ламинат — дерьмо, а не покрытие", "company_criticism", True),
    ("это не поломка, а не знаю, фигня какая-то с настройкой", "company_criticism", False),
    ("то, что хозяин не платит, — не наши заботы", "company_criticism", False),
    ("это сэкономит время мастера", "company_criticism", False),
    ("звонили насчёт штрафа? это мошенники, не отвечайте", "company_criticism", False),
    ("шарики потом по всей мастерской, задолбали такие заказы", "company_criticism", False),
    ("у нас в офисе пока до дела дойдёт, неделя пройдёт", "informal_address", False),
    ("нажмите на пульте кнопку ок", "slang", False),
    ("счётчик не привязан к аскуэ", "jargon", True),
    ("оформим как частную заявку, мастер приедет", "contact_exchange", False),
    ("в пятницу с утра приеду сам", "contact_exchange", False),
    ("могу после работы сам заскочить", "contact_exchange", True),
    ("позвоните нам, и я лично проверю", "contact_exchange", False),
    ("заявка оформлена, вот её номер: 318-552, мастер позвонит", "contact_exchange", False),
    # round 6e
    ("снабженцы опять сорвали поставку", "company_criticism", True),
    ("начальник смены ни за что не отвечает", "company_criticism", True),
    ("на этих монтажников управы нет", "company_criticism", True),
    ("я уже устала за них извиняться", "company_criticism", True),
    ("жалобы там уходят, и с концами", "company_criticism", True),
    ("они только бумажки рисуют", "company_criticism", True),
    ("эти ребята жуки, берут предоплату и пропадают", "company_criticism", True),
    ("наш лифт работает через раз?", "company_criticism", False),
    ("это всё переделывать надо часа на три", "company_criticism", False),
    ("он после себя вечно срач оставляет", "profanity", True),
    ("слив будет на КОС", "jargon", True),
    ("без замера мы никогда не заказываем", "contact_exchange", False),
    ("без чека тоже примут по номеру телефона", "contact_exchange", False),
    ("общий номер диспетчерской в WhatsApp 8 925 110-20-20", "contact_exchange", False),
    ("этот сотовый мой, на него и звоните", "contact_exchange", True),
    # round 6f
    ("пришлю другого, он нормальный, не то что этот", "company_criticism", True),
    ("монтажники у них работают спустя рукава", "company_criticism", True),
    ("там откровенные жулики сидят", "company_criticism", True),
    ("в той фирме вам что угодно скажут, лишь бы подписали", "company_criticism", True),
    ("это может быть что угодно, мастер посмотрит", "company_criticism", False),
    ("у их сборщиков руки из жопы растут", "company_criticism", True),
    ("эти долбаные грузчики опять опоздали", "company_criticism", True),
    ("бухгалтерия месяцами тянет с возвратом", "company_criticism", True),
    ("мы ничем помочь не сможем, запчастей нет", "banned_phrase", True),
    ("мы незнаем, кто рассматривает", "banned_phrase", True),
    ("Приветики! Чем помочь?", "informal_address", True),
    ("не знаю, погугли", "informal_address", True),
    ("кладём плитку на СВП", "jargon", True),
    ("я со своей личной почты отправлю скан", "contact_exchange", True),
    ("главное, пишите мне туда, а не сюда", "contact_exchange", True),
    ("возьмём у поставщика по их цене без наценки", "contact_exchange", False),
    ("позвоните ему сами со своего телефона", "contact_exchange", False),
    # round 7: criticism.verdicts and its neighbours
    ("через контору придётся ждать полгода, не меньше", "company_criticism", True),
    ("бригадир у нас опять всё напутал с адресами", "company_criticism", True),
    ("электрики у нас не самые пунктуальные, честно скажу", "company_criticism", True),
    ("приношу извинения от лица компании за долгое ожидание", "company_criticism", False),
    ("вы опять забыли код от домофона?", "company_criticism", False),
    ("не самый удобный вариант, но другого окна нет", "company_criticism", False),
    ("это х**ня, а не аккумуляторы, китайские", "company_criticism", False),
    ("в офисе совсем охренели с этими графиками", "company_criticism", True),
    ("Гена нормальный, в отличие от Витьки", "company_criticism", True),
    ("в отличие от прошлого года, цены не выросли", "company_criticism", False),
    # round 7g
    ("склад у нас нерасторопный, так что раньше среды не ждите", "company_criticism", True),
    ("у нас сегодня медленный интернет, карточка долго грузится", "company_criticism", False),
    ("электрик наш любит задерживаться, предупреждаю сразу", "company_criticism", True),
    ("сроки у них вечно не соблюдаются", "company_criticism", True),
    ("сертификат у этой фирмы липовый, я проверяла", "company_criticism", True),
    ("мастера там как сонные мухи", "company_criticism", True),
    ("мы за ними потом всё переделываем", "company_criticism", True),
    ("контроллер отвечает через раз, мастер его заменит", "company_criticism", False),
    ("Мастер уже у подъезда. Я внесла Вашу жалобу в заявку", "company_criticism", False),
    ("за чужую работу мы не отвечаем, обратитесь к ним", "company_criticism", False),
    ("после обновления вылез баг, фикс уже выкатили", "jargon", True),
    ("перезвоню вам по второй линии через минуту", "jargon", False),
    ("ЦПС — это цементно-песчаная смесь для стяжки", "jargon", False),
    ("опрессовка это когда мы проверяем трубы под давлением", "jargon", False),
    ("платить сейчас никто не будет. Пишите претензию на почту", "contact_exchange", False),
    ("в диспетчерскую по этому поводу не звоните, сами договоримся", "contact_exchange", True),
    ("пишите в наш официальный телеграм — @domservis_chat", "contact_exchange", False),
    ("я сам с бригадой приеду, прослежу", "contact_exchange", False),
    # round 7h
    ("расскажу про наши условия: мы всегда делаем две обработки", "company_criticism", False),
    ("Скидки у нас бывают всегда 😄 Как Вас зовут?", "company_criticism", False),
    ("у нас с доставкой как всегда", "company_criticism", True),
    ("бухгалтерия у нас неповоротливая, документы неделями идут", "company_criticism", True),
    ("акт нарисую сам, не переживайте", "company_criticism", False),
    ("оформим через бэк-офис, если техника дороже миллиона", "company_criticism", False),
    ("с этими рабочими планшетами вечно херня", "company_criticism", False),
    ("монтажник опять херню накрутил с проводкой", "company_criticism", True),
    ("прошивку роутера надо перепрошить", "jargon", True),
    ("у вас эрлифт забился", "jargon", True),
    ("мы без оформленной заявки не выезжаем", "contact_exchange", False),
    ("заявка оформлена, вот номер: 4412. Мастер позвонит накануне", "contact_exchange", False),
    ("с телефона напрямую распечатать не выйдет", "contact_exchange", False),
    ("давайте я вам сама поменяю за полторы, мне по пути", "contact_exchange", True),
    # round 7i
    ("склад там месяцами тянут с отгрузкой", "company_criticism", True),
    ("сколько они её рассматривают, мы не знаем, обычно около недели", "company_criticism", False),
    ("ребята на складе тоже хороши, всё перепутали", "company_criticism", True),
    ("в этом салоне сверху процентов двадцать накидывают", "company_criticism", True),
    ("с этим поставщиком каши не сваришь", "company_criticism", True),
    ("Марине ничего не говорите, ладно?", "contact_exchange", True),
    ("только сюда про это ни слова", "contact_exchange", True),
    ("через магазин оформлять не будем, так дешевле", "contact_exchange", True),
    ("сообщение удалите, там ошибка в адресе", "contact_exchange", False),
    ("диспетчерам никто ничего не говорит, вот и путаница", "contact_exchange", False),
    ("частные мастера часто работают без договора, у нас всё по договору", "contact_exchange", False),
    # round 7j
    ("кидайте фото мне в вотсап 89047771122", "company_criticism", False),
    ("в «Окнах-Плюс» одни перекупы, двери потом меняют по браку", "company_criticism", True),
    ("бухгалтерия у нас тоже молодцы, опять счёт потеряли", "company_criticism", True),
    ("в сервисном центре тянут резину месяцами", "company_criticism", True),
    ("сделаю в обход офиса, так дешевле", "contact_exchange", True),
    ("про Игоря в чате не упоминайте, хорошо?", "contact_exchange", True),
    ("код от домофона в чат, пожалуйста, не пишите", "contact_exchange", False),
    # round 7k
    ("мы никому ничего не рассказываем, всё конфиденциально", "contact_exchange", False),
    ("только через приложение не оформляйте, а то ему попадёт", "contact_exchange", True),
    ("в «Мастерской-24» оплата идёт мастеру напрямую, у нас через кассу", "contact_exchange", False),
    ("мы без заявки по квартирам не ходим", "contact_exchange", False),
    ("Слушай, я никого сейчас не достану, все на выездах", "company_criticism", False),
    ("электриков нормальных нет, все разбежались", "company_criticism", True),
    ("это жопа, а не сервис", "company_criticism", True),
    ("у нас мастера без допуска не работают", "company_criticism", False),
    ("у них работают мастера без квалификации", "company_criticism", True),
    # round 7l
    ("Список работников мы не даём, это персональные данные", "company_criticism", False),
    ("гарантия у этой фирмы одно название", "company_criticism", True),
    ("про скидку в заявке не упоминайте", "contact_exchange", True),
    ("поставлю сам после работы за полторы", "contact_exchange", True),
    # rounds 7m–7q
    ("у нас на складе плитку закупают самую дешёвую, вот она и трескается", "company_criticism", True),
    ("в офисе только бумажки перекладывают", "company_criticism", True),
    ("там у них одни студенты, сегодня пришли, завтра ушли", "company_criticism", True),
    ("ступени забежные экономят место на повороте", "company_criticism", False),
    ("через контору дорого, у них наценка под сорок процентов", "company_criticism", True),
    ("через фирму дороже выйдет, а так я сам в субботу приеду за три тысячи", "company_criticism", False),
    ("через фирму дороже выйдет, а так я сам в субботу приеду за три тысячи", "contact_exchange", True),
    ("приношу извинения от лица компании за долгое ожидание", "company_criticism", False),
    ("скажете в офисе, что передумали, и всё", "contact_exchange", True),
    ("у меня знакомый сантехник есть, он дешевле сделает", "contact_exchange", True),
    ("без всяких договоров сделаем, не переживайте", "contact_exchange", True),
    ("код от подъезда мы по телефону не сообщаем, такое правило", "contact_exchange", False),
    ("фото можно прислать в телеграм студии @remont_studio_ekb — это наш официальный аккаунт", "contact_exchange", False),
    ("могу попросить старшего мастера приехать к девяти", "contact_exchange", False),
    ("звоните 8 800 555 35 35, там оформят", "contact_exchange", False),
    ("Храни Вас Бог, до свидания", "informal_address", False),
    # round 7s
    ("Гермоввод — герметичный проход кабеля через стену, его ставит монтажник", "jargon", False),
    ("под топкоут сначала идёт праймер в два слоя", "jargon", True),
    ("мы тут Вам ничем не поможем, обращайтесь в управляющую компанию", "banned_phrase", True),
    ("спасибо что дождалась, Ольга Петровна, мастер будет в среду", "informal_address", True),
    ("им хоть пиши, хоть звони, всё равно по-своему сделают", "informal_address", False),
    ("Добрый день, компания «Уют», меня зовут Тауби", "informal_address", False),   # a name read as «тауби!»
    ("ну ясен пень, картридж менять надо", "slang", True),
    ("манагеры опять заявку потеряли", "slang", True),
    # round 7t
    ("а кто ж его знает, когда привезут", "banned_phrase", True),
    ("это с управляющей компанией сами разбирайтесь", "banned_phrase", True),
    ("по гарантии помочь тут ничем не выйдет", "banned_phrase", True),
    ("у меня ничего не выйдет без ключа от щитовой", "banned_phrase", False),
    ("хз, спрошу у мастера", "slang", True),
    ("нужно прописать айпи адрес принтера в настройках", "informal_address", False),   # a guessed «айпи!»
    ("лайкни пост в группе, там скидка", "informal_address", True),   # a guess with no noun reading
    ("столешница немного короче стены, закроем планкой", "parasite_word", False),   # the comparative
    # round 7u
    ("в том салоне неделю мурыжат с замером", "company_criticism", True),
    ("ремонт через них выйдет втридорога", "company_criticism", True),
    ("плитку я свою привезу, со склада брать не надо", "contact_exchange", True),
    ("цвет прикольный получился, плёнка ровная", "slang", True),
    # round 7v
    ("понимаю, ситуация хреновая, мастер будет завтра", "company_criticism", False),
    ("для стен и потолка выйдет около сорока тысяч, точную сумму скажет замерщик", "company_criticism", False),
    ("если откосы кривые, придётся делать подрезку", "company_criticism", False),
    ("а заявку в приложении не создавайте, договоримся так", "contact_exchange", True),
    ("пацаны за день всё соберут", "slang", True),
    ("да не ссы, всё будет", "profanity", True),
    # round 7w
    ("под плиту нужна евророзетка и отдельная линия", "jargon", True),
    ("на лобовое ставим атермалку, она почти прозрачная", "jargon", True),
    ("сфоткай щиток и пришли сюда, гляну", "informal_address", True),
    ("адрес пришли, запишу на субботу", "informal_address", True),
    ("комплектующие пришли на склад во вторник", "informal_address", False),   # the past plural
    ("алло, чё хотела?", "informal_address", True),
    ("если курьер опоздает, напишите сюда, я лично разберусь", "contact_exchange", False),   # this chat
    ("смета придёт в сообщения сообщества вконтакте, и её можно открыть в кабинете", "contact_exchange", False),
    ("монтажники деньги на руки не принимают, только по договору", "contact_exchange", False),
    ("запил под мойку делает мастер на месте", "company_criticism", False),   # the worktop cut
    ("то есть ещё дня три, типа к пятнице", "company_criticism", False),   # the filler «типа»
    ("в таких шарашках клей льют как попало", "company_criticism", True),
    ("у нас прайс завышен, это правда", "company_criticism", True),
    ("Степан опытный, не то что нынешние стажёры", "company_criticism", True),
    ("только тут про деньги не пишите, его менеджеры читают", "company_criticism", False),
    ("сразу перекрой кран под раковиной", "informal_address", True),   # not the noun «перекрой»
    ("у них гарантия только на бумажке", "company_criticism", True),
    ("гарантию дам лично, на слово. Бумаги оформлять не будем", "company_criticism", False),
    ("передам ещё раз, там тоже не торопятся, сами понимаете", "company_criticism", True),
    ("не торопитесь, подумайте спокойно", "company_criticism", False),
    ("слышь, а счётчик где у вас стоит", "informal_address", True),
    # round 7x
    ("под обшивку по окнам ставим J-профиль и околооконку", "jargon", True),
    ("по клопам делаем барьерку по плинтусам", "jargon", True),
    ("так значит смотрите мастер будет завтра", "parasite_word", True),
    ("если автомат выбьет значит утечка на корпус", "parasite_word", False),
    ("бригада в короче работает по вторникам", "parasite_word", False),
    ("только не пишите тут, а то меня вздрючат", "profanity", True),
    ("да запил считается отдельно, триста за метр", "company_criticism", False),
    ("водила опять запил, машины сегодня нет", "company_criticism", True),
    ("мы никогда не вмешиваемся в то что мастер закупил", "company_criticism", False),
    ("наличкой на материал, чек не нужен, сэкономите", "company_criticism", False),
    ("личные номера мастеров мы передать не можем", "contact_exchange", False),
    ("понимаю, я напишу директору напрямую", "contact_exchange", False),
    # round 7y
    ("полотно крепим на гарпун, по стене пойдёт багет", "jargon", True),
    ("по публичной карте участок есть, а координат в ЕГРН нет", "jargon", True),
    ("если засор глубоко, мастер предложит гидродинамику", "jargon", True),
    ("там всё путают, звоните в среду", "company_criticism", True),
    ("на повороте ставим забежные, они экономят место", "company_criticism", False),
    ("только в бюро про меня ни слова", "contact_exchange", True),
    ("ты меня только не сдавай, ладно", "contact_exchange", True),
    ("телегу мою не теряйте, если что", "contact_exchange", True),
    ("через меня дешевле выйдет, рил", "slang", True),
    # round 7z
    ("насос вешаем ниже, статика у вас метров пятнадцать", "jargon", True),
    ("по тревоге уже выехала ГБР", "jargon", True),
    ("сначала закажем поэтажку, потом техзак", "jargon", True),
    ("имхо, проще заменить целиком", "slang", True),
    ("ну всё, мотору хана", "slang", True),
    ("опять блядство с доставкой", "profanity", True),
    ("да твою ж мать, опять упало", "profanity", True),
    ("если спросят, скажи сами разобрались", "contact_exchange", True),
    ("звонить будешь только мне, договорились?", "contact_exchange", True),
    # round 8a
    ("мастер пройдёт вытяжку щёточной машиной", "jargon", True),
    ("тарелку придётся заново юстировать", "jargon", True),
    ("сначала пройдём барабанкой, потом трёхдиском", "jargon", True),
    ("пф, ну и что, переделаем", "jargon", False),   # a sigh, not the enamel ПФ
    # round 8b
    ("на мотоблок поставим грунтозацепы, иначе забуксует", "jargon", True),
    ("продиктуйте номер ЛС с квитанции", "jargon", True),
    ("для балкона нужен триплекс — это два стекла, склеенные плёнкой", "jargon", False),   # explained
    ("по эс эл эй на это три рабочих дня", "jargon", True),   # «это три дня» explains nothing
    ("это наш косяк, переделаем бесплатно", "slang", True),
    ("сто пудов успеем до пятницы", "slang", True),
    ("только начальству не пали", "contact_exchange", True),
    ("только начальству не пали", "informal_address", True),
    ("я передам заявку напрямую старшему мастеру", "contact_exchange", False),
    ("ну если платил без чека никак", "contact_exchange", False),
    ("сделаем, только там наценка дикая", "company_criticism", True),
    ("этот менеджер вам лапши навешал", "company_criticism", True),
    ("им хоть кол на голове теши", "company_criticism", True),
    ("при ударе оно рассыпается на мелкие тупые кусочки. Триплекс — это другое", "company_criticism", False),
    ("ветер там у вас будь здоров, нужен триплекс", "informal_address", False),
    ("как бы это у них по-другому считается", "parasite_word", True),
    # round 8c
    ("горелка не зажигается, электрод закоксовался", "jargon", True),
    ("на чердаке сделаем перетрубье", "jargon", True),
    ("сначала пятновыводка, потом экстракция", "jargon", True),
    ("изи, за час управимся", "slang", True),
    ("офис палит все переписки", "slang", True),
    ("вы главное в управляющей не говорите, что через меня", "contact_exchange", True),
    ("в заявку это писать не будем", "contact_exchange", True),
    ("деньги не через кассу, так дешевле", "contact_exchange", True),
    ("работаем без выходных: офис с девяти до восьми", "contact_exchange", False),
    ("без чека бухгалтерия не пропустит", "contact_exchange", False),
    ("водители у нас сами себе хозяева", "company_criticism", True),
    ("в отделе одни тормоза", "company_criticism", True),
    ("на груди металлическая бляха с логотипом", "profanity", False),
    ("после тёртых хренов остаются брызги", "profanity", False),
    ("банки с тёртым корнем хрена переставим", "profanity", False),
    ("если котёл того же типа, можно оставить", "parasite_word", False),
    # round 8d
    ("пульт не работает, нужна прописка пульта заново", "jargon", True),
    ("на шультере сбился капсюль", "jargon", True),
    ("ставим фильтр-осушитель и заправляем R404", "jargon", True),
    ("плитку возьму со своей скидкой, привезу сам", "contact_exchange", True),
    ("офис не узнает, не переживайте", "contact_exchange", True),
    ("это не через сервис, зато быстро", "contact_exchange", True),
    ("со своей стороны оформлю скидку на сетки", "contact_exchange", False),   # an apology's discount
    # round 8e
    ("внутряк повесим над дверью, наружник на фасад", "jargon", True),
    ("пятно снимем на споттере, потом пальто в перхлорку", "jargon", True),
    ("течёт, скорее всего, по примыканию к трубе", "jargon", True),
    ("заявка не прошла скоринг, попробуйте завтра", "jargon", True),
    ("канеш, заедем завтра", "slang", True),
    ("брюки можно сделать на три сантиметра короче", "parasite_word", False),   # the comparative
    ("в сухую погоду срок выйдет даже короче", "parasite_word", False),
    ("за курьеров я не ручаюсь, сами знаете", "company_criticism", True),
    ("за точность не ручаюсь, но примерно к обеду", "company_criticism", False),
    # round 8f
    ("после обработки экспозиция сутки, потом проветрить", "jargon", True),
    ("в музее открылась новая экспозиция", "jargon", False),
    ("по периметру поставим станции с родентицидом", "jargon", True),
    ("газель с гидробортом будет к девяти", "jargon", True),
    ("ИПУ значит индивидуальный прибор учёта", "jargon", False),   # explained
    ("ХВС и ГВС это холодная и горячая вода", "jargon", False),
    ("секунду, у меня звонок на второй линии", "jargon", False),   # a phone line
    ("им лишь бы бабла побольше", "slang", True),
    ("чекайте почту вечером", "slang", True),
    ("ригель упирается в косяк, надо регулировать", "slang", False),   # the door frame
    ("заказали маленький бак, хрен пойми зачем", "informal_address", False),
    ("этот маршрут короче, но там ремонт", "parasite_word", False),
    ("по заявке визит с двенадцати, я могу подъехать к часу", "contact_exchange", False),
    ("без проекта управляющая компания счётчик не примет", "contact_exchange", False),
    ("переведите мне пять тысяч, и всё", "contact_exchange", True),
    ("акт будет, когда начальник соизволит подписать", "company_criticism", True),
    ("плиточники у нас кладут по вдохновению", "company_criticism", True),
    # round 8g
    ("на таймграфере амплитуда низкая", "jargon", True),
    ("ось баланса погнута, нужен ремонтаж", "jargon", True),
    ("скорее всего шим контроллер выгорел", "jargon", True),
    ("лежак в подвале забился", "jargon", True),
    ("сделаем чистку, смазку и регулировку", "jargon", False),   # maintenance in any trade
    ("стоимость зависит от типа браслета", "parasite_word", False),   # the noun «тип»
    ("на планшете разъём типа USB-C", "parasite_word", False),
    ("если пришлёте сегодня, срок будет короче", "parasite_word", False),
    ("всё будет короче записывай", "parasite_word", True),
    # round 8h
    ("на контроллере холлы отвалились", "jargon", True),
    ("нужна распашонка из профтрубы", "jargon", True),
    ("подберём колер, разнотона не будет", "jargon", True),
    ("в холлах клиник ставим диваны", "jargon", False),
    ("сделаем под расписку, без договора", "contact_exchange", True),
    ("няня заберёт ключи под расписку", "contact_exchange", False),
    # round 8i
    ("у машинки игловодитель болтается, поменяем втулку", "jargon", True),
    ("на фидере авария, бригада ОВБ уже выехала", "jargon", True),
    ("под ламинат пойдёт XPS и демпферка по стенам", "jargon", True),
    ("мастер у нас по выходным левачит", "slang", True),
    ("после тусы уберём часа за три", "slang", True),
    ("здрасьте, это мастер Олег по вашей заявке", "informal_address", False),   # a spoken «здравствуйте»
    ("она опять опоздала, хоть увольняй", "informal_address", False),
    ("с двумя бригадами уборка будет короче по времени", "parasite_word", False),
    ("в той конторе одни студенты, работают без договора", "contact_exchange", False),   # rivals
    ("он без договора работает, зато дешевле", "contact_exchange", True),
    ("в приложении оплата проходит без комиссии", "contact_exchange", False),
    ("заявление можно написать в личном кабинете", "contact_exchange", False),
    ("кое-что придумаем, у меня брат как раз этим занимается", "company_criticism", False),
    ("у них там всё кое-как, потом переделываем", "company_criticism", True),
    ("без мастера хрен разберёмся, что там сгорело", "company_criticism", False),
    # round 8j
    ("кожух из ГКЛО, в перекрытие термовставка", "jargon", True),
    ("на экране гибридника посмотрите SOC", "jargon", True),
    ("швы закольматируем, по углам заведём галтель", "jargon", True),
    ("у вас комп старый, видос не потянет", "slang", True),
    ("я сам от них фигею", "slang", True),
    ("эти долбоёбы опять всё перепутали", "profanity", True),
    ("эти деятели опять не тот диаметр привезли", "company_criticism", True),
    ("офис почешется только к понедельнику", "company_criticism", True),
    ("могу приехать и переделать по гарантии", "contact_exchange", False),
    ("пишите в наш Telegram-бот @dom_help", "contact_exchange", False),
    # round 8k
    ("да хрен его знает, когда они приедут", "banned_phrase", True),
    ("х*р его знает", "banned_phrase", True),
    ("Вы рассказали о проблеме. Я передам Ваш случай руководителю", "banned_phrase", False),   # two sentences
    ("это, знаете, ваши проблемы", "banned_phrase", True),
    ("разболтались шипы в царге, потом пройдём бейцем", "jargon", True),
    ("бетон с РБУ, под плиту ОПГС и ЭППС", "jargon", True),
    ("отдадите налом и всё", "slang", True),
    ("эти горе-поставщики опять подвели", "company_criticism", True),
    ("трассу развезло в хлам, бригада не проедет", "company_criticism", False),
    ("грязь эта сраная, ждём заморозков", "company_criticism", False),
    ("тёплый пол это экономит около двухсот тысяч", "company_criticism", False),
    ("официально нельзя, но кто ж узнает", "contact_exchange", True),
    ("могу сделать сам без обращения", "contact_exchange", True),
    # round 8l
    ("разводите смесь один к пятидесяти", "company_criticism", False),   # «разводила» is also a verb's past
    ("в той фирме разводят пенсионеров на доплаты", "company_criticism", True),
    ("мы на запчастях никогда не экономим", "company_criticism", False),
    ("за выезд денег не берём, только за ремонт", "company_criticism", False),
    ("монтажник у нас тот ещё раздолбай", "profanity", True),
    ("могу скинуть номер нашего сварщика, он по вечерам свободен", "contact_exchange", True),
    ("жиклёр забился, надо чистить", "jargon", True),
    ("недовложение по накладной, оформим возвратку", "jargon", True),
    # round 8m
    ("ВИС это внутридомовые инженерные системы, их ремонт в плане", "company_criticism", False),   # not «эти»
    ("оплатить можно на почте без квитанции, по номеру счёта", "contact_exchange", False),
    ("у меня есть свои ребята, поставят по выходным", "contact_exchange", True),
    ("лучше брать шланг короче двух метров", "parasite_word", False),
    ("хорошего дня и привет котику", "informal_address", False),
    ("ниппель травит, поменяем золотник", "jargon", True),
    ("медь и латунь по цветмету, отдельно от черняги", "jargon", True),
    # round 8n
    ("жаловаться ни на кого не нужно, мастер приедет в четверг", "company_criticism", False),
    ("у вас кража со взломом или грабёж по полису", "company_criticism", False),   # the insured risk
    ("постараюсь, эта глина сраная налипла на гусеницы", "company_criticism", False),
    ("чинить трубу ищите частного сантехника", "contact_exchange", False),
    ("по делу запущена суброгация, расчёт на акцепте", "jargon", True),
    ("сначала гидромолотом пройдём фундамент", "jargon", True),
    # round 8o
    ("Передам, толку-то.", "company_criticism", True),
    ("солярка дорожает, карьеры дерут три шкуры", "company_criticism", True),
    ("студии об этом знать не обязательно", "contact_exchange", True),
    ("следующий заказ можно направить мне напрямую через приложение", "contact_exchange", False),
    ("я водителю лично номер вашего участка скажу", "contact_exchange", False),
    ("вывалю у поворота, а вы тачками перетаскаете", "slang", False),
    ("привезём подменник, пока ваш концентратор в ремонте", "jargon", True),
    ("песок привезём в две ходки", "jargon", True),
    # round 8p
    ("страховая наша — отдельная песня", "company_criticism", True),
    ("через линию Вас опять будут кормить завтраками", "company_criticism", True),   # (after «Вас»: criticism.verdicts skips it)
    ("станции об этом знать необязательно", "contact_exchange", True),
    ("я вам по-своему сделаю, дешевле", "contact_exchange", True),
    ("заготовка у меня дома есть, но это уже мимо приёмки", "contact_exchange", True),
    ("документ можно отправить через личный кабинет, без визита в офис", "contact_exchange", False),
    ("импеллер закусило, править надо", "jargon", True),
    ("кран встанет на аутригеры", "jargon", True),
    # round 8q
    ("поменяем циркуляционник и оринги на форсунках", "jargon", True),
    ("фудкост по этому меню посчитаю к обеду", "jargon", True),
    ("после монтажа счётчика подпишем АТП", "jargon", True),
    ("в приложении есть моя страница, оттуда можно заказать меня повторно", "contact_exchange", False),
    ("посмотрите мой профиль на сайте сервиса, там отзывы", "contact_exchange", False),
    # round 8r
    ("в гараже у вас скорее всего однофазка, больше семи киловатт не снимем", "jargon", True),
    ("балансировку сделаем через DLM", "jargon", True),
    ("сначала закрыткой по стене пройдём", "jargon", True),
    ("счётчик однофазный, менять его не нужно", "jargon", False),
    # round 8s
    ("у вас скорее всего залип четырёхходовик, мастер посмотрит", "jargon", True),
    ("колонки заводятся в защиту, надо скрутить гейн", "jargon", True),
    ("для плиты нужна трёхфаза, от обычной розетки не получится", "jargon", True),
    ("сваи закрутим ручником, машина не пройдёт", "jargon", True),
    ("УЗИП — это устройство защиты от скачков напряжения, ставится в щиток", "jargon", False),
    ("да у нас бухгалтерия опять тупит с актами", "slang", True),
    ("не переживайте, я всё разрулю до вечера", "slang", True),
    ("оплата картой или по ссылке, наличные я не принимаю", "contact_exchange", False),
    # round 8t
    ("насос встал, скорее всего сухой ход сработал", "jargon", True),
    ("заказ висит в пуле, автоподбор назначит исполнителя", "jargon", True),
    ("на подводке надо поменять американку", "jargon", True),
    ("камера подключается к хабу, который мастер привезёт", "jargon", False),
    ("да задрали уже эти поставщики со своими сроками", "profanity", True),
    ("поставщик опять цены задрал, извините", "profanity", False),
    ("я понятия не имела, что мастер уже уехал", "banned_phrase", True),
    # round 8u
    ("датчик протечки выпал из меша, переподключим", "jargon", True),
    ("по углам у вас мостики холода, тепловизор покажет", "jargon", True),
    ("штукатурка бухтит возле окна", "jargon", True),
    ("за срочность пятнашку сверху", "slang", True),
    ("склад опять всё похерил с отгрузкой", "profanity", True),
    # round 8v
    ("инвертор не заряжает, лифер на морозе заряд не берёт", "jargon", True),
    ("по ошибке видно, что BMS отключила батарею", "jargon", True),
    ("на ночь поставим ДГУ, утром заберём", "jargon", True),
    ("этажи разные, межэтажка между ними есть?", "jargon", True),
    ("к пятнице закончатся мокрые процессы, потом поклейка", "jargon", True),
    ("этот тариф можно оставить на постоянку", "jargon", False),
    ("у триммера скорее всего карб забился", "jargon", True),
    ("водитель ещё не закрыл маршрутный лист", "jargon", True),
    ("скиньте фото счётчика плз", "slang", True),
    ("в общем чате не пиши, палево", "slang", True),
    ("опять какую-то х..ню со склада прислали", "profanity", True),
    ("б...ть, извините, трубу сорвало", "profanity", True),
    ("ну...да, мастер будет в пятницу", "profanity", False),
    ("ну всё, до четверга, не болей", "informal_address", True),
    ("нет болей в спине после сборки?", "informal_address", False),
    # round 8w
    ("горячее привезём в чафингах, не остынет", "jargon", True),
    ("сначала согласуем тайминг банкета", "jargon", True),
    ("снимаем с гимбала, картинка не трясётся", "jargon", True),
    ("пальто в перхлор не отдадим, ткань не выдержит", "jargon", True),
    ("брюки подошьют в швейке к пятнице", "jargon", True),
    ("если погас фитиль, скорее всего магнитник", "jargon", True),
    ("дачу обработаем фумигацией, три дня не заходить", "jargon", True),
    ("заказов сейчас дофига, раньше среды не успеем", "slang", True),
    ("у них проверки лишь бы галочку поставить", "company_criticism", True),
    ("звонила на склад, там никто трубки не берёт", "company_criticism", True),
    ("поставим галочку в договоре, и всё", "company_criticism", False),
    # round 8x
    ("похоже, термоузел под замену, привезу завтра", "jargon", True),
    ("поменяем драм-юнит и сбросим счётчик", "jargon", True),
    ("перед операцией врач сделает премедикацию", "jargon", True),
    ("диван это кго его вывозят по отдельной заявке", "jargon", True),
    ("раму сначала пройдём дробеструем", "jargon", True),
    ("ворота почистим пескоструйным аппаратом и покрасим", "jargon", False),
    ("в цеху сейчас нифига не успевают", "company_criticism", True),
    ("у нас компрессор ломается через день", "company_criticism", True),
    ("поставщик снова отличился, привёз не тот цвет", "company_criticism", True),
    ("их грунтовка полное фуфло", "company_criticism", True),
    ("швея сначала сметает на живую нитку, потом примерка", "company_criticism", False),
    ("у вас видюха перегревается, надо чистить", "slang", True),
    ("с этой доставкой сплошной геморрой", "slang", True),
    # round 8y
    ("на погрузчике контактор подгорел, заменим", "jargon", True),
    ("после пожара пройдём термотуманом и озоном", "jargon", True),
    ("конденсер забит пылью, его надо продуть", "jargon", True),
    ("сверху набьём обрешётку под вагонку", "jargon", True),
    ("пневмонагнетатель подгоним прямо к подъезду", "jargon", True),
    ("подошву поменяем, сделаем сол-свап с донорской пары", "jargon", True),
    ("имениннице подарим медаль Леди Баг", "jargon", False),
    ("ТТН это как бы накладная на груз, подпишете при получении", "jargon", False),
    ("эти уроды из транспортной привезли не тот цвет", "company_criticism", True),
    ("студия себе половину забирает ни за что", "company_criticism", True),
    ("Фирма «Тёплый дом», Олег. Погода так себе, но мастер выехал", "company_criticism", False),
    ("это клоун Бим, ваш аниматор на субботу", "company_criticism", False),
    ("в офис не перезванивайте, я сам всё решу", "contact_exchange", True),
    ("оформлять через салон не будем, так дешевле", "contact_exchange", True),
    ("деньги лучше лично мне, без кассы", "contact_exchange", True),
    ("вопросы пишите в наш телеграм, там отвечают круглосуточно", "contact_exchange", False),
    ("брат по выходным калымит на газели", "slang", True),
    ("курьерка опять задерживает посылку", "slang", True),
    ("заказ для Лады Петровны готов", "slang", False),
    # round 8z
    ("на погрузчике надо менять гидрораспределитель", "jargon", True),
    ("обвязку ёмкости переделаем весной", "jargon", True),
    ("буквы сделаем с контражуром, будет красиво", "jargon", True),
    ("по аудиограмме видно снижение на высоких", "jargon", True),
    ("этих линз в стоке нет, привезём под заказ", "jargon", True),
    ("аппарат вам подойдёт заушный, RIC", "jargon", True),
    ("вход с торца, рядом с тэ цэ радуга", "jargon", False),
    ("там одни перекупщики, не связывайтесь", "company_criticism", True),
    ("запчасти по гарантии фиг дождёшься", "company_criticism", True),
    ("деньги мастерская получает только после монтажа", "company_criticism", False),
    ("без маркетплейса цена другая", "contact_exchange", True),
    ("бронь отмените, типа вы передумали", "contact_exchange", True),
    ("у меня мобила разрядилась, перезвоню", "slang", True),
    ("это наш топ по продажам", "slang", True),
    # round 9a
    ("перед выездом проверим тарировку датчика", "jargon", True),
    ("по конфигу терминала всё верно, ждём сигнала", "jargon", True),
    ("надо подогнуть крапаны, иначе камень выпадет", "jargon", True),
    ("кольцо отдадим после закрепки камня", "jargon", True),
    ("пришлите коносамент, проверим даты", "jargon", True),
    ("после оверпака чаша всегда горчит", "jargon", True),
    ("Гена вечно не отмечает выезды", "company_criticism", True),
    ("в шоке от ценника на кварц, честно", "company_criticism", True),
    ("туда фиг дозвонишься после обеда", "company_criticism", True),
    ("у меня кум ставит такие же, выйдет дешевле", "contact_exchange", True),
    ("поставлю вам в воскресенье по дружбе", "contact_exchange", True),
    ("мимо агрегатора дешевле получится", "contact_exchange", True),
    ("прога опять зависла, секундочку", "slang", True),
    ("поставщик что-то мутит с ценами", "slang", True),
    ("я вас уже зарегал, ждите мастера", "slang", True),
    # round 9b
    ("в пятницу сделаем инкассацию автомата", "jargon", True),
    ("планограмму обновим в понедельник", "jargon", True),
    ("на складе дефектура по этому препарату", "jargon", True),
    ("по телеметрии видно, что автомат пустой", "jargon", True),
    ("ваш номер ка эр сто двенадцать, запишите", "jargon", False),
    ("пишите на инфо собака тлт точка ру", "jargon", False),
    ("прививка защищает от геморрагической болезни", "slang", False),
    ("стукни мне вечером, договоримся", "slang", True),
    ("снарягу выдадим на месте", "slang", True),
    ("ему пох, он не перезвонит", "profanity", True),
    ("им лишь бы процент взять", "company_criticism", True),
    ("там кто попало работает", "company_criticism", True),
    ("у друга есть такой, отдаст недорого", "contact_exchange", True),
    ("я тебе сам занесу вечером", "contact_exchange", True),
    ("у брата такая же газель, он свозит", "contact_exchange", True),
    # round 9c (the «цирк» row: the venue, excluded in criticism.verdicts)
    ("рейд на сервере развалился, диски меняем", "jargon", True),
    ("джоба ночью упала, перезапущу", "jargon", True),
    ("гитару отдадим после перелада", "jargon", True),
    ("на виртуалке места не осталось", "jargon", True),
    ("поставим хамбакер, звук станет плотнее", "jargon", True),
    ("скрипка пока на стапеле, клей сохнет", "jargon", True),
    ("сервак перезагрузим вечером", "slang", True),
    ("такой вариант не катит, давайте другой", "slang", True),
    ("да там звиздец что творится", "profanity", True),
    ("заколебали эти пробки, опоздаю", "profanity", True),
    ("это не у нас проблема, звоните в банк", "banned_phrase", True),
    ("на приёмке опять цирк, извините", "company_criticism", True),
    ("в бухгалтерии месяц волокиты будет", "company_criticism", True),
    ("всё равно откажут, но попробуйте", "company_criticism", True),
    ("билеты в цирк продаются на кассе", "company_criticism", False),
    ("оплату лучше мне в руки, так проще", "contact_exchange", True),
    ("на вахте ничего не говорите, проходите", "contact_exchange", True),
    ("бронь не оформляйте, приходите вечером", "contact_exchange", True),
    ("подклею за пятихатку вечером", "contact_exchange", True),
    ("в отзыве не пишите, что я приезжал", "contact_exchange", True),
    ("только тихо, а то меня уволят", "contact_exchange", True),
    ("монтаж у них не самое сильное место", "company_criticism", True),
    ("если не почистить фильтр, будет ещё хуже", "company_criticism", False),
    # round 9d (the «круто вниз», «постой» and «здорова» rows: exclusions added with the round's words)
    ("после замены проверим инфлоу бокса", "jargon", True),
    ("запись оцифруем без оверскана", "jargon", True),
    ("коня раскуют и поставят на ухнали", "jargon", True),
    ("на кикер пока не заходите", "jargon", True),
    ("данные в аис обновятся завтра", "jargon", True),
    ("склон там круто вниз уходит, осторожнее", "slang", False),
    ("водитель опять бухой приехал", "slang", True),
    ("через приложуху быстрее", "slang", True),
    ("у нас всё медленно, извините", "company_criticism", True),
    ("это корыто, колымага старая", "company_criticism", True),
    ("менеджеры до обеда спят", "company_criticism", True),
    ("диски заберу лично, так быстрее", "contact_exchange", True),
    ("начальник и не узнает, не переживайте", "contact_exchange", True),
    ("заказ в приложении отмените, я так приеду", "contact_exchange", True),
    ("стоимость включает постой и выгул", "informal_address", False),
    ("лошадь здорова, справка будет завтра", "informal_address", False),
    # round 9e (the «что-то попало» and «чате приложения» rows: exclusions kept out of the round's patterns)
    ("проверим гигростат в расстоечной камере", "jargon", True),
    ("нанд придётся перепаять, дня три уйдёт", "jargon", True),
    ("у щенка недокус, на выставку его не возьмут", "jargon", True),
    ("после ринговки пёс стоит увереннее", "jargon", True),
    ("стучит в ходовке, надо смотреть на подъёмнике", "jargon", True),
    ("ступичник гудит на скорости", "jargon", True),
    ("болванки под этот ключ закончились", "jargon", True),
    ("у этой модели топовая камера", "slang", True),
    ("сигналку поставим в субботу", "slang", True),
    ("тут всего восемь гигов памяти", "slang", True),
    ("они опять обосрались с поставкой", "profanity", True),
    ("начальство ссыт им звонить", "profanity", True),
    ("эти долбоящеры опять адрес перепутали", "profanity", True),
    ("на такой херне экономить нельзя", "profanity", True),
    ("пока бухгалтерия очухается, неделя пройдёт", "company_criticism", True),
    ("такие заявки там месяцами мусолят", "company_criticism", True),
    ("в приёмке пишут чё попало", "company_criticism", True),
    ("похоже, в замок что-то попало, мастер достанет", "company_criticism", False),
    ("у меня кореш шины продаёт, дешевле выйдет", "contact_exchange", True),
    ("встретимся у входа в парк, там отдам", "contact_exchange", True),
    ("ставить можно ко мне в гараж, там удобнее", "contact_exchange", True),
    ("если что, со мной решайте, не с офисом", "contact_exchange", True),
    ("в заявке пометку не ставлю, так проще", "contact_exchange", True),
    ("объявление будет в чате приложения, соседи его увидят", "contact_exchange", False),
    # round 9f (the rows expecting no finding: «кондуктор» and «сэндвич» taken out of the terms, «прогоны»,
    # «отстёгиваю» narrowed, the firm's own place and live flowers excluded)
    ("кислотку гоняйте раз в неделю", "jargon", True),
    ("в пройме надо забрать пару сантиметров", "jargon", True),
    ("припуска в шве почти нет", "jargon", True),
    ("по карточке у вас откатано двадцать часов", "jargon", True),
    ("на горках дежурит лайфгард", "jargon", True),
    ("платёж висит в отложке", "jargon", True),
    ("по кроссу есть аналог дешевле", "jargon", True),
    ("прогоны привезут в четверг", "jargon", True),
    ("кондуктор подскажет, куда приложить карту", "jargon", False),
    ("горячие сэндвичи продаются в баре", "jargon", False),
    ("сторож прогоняет всех с парковки", "jargon", False),
    ("напиши мне в телегу, там быстрее", "slang", True),
    ("программа опять глючит, подождите", "slang", True),
    ("гаишники там стоят каждый день", "slang", True),
    ("всё будет збс, не переживайте", "profanity", True),
    ("сидят там жопу греют неделями", "company_criticism", True),
    ("в цехе всё разваливается", "company_criticism", True),
    ("контролёры опять будут придираться", "company_criticism", True),
    ("примерку можно у меня дома сделать", "contact_exchange", True),
    ("кладовщику не говори, что я отдал", "contact_exchange", True),
    ("охрана в курсе, я им отстёгиваю", "contact_exchange", True),
    ("тросик ребёнок может отстегнуть", "contact_exchange", False),
    ("удобнее встретиться у нас в салоне на Мира", "contact_exchange", False),
    ("арку украсим живыми цветами", "contact_exchange", False),
    # round 9g (the rows expecting no finding: the in-app profile and two fillers' look-alikes excluded)
    ("давление подняли, а пропорционалка всё равно клинит", "jargon", True),
    ("на выходе поставим декомпрессию побольше", "jargon", True),
    ("литники в дробилку не кидайте", "jargon", True),
    ("пеги на этот самокат не встанут", "jargon", True),
    ("бушинги поменяем, будет мягче поворачивать", "jargon", True),
    ("сначала освоит банни хоп, потом тейлвип", "jargon", True),
    ("прикреп к нашей поликлинике пока закрыт", "jargon", True),
    ("доска шпунтованная, сухая, в пачках", "jargon", True),
    ("перф сгорел, возьмём второй", "jargon", True),
    ("торт сверху польём дрипом", "jargon", True),
    ("шоколад будет темперированный, не посереет", "jargon", True),
    ("компрессию на двигателе замерим в сервисе", "jargon", True),
    ("на этой хате работы на два дня", "slang", True),
    ("пусть родаки позвонят и подтвердят", "slang", True),
    ("я бы такое фуфло не брал", "slang", True),
    ("залетайте к нам в субботу", "slang", True),
    ("флюшку можно сделать у нас же", "slang", True),
    ("соседи уже ментов вызвали", "slang", True),
    ("ну там пздц полный", "profanity", True),
    ("касса через раз работает, извините", "company_criticism", True),
    ("склад еле ползает с отгрузками", "company_criticism", True),
    ("выезды — не самая сильная наша сторона", "company_criticism", True),
    ("какой-то умник в офисе так решил", "company_criticism", True),
    ("за доставку переводом мне, так быстрее", "contact_exchange", True),
    ("вечером на своей газели привезу, мне по пути", "contact_exchange", True),
    ("могу испечь без заказа через сайт", "contact_exchange", True),
    ("в чате лучше не обсуждать цену", "contact_exchange", True),
    ("записаться можно в моём профиле по кнопке «Записаться»", "contact_exchange", False),
    ("добавьте меня в «Избранное», тогда мой профиль всегда под рукой", "contact_exchange", False),
    ("самокаты облегчённого типа, с низким рулём", "parasite_word", False),
    ("трасса там короче и пологая", "parasite_word", False),
    # round 9h (the row expecting no finding: an idiom read as an imperative)
    ("скорость витания тут маленькая", "jargon", True),
    ("выбило тепловое реле на норийном двигателе", "jargon", True),
    ("нотариалку сделаем к пятнице", "jargon", True),
    ("через банк можно оформить чарджбэк", "jargon", True),
    ("это техническое холдирование, деньги вернутся", "jargon", True),
    ("для Германии ещё нужна консульская легализация", "jargon", True),
    ("по скейтингу она прошла в финал", "jargon", True),
    ("на первые старты хватит бюджетника", "jargon", True),
    ("купальник сошьём из бифлекса", "jargon", True),
    ("стразирование займёт ещё неделю", "jargon", True),
    ("при ноу-шоу предоплата не возвращается", "jargon", True),
    ("тариф нон-реф дешевле на десять процентов", "jargon", True),
    ("на эти даты у нас аллотмент под группу", "jargon", True),
    ("сейчас на датах стоп-сейл", "jargon", True),
    ("счёт выставлен в фолио", "jargon", True),
    ("ждём попуск, тогда пойдёт рейс", "jargon", True),
    ("вместо ракеты пойдёт водоизмещающее судно", "jargon", True),
    ("теплоход сегодня на отстое", "jargon", True),
    ("неплодку брать рискованно", "jargon", True),
    ("поставьте надставку, чтобы не было роевухи", "jargon", True),
    ("подбетонку зальём в понедельник", "jargon", True),
    ("угол недовибрировали, отсюда трещина", "jargon", True),
    ("планшет у нас пошёл в неликвид", "jargon", True),
    ("оплата висит в неразнесённых", "jargon", True),
    ("билет можно пролонгнуть ещё на месяц", "jargon", True),
    ("кольцо проверим на спектрометре", "jargon", True),
    ("телефон залочен, принять не можем", "jargon", True),
    ("главное директору не спались", "slang", True),
    ("на закате там вообще кайфово", "slang", True),
    ("трансфер по штуке с человека", "slang", True),
    ("на складе после переезда всё вверх дном", "company_criticism", True),
    ("водитель не самый надёжный, учтите", "company_criticism", True),
    ("этот терминал мне все нервы вымотал", "company_criticism", True),
    ("в соседнем магазине одни перекупщики", "company_criticism", True),
    ("у моего дяди своя пилорама, доски оттуда", "contact_exchange", True),
    ("через бухгалтерию оформлять не будем", "contact_exchange", True),
    ("остаток отдадите мне на руки", "contact_exchange", True),
    ("я его сама возьму за пятнадцать", "contact_exchange", True),
    ("пришлите на мой e-mail, так быстрее", "contact_exchange", True),
    ("подходите к заднему входу после шести", "contact_exchange", True),
    ("воды в котловане по самое не балуйся", "informal_address", False),
    # round 9i (the rows expecting no finding: an inscription the client orders, a balloon gel read as a
    # greeting, «типа» as a noun after a genitive and «и»)
    ("гликолька до танка не доходит", "jargon", True),
    ("фальшдно забилось, поэтому фильтр лёг", "jargon", True),
    ("спрей-болл в танке не крутится", "jargon", True),
    ("пэтэсто на танке врёт на два градуса", "jargon", True),
    ("разливать будем на изобарическом аппарате", "jargon", True),
    ("кондуктометр показывает, что щёлочи мало", "jargon", True),
    ("перистальтика на дозаторе стоит", "jargon", True),
    ("после сварки сделаем пассивацию", "jargon", True),
    ("на всасе давление упало", "jargon", True),
    ("цену хозяин меняет в экстранете", "jargon", True),
    ("фрахт автобуса на весь день дороже", "jargon", True),
    ("айсап сдуется за пять минут", "jargon", True),
    ("доска из дропстича, держит форму", "jargon", True),
    ("упэтэху оплачивают отдельно", "jargon", True),
    ("по наследке документы соберём", "jargon", True),
    ("отказное пишется у того же нотариуса", "jargon", True),
    ("после погашенки банк снимет залог", "jargon", True),
    ("засветку сделаем по контуру", "jargon", True),
    ("логотип уйдёт на векторизацию", "jargon", True),
    ("при равенстве очков будет тай-брейк", "jargon", True),
    ("места считают по Бухгольцу", "jargon", True),
    ("турнир по Бергеру, все играют со всеми", "jargon", True),
    ("он опять попал в цейтнот", "jargon", True),
    ("в миттельшпиле она теряет фигуры", "jargon", True),
    ("в субботу круговик для разрядников", "jargon", True),
    ("возьмите лучше декбилдинг на двоих", "jargon", True),
    ("тайлы выкладываются по очереди", "jargon", True),
    ("для разогрева сыграем в пати-геймы", "jargon", True),
    ("в субботу идёт ваншот на четыре часа", "jargon", True),
    ("сиймер надо перенастроить под новую банку", "jargon", True),
    ("директор с ответом не торопится", "company_criticism", True),
    ("пока склад прочухает, неделя уйдёт", "company_criticism", True),
    ("терминал у нас живёт своей жизнью", "company_criticism", True),
    ("а биржа себе забирает половину", "company_criticism", True),
    ("салон на всё накручивает процентов тридцать", "company_criticism", True),
    ("они этим славятся, увы", "company_criticism", True),
    ("в том магазине сидят крохоборы", "company_criticism", True),
    ("соседям скажите, знакомый красил", "contact_exchange", True),
    ("у меня в гараже есть такой же, отдам", "contact_exchange", True),
    ("сделаю по-братски, за полцены", "contact_exchange", True),
    ("надпись будет люблю тебя мама", "informal_address", False),
    ("шары обработаем хай-флоатом", "informal_address", False),
    ("стоимость зависит от длины и типа кабеля", "parasite_word", False),
    # round 9j (the row expecting no finding: «бустер» taken out of the terms)
    ("психрометрия показывает большую разницу", "jargon", True),
    ("проставочные кольца надо поменять", "jargon", True),
    ("круг лучше взять эльборовый", "jargon", True),
    ("корундовый круг быстро засаливается", "jargon", True),
    ("ножи из твердосплава служат дольше", "jargon", True),
    ("пильный вал придётся перебирать", "jargon", True),
    ("пилы на шлицах болтаются", "jargon", True),
    ("смотрите на равновесную влажность древесины", "jargon", True),
    ("за перепробег владелец удержит из залога", "jargon", True),
    ("детское кресло добавьте в допах", "jargon", True),
    ("на чек-ауте владелец проверит бак", "jargon", True),
    ("пришлите шоурил ведущего", "jargon", True),
    ("скиньте стемы, сведу за вечер", "jargon", True),
    ("на мастер поставлю лимитер", "jargon", True),
    ("подгоню трек под минус девять лафс", "jargon", True),
    ("там клиппинг на вокале", "jargon", True),
    ("звукач будет после шести", "jargon", True),
    ("кардан сейчас на выезде", "jargon", True),
    ("вечерний пойдёт сдвоенкой", "jargon", True),
    ("у ребёнка стёртая дизартрия", "jargon", True),
    ("занимаемся по ИОМу два раза в неделю", "jargon", True),
    ("бустер владелец поставит заранее", "jargon", False),
    ("билеты для пенсов со скидкой", "slang", True),
    ("диски там покоцанные", "slang", True),
    ("этот подрядчик в этом году так себе", "company_criticism", True),
    ("акт у них чисто для галочки", "company_criticism", True),
    ("логисты ни черта не решают", "company_criticism", True),
    ("в бухгалтерии этим не займутся, им всё равно", "company_criticism", True),
    ("консультанты у них бесполезные", "company_criticism", True),
    ("диспетчеры только хуже сделают", "company_criticism", True),
    ("с этой доставкой вечно какая-то беда", "company_criticism", True),
    ("повара еле справляются с заказами", "company_criticism", True),
    ("ну давай напрямую тогда", "contact_exchange", True),
    ("договор оформлю как самозанятая", "contact_exchange", True),
    ("запишу вечером без кассы", "contact_exchange", True),
    ("пришлю мастера от себя", "contact_exchange", True),
    ("переводите на карту 2202 2061 4455 3390", "contact_exchange", True),
    # round 9k (the rows expecting no finding guard the new patterns: «охватить» is no «охваты», «тот же …
    # ещё» and «что-то попало» are no verdicts, «топ-барбер» is a grade, «на ком» a pronoun)
    ("шаветкой пройдёмся по контуру", "jargon", True),
    ("виски уберу в шейвер", "jargon", True),
    ("сделаю тушёвку на затылке", "jargon", True),
    ("бока сделаем на гарду три", "jargon", True),
    ("после блендинга переходов не видно", "jargon", True),
    ("сначала распарка, потом бритьё", "jargon", True),
    ("вам выставят регресс", "jargon", True),
    ("ремонт будет на стоа по направлению", "jargon", True),
    ("калькуляция будет через три дня", "jargon", True),
    ("для работы возьмите офисники", "jargon", True),
    ("лучше асферика, она тоньше", "jargon", True),
    ("добавим хардкоут, чтобы не царапались", "jargon", True),
    ("мультифокалки подбирают дольше", "jargon", True),
    ("можно попробовать монавижн", "jargon", True),
    ("врач проверит на фороптере", "jargon", True),
    ("ребёнку сделаем скиаскопию", "jargon", True),
    ("после циклоплегии за руль нельзя", "jargon", True),
    ("у вас лесконка, мастер перетянет", "jargon", True),
    ("рефракцию врач перепроверит", "jargon", True),
    ("сначала авторефкератометрия", "jargon", True),
    ("обточка займёт день", "jargon", True),
    ("дайлики есть в наличии", "jargon", True),
    ("гильзу придётся менять", "jargon", True),
    ("можем снять техбронь", "jargon", True),
    ("инвайты пришлём на почту", "jargon", True),
    ("пришлите медиакит", "jargon", True),
    ("какие у вас охваты", "jargon", True),
    ("мерч продаётся у входа", "jargon", True),
    ("шаттлы идут каждые полчаса", "jargon", True),
    ("билет ушёл в аннуляцию", "jargon", True),
    ("отметим для фронт-офиса", "jargon", True),
    ("пойдём бакштагом до острова", "jargon", True),
    ("на траверзе маяка повернём", "jargon", True),
    ("у острова ляжем в дрейф", "jargon", True),
    ("к понтону встанем лагом", "jargon", True),
    ("после чекаута залог вернётся", "jargon", True),
    ("пока идёт диспут, деньги заморожены", "jargon", True),
    ("в цэ эр эм стоит другая дата", "jargon", True),
    ("стриппинг делаем вручную", "jargon", True),
    ("сами понимаете, на ком экономят", "jargon", False),
    ("что вы хотите охватить рекламой", "jargon", False),
    ("за нал сделает дешевле", "slang", True),
    ("цены там ставят от балды", "slang", True),
    ("штраф впаяют за опоздание", "slang", True),
    ("у топ-барбера стрижка дороже", "slang", False),
    ("не кипишуй, всё успеем", "informal_address", True),
    ("не трепись про скидку", "informal_address", True),
    ("мастер на выезде тот ещё копуша", "company_criticism", True),
    ("поставщик шьёт что попало", "company_criticism", True),
    ("приложение то работает, то нет", "company_criticism", True),
    ("мастер тот же, ещё вопросы есть?", "company_criticism", False),
    ("похоже, в замок что-то попало", "company_criticism", False),
    ("постригу вас у себя дома дешевле", "contact_exchange", True),
    # round 9l (the rows expecting no finding: a parcel service every client knows, a coach's name, «точь-в-точь»,
    # children modelling clay)
    ("на такой тираж шелкуха не окупится", "jargon", True),
    ("кепки встанут в другие пяльцы", "jargon", True),
    ("придётся перепяливать всю партию", "jargon", True),
    ("футболки запяливаем вручную", "jargon", True),
    ("смесовка выдержит пресс", "jargon", True),
    ("у нас одноголовка, быстрее не выйдет", "jargon", True),
    ("печатаем пластизолем, держится долго", "jargon", True),
    ("на этой бумаге бывает гостинг", "jargon", True),
    ("по оверлочной кромке нить рвётся", "jargon", True),
    ("номера сделаем флексом", "jargon", True),
    ("диван почистим бонетом", "jargon", True),
    ("техник записал дэмэдж на крыле", "jargon", True),
    ("флит обновят к весне", "jargon", True),
    ("скальники дадим на ресепшене", "jargon", True),
    ("сначала полазаете на топ-роупе", "jargon", True),
    ("детей ставим на автостраховку", "jargon", True),
    ("страховать будете на гри-гри", "jargon", True),
    ("в пятницу перекрутка в большом зале", "jargon", True),
    ("рутсеттеры работают до утра", "jargon", True),
    ("сеттеры обещали лёгкие трассы", "jargon", True),
    ("попробуйте пройти её флешем", "jargon", True),
    ("у вас аннуитет, платёж не меняется", "jargon", True),
    ("квартира сейчас в залоговом отделе", "jargon", True),
    ("можем привезти межмагом", "jargon", True),
    ("эта книга не в матрице", "jargon", True),
    ("заказ пока в транзите", "jargon", True),
    ("роспись наносим на сырец", "jargon", True),
    ("ждём, пока станет кожетвёрдой", "jargon", True),
    ("кружки сейчас подвяливаются", "jargon", True),
    ("передадим посылку в СДЭК", "jargon", False),
    ("группа Лады занимается по средам", "slang", False),
    ("повторим узор точь-в-точь", "informal_address", False),
    ("дети лепят из глины зверей", "company_criticism", False),
    ("остаток просто мне на карту", "contact_exchange", True),
])
def test_word_classes_seen_on_the_development_files(rulebook, operator, category, found):
    cats = {c for c, _ in _cats(f"Оператор: {operator}\nКлиент: ясно", rulebook)}
    assert (category in cats) is found, cats


@pytest.mark.parametrize("operator, found", [
    # a name or a quotation in «…» is not the operator's own address, filler, slang or answer form (`unless_quoted`);
    # the same words outside quotes are
    ("В четверг играет команда «Ну, погоди!», против неё «Тыловики».", []),
    ("Скажите колонке «Алиса, сделай громче», она поймёт.", []),
    ("В квизе будет раунд «Ну ты даёшь», он последний.", []),
    ("Ну погоди, сейчас посмотрю.", ["informal_address", "parasite_word"]),
    # round 9j: titles of songs and bands are no answer forms either
    ("«Никогда не сдавайся» и «Весна» уложатся в час.", []),
    ("Группа «Нет предела» репетирует по средам.", []),
    ("Песню «Нельзя иначе» запишем за час.", []),
    ("Нет, в среду уже занято.", ["negative_form"]),
])
def test_a_quoted_name_is_not_the_operators_own_words(rulebook, operator, found):
    # the third operator turn: «quoted» words in the first two are taken for the company's name
    text = ("Оператор: Добрый день, «Квиз-Клуб», Марина.\nКлиент: здравствуйте\nОператор: Как к Вам обращаться?\n"
            f"Клиент: Олег\nОператор: {operator}\nКлиент: ясно")
    assert sorted({f.category for f in score(text, rulebook).violations if f.turn == 4}) == found


@pytest.mark.parametrize("operator, found", [
    # acronyms of any trade, unexplained: written, recognised from speech, spelled out letter by letter
    ("скорее всего у вас сработал ПРВ на вводе", ["ПРВ"]),
    ("передали в ркц ждём ответа а на вводе поставим эм тэ эс", ["ркц", "эм тэ эс"]),
    ("заявку передам в КЦУ, они решат", ["КЦУ"]),
    # spelled out and written as one word (round 9g)
    ("кладовщик грузит по упэдэ, водитель расписывается", ["упэдэ"]),
    ("мусор строительный или кагээм", ["кагээм"]),
    # not: everyday acronyms, units and hesitations, codes with a number, an explained one
    ("код подтверждения придёт по СМС, документы можно подать через МФЦ", []),
    ("мм сейчас посмотрю ширина сорок см", []),
    ("номер заявки гэ эр пятьдесят один сорок", []),
    ("код придёт в эсэмэс, хаха, не переживайте", []),
    ("ПРВ — это предохранительный клапан, он сбрасывает давление", []),
])
def test_an_unexplained_acronym_is_jargon(rulebook, operator, found):
    res = score(f"Оператор: {operator}\nКлиент: ясно", rulebook)
    assert [f.text for f in res.violations if f.rule == "jargon.abbreviation"] == found


@pytest.mark.parametrize("operator, found", [
    # a term explained anywhere in the turn is explained at each of its mentions there (round 9h)
    ("с монтажом и оголовками выйдет 36 000 ₽. Оголовки — это стальные площадки сверху свай", []),
    ("оголовки привезём вместе со сваями в среду утром, оголовки это стальные площадки сверху", []),
    ("оголовки привезём в среду", ["оголовки"]),
])
def test_a_term_explained_later_in_the_turn_is_no_jargon(rulebook, operator, found):
    res = score(f"Оператор: {operator}\nКлиент: ясно", rulebook)
    assert [f.text for f in res.violations if f.category == "jargon"] == found


def test_an_acronym_the_client_said_first_is_no_jargon(rulebook):
    text = "Клиент: на котле горит ПРВ, что это\nОператор: ПРВ сбросим, мастер приедет завтра"
    assert not [f for f in score(text, rulebook).violations if f.category == "jargon"]


@pytest.mark.parametrize("client, operator, used", [
    ("Зинаида меня зовут, у меня течёт кран", "Зинаида, мастер будет завтра.", True),   # the name first
    ("Председатель ТСЖ, Полина Гаврилова. Нужен электрик", "Полина, электрик будет завтра.", True),
    ("privet, eto Zhenya. slomalas stiralka", "Женя, мастер будет завтра.", True),   # Latin letters
    # round 7x: an everyday form the client offers; a village in a clause of its own is no name
    ("меня тимур зовут, у меня бригада не вышла", "Тима, бригада будет в четверг.", True),
    ("у матери в погребе стена обвалилась. Вейделевка. что делать?", "Мастер будет завтра.", None),
])
def test_client_names_given_first_or_in_latin_letters(rulebook, client, operator, used):
    chat = (f"Клиент: {client}\nОператор: Добрый день, компания Домсервис, меня зовут Анна.\n"
            f"Клиент: хорошо\nОператор: {operator}\nКлиент: спасибо")
    assert score(chat, rulebook).checklist["used_name"] is used


def test_a_greeting_is_no_name_in_a_short_answer(rulebook):
    chat = ("Оператор: Добрый день, компания Домсервис, меня зовут Анна. Как я могу к Вам обращаться?\n"
            "Клиент: привет) сколько стоит снять обои?\nОператор: 60 рублей за метр. Есть ещё вопросы?\n"
            "Клиент: не, пока\nОператор: Всего доброго!")
    assert score(chat, rulebook).checklist["used_name"] is None   # round 7x: «привет)» was read as a name


def test_a_number_is_no_name_in_a_short_answer(rulebook):
    chat = ("Оператор: Добрый день, компания Домсервис, меня зовут Анна. Как к Вам обращаться и какой номер "
            "заявки?\nКлиент: Заявка 4417. Имя не важно\nОператор: Вижу заявку, мастер будет в четверг.\n"
            "Клиент: ладно\nОператор: Всего доброго!")
    assert score(chat, rulebook).checklist["used_name"] is None   # round 7y: «заявка 4417» was read as a name


@pytest.mark.parametrize("opening, introduced", [
    ("собирайка добрый день меня зовут алина", True),   # a coined company name, a known first name
    ("Добрый день! ЭлектроДом, Сергей.", True),   # a greeting sentence before the introduction
    ("Добрый день, Геннадий. Скорее всего срабатывает автомат в щитке.", False),   # the client's name, an answer
    ("Приветик! Я Настя, чем помочь?", False),   # a greeting is no company
    ("Привет. Чё за заявка?", False),   # «чё» is not the name «Че»
    ("Привет) Артём на связи.", False),
    # round 7s: a role and a surname, a name the analyser reads as a common noun or does not know
    ("добрый день компания чистый кран диспетчер соколов слушаю", True),
    ("Здравствуйте! Служба «Горизонт», оператор Лиана.", True),
    ("добрый день светлый дом кетнер слушаю", True),   # (an unknown word guessed as a surname; not every one is)
    ("кордон слушаю", False),   # the company alone
    # round 7y: a coined word beside a common noun is the company's, not a guessed name; the name after
    # «меня зовут» is not the company
    ("да лайт ремонт слушаю", False),
    ("Здравствуйте! Меня зовут Зарни. Напишите номер договора", False),
    # round 8i: «утро» names the company unless it follows «доброе»; the call's purpose after «по» is none
    ("утро после добрый день диспетчер раиса ильдаровна", True),
    ("доброе утро меня зовут раиса", False),
    ("алло это вадим по вашей заявке на замер", False),
])
def test_introduction_reads_the_opening(rulebook, opening, introduced):
    chat = f"Оператор: {opening}\nКлиент: у меня вопрос\nОператор: слушаю вас\nКлиент: спасибо"
    assert score(chat, rulebook).checklist["introduction"] is introduced


@pytest.mark.parametrize("dialogue", [
    ("Оператор: Здравствуйте! Горячая линия «Очаг», Дарья. Как я могу к Вам обращаться?\n"
     "Клиент: Добрый день, Дарья. Тамара Григорьевна, председатель совета дома.\n"
     "Оператор: Тамара Григорьевна, слушаю Вас."),
    # round 7s: the client greets the operator by name and patronymic and then names themselves
    ("Оператор: здравствуйте мастерская добрый дом фёдор ильич\n"
     "Клиент: здравствуйте фёдор ильич это вам зинаида из соснового бора звонит\n"
     "Оператор: зинаида слушаю вас"),
])
def test_the_operators_name_said_back_is_not_the_clients(rulebook, dialogue):
    r = score(dialogue, rulebook)
    assert r.checklist["introduction"] is True and r.checklist["used_name"] is True


@pytest.mark.parametrize("said, reply, asked", [
    ("ок, а вас как зовут?", "Роман", True), ("Как звать?", "Роман", True),
    # round 7s
    ("Назовите имя, пожалуйста", "Роман", True), ("Улица и номер дома, и имя скажите", "Роман", True),
    ("А зовут как?", "Роман", True), ("Как Вас записать?", "Роман", True),
    # the word «имя» or «зовут» is not always an ask
    ("Приношу извинения от имени компании. Подскажите номер заказа.", "ясно", False),   # «от имени»
    ("Меня зовут Алсу. Подскажите, как давно стоит бойлер?", "ясно", False),   # two sentences
    ("Можно написать претензию на имя директора, скажу честно, так быстрее", "ясно", False),
])
def test_informal_ways_of_asking_the_name(rulebook, said, reply, asked):
    chat = f"Оператор: Добрый день, компания Домсервис, Анна.\nКлиент: здравствуйте\nОператор: {said}\nКлиент: {reply}"
    assert score(chat, rulebook).checklist["asked_name"] is asked


def test_a_name_written_in_latin_letters_is_matched_as_written(rulebook):
    chat = ("Оператор: Добрый день, компания Домсервис, меня зовут Анна. Как к Вам обращаться?\n"
            "Клиент: Tom\nОператор: Tom, уборка будет завтра.\nКлиент: thanks")
    assert score(chat, rulebook).checklist["used_name"] is True


def test_a_plural_insult_for_workers_is_criticism_and_its_denial_is_not(rulebook):
    def workers(op):
        return _fired("criticism.workers", op, rulebook)
    assert workers("в «СтройЛайн» не советую, они там все дилетанты") == ["дилетанты"]
    assert workers("мы не халтурщики, всё по нормативу") == []
    assert workers("мастер у нас один, не лентяй") == []   # singular: not a workforce


@pytest.mark.parametrize("reply, used", [
    ("89161234567, Вероника", True),   # a number and then a name, as a contact is left
    ("8 916 123 45 67 вероника", True),
    ("а я думала это из управляющей звонят вероника", True),   # the name last in the answer
    ("Без имени, просто скажите цену", None),   # a refusal is not a name
])
def test_client_names_from_a_number_or_the_end_of_an_answer(rulebook, reply, used):
    chat = ("Оператор: Добрый день, компания Домсервис, меня зовут Анна. Как я могу к Вам обращаться?\n"
            f"Клиент: {reply}\nОператор: Вероника, мастер будет завтра с 10 до 12.\nКлиент: хорошо")
    assert score(chat, rulebook).checklist["used_name"] is used


def _hold_call(request, gap, back="мастер будет завтра"):
    return {"id": "h", "turns": [
        {"speaker": "operator", "text": "добрый день компания домсервис меня зовут анна", "start": 0, "end": 3},
        {"speaker": "client", "text": "у меня течёт кран", "start": 3.5, "end": 5},
        {"speaker": "operator", "text": request, "start": 5.5, "end": 8},
        {"speaker": "client", "text": "ага", "start": 8.5, "end": 9},
        {"speaker": "operator", "text": back, "start": 9 + gap, "end": 12 + gap},
        {"speaker": "client", "text": "хорошо", "start": 12.5 + gap, "end": 13 + gap},
        {"speaker": "operator", "text": "спасибо за обращение всего доброго", "start": 14 + gap, "end": 16 + gap}]}


def test_a_long_silence_while_the_client_waits_is_a_hold(rulebook):
    r = score(_hold_call("программа грузится", 45), rulebook)  # nobody asked, 45 s of silence
    assert [f.turn for f in r.violations if f.category == "hold_time"] == [4]
    assert r.checklist["hold_etiquette"] is False
    r = score(_hold_call("программа грузится", 8), rulebook)  # a pause, not a hold
    assert r.checklist["hold_etiquette"] is None


@pytest.mark.parametrize("turn, etiquette", [
    ("Щас гляну график 👀", False),   # round 8b: the turn ends by going off to look: a hold, nobody asked
    ("Минуту, уточню у старшего.", False),
    ("Ирина, минуту, смотрю.", False),   # round 8c
    ("Битрейт — это сколько данных камера передаёт за секунду.", None),   # round 8c: «за секунду» measures
    ("Щас гляну, какой у вас подъезд?", None),   # it asks first: the client answers, nobody waits
    ("Сейчас посмотрю… Вижу, мастер будет в четверг.", None),   # looked up within the turn
])
def test_a_chat_turn_that_ends_by_going_off_to_look_is_a_hold(rulebook, turn, etiquette):
    chat = ("Оператор: Добрый день, компания Домсервис, меня зовут Анна.\nКлиент: когда приедет мастер?\n"
            f"Оператор: {turn}\nОператор: Мастер будет в четверг.\nКлиент: ок\nОператор: Всего доброго!")
    assert score(chat, rulebook).checklist["hold_etiquette"] is etiquette


def test_a_check_in_may_ask_for_more_time_but_not_just_order_a_wait(rulebook):
    call = _hold_call("вы можете подождать я уточню", 30, "спасибо за ожидание уточняю у мастера ещё немного подождёте")
    call["turns"][4:4] = []
    more = [{"speaker": "client", "text": "да", "start": 43.5, "end": 44},
            {"speaker": "operator", "text": "спасибо за ожидание мастер будет завтра", "start": 70, "end": 73}]
    call["turns"] = call["turns"][:5] + more + call["turns"][5:]
    for t in call["turns"][7:]:
        t["start"] += 60
        t["end"] += 60
    assert score(call, rulebook).checklist["hold_etiquette"] is True
    call["turns"][4]["text"] = "спасибо за ожидание уточняю у мастера подождите ещё"
    assert score(call, rulebook).checklist["hold_etiquette"] is False
    # round 7s: with the apology 7.2.4 recommends, the same order is a polite check-in
    call["turns"][4]["text"] = "прошу прощения уточняю у мастера подождите ещё"
    assert score(call, rulebook).checklist["hold_etiquette"] is True


def test_may_i_check_asks_permission_in_any_words(rulebook):
    # round 7s: «Разрешите, я …» with any verb asks permission (the analyser reads «Разрешите» as indicative)
    call = _hold_call("разрешите я сверю ваш договор", 30, "спасибо за ожидание договор нашла")
    assert score(call, rulebook).checklist["hold_etiquette"] is True


def test_a_gap_under_min_seconds_is_no_hold(rulebook):
    r = score(_hold_call("минуточку", 1), rulebook)
    assert r.checklist["hold_etiquette"] is None


def test_thanks_for_patience_is_no_hold_but_thanks_for_waiting_is(rulebook):
    chat = ("Оператор: Здравствуйте, «Уют», Ольга. Приношу извинения за задержку мастера.\n"
            "Клиент: я не знаю, ждать или нет\n"
            "Оператор: Благодарю за терпение. Мастер будет в 12:40.\n"
            "Клиент: ладно\n"
            "Оператор: Спасибо за обращение, прекрасного вечера!")
    r = score(chat, rulebook)
    assert r.checklist["hold_etiquette"] is None and r.checklist["farewell"] is True
    r = score(chat.replace("Благодарю за терпение", "Спасибо за ожидание"), rulebook)
    assert r.checklist["hold_etiquette"] is False  # a hold nobody asked for


def test_may_i_keep_you_on_the_line_asks_permission(rulebook):
    r = score(_hold_call("позволите задержать вас на линии на пару минут я уточню график", 30,
                         "благодарю за ожидание мастер будет завтра"), rulebook)
    assert r.checklist["hold_etiquette"] is True


def test_a_capitalised_brand_in_a_chat_opening_is_the_company(rulebook):
    chat = "Оператор: Добрый день! Поддержка Чистодом, Полина. Чем могу помочь?\nКлиент: нужна уборка"
    assert score(chat, rulebook).checklist["introduction"] is True
    assert score(chat.replace("Поддержка Чистодом, ", ""), rulebook).checklist["introduction"] is False


def test_the_clients_name_in_the_first_turn_is_not_the_operators_introduction(rulebook):
    chat = "Клиент: Добрый вечер, это Лида Сомова.\nОператор: Лида, привет! Мастер будет к десяти, «Уют» не подведёт."
    assert score(chat, rulebook).checklist["introduction"] is False


def test_a_greeting_in_the_last_turns_is_not_a_farewell(rulebook):
    short = "Оператор: Добрый день, компания Уют, меня зовут Анна.\nКлиент: мне электрик нужен\nОператор: записала"
    assert score(short, rulebook).checklist["farewell"] is False
    assert score(short.replace("записала", "записала, доброго дня"), rulebook).checklist["farewell"] is True



def test_zdorovo_is_a_greeting_only_in_the_operators_first_turns(rulebook):
    def flagged(chat):
        return [f.turn for f in score(chat, rulebook).violations if f.rule == "informal.zdorovo"]

    assert flagged("Оператор: здорово костя\nКлиент: привет") == [0]
    later = ("Оператор: Добрый день, компания Уют, меня зовут Анна.\nКлиент: роутер не видит сеть\n"
             "Оператор: Нажмите кнопку сброса.\nКлиент: нажал, горит зелёным\n"
             "Оператор: Здорово, Артём! Теперь подключите устройства заново.")
    assert flagged(later) == []
    assert flagged(later.replace("Нажмите кнопку сброса.", "здорово артём")) == [2]   # the second operator turn


def test_a_learned_rule_skips_windows_that_overlap_its_exclusions(rulebook):
    from nlp.rulebook import compile_rulebook

    def learned_fired(text, rb):
        return "criticism.learned" in {f.rule for f in score(f"Оператор: {text}\nКлиент: ясно", rb).violations}

    denied = "мастер ничего не прос*ал, он всё сделал по акту"
    assert not learned_fired(denied, rulebook)
    # the same rulebook without the learned rule's exclusions finds it: the exclusion did the work
    rules = [r.model_copy(update={"unless": []}) if r.id == "criticism.learned" else r for r in rulebook.spec.rules]
    bare = compile_rulebook(rulebook.spec.model_copy(update={"rules": rules}), rulebook.source)
    assert learned_fired(denied, bare)











def test_a_term_the_client_said_first_or_explained_before_is_no_jargon(rulebook):
    def jargon_turns(dialogue):
        return [f.turn for f in score(dialogue, rulebook).violations if f.category == "jargon"]
    # round 7t (unless_known): writers leave a shared word unmarked
    # (the term was «хаб» until round 8t took it out of the rulebook; «гидрак» does the same job)
    said = "Клиент: у меня гидрак гудит\nОператор: проверьте давление в гидраке, пожалуйста"
    assert jargon_turns(said) == []
    explained = ("Оператор: приедет илосос, то есть машина с насосом для откачки\nКлиент: а когда\n"
                 "Оператор: илосос будет завтра")
    assert jargon_turns(explained) == []
    # used unexplained it stays jargon in every turn
    assert jargon_turns("Оператор: нужен гидрак\nКлиент: что\nОператор: гидрак поставим завтра") == [0, 2]


@pytest.mark.parametrize("operator, flagged", [
    # unless_defined (round 7s): a term opening its clause, then a dash, is being defined; since round 9h
    # that explains its earlier mention in the turn too (it flagged the first mention before: the writers
    # leave it unmarked, 3 dev false findings gone and no new miss)
    ("Поставим дифавтомат. Дифавтомат — защита от утечки тока и перегрузки.", []),
    # round 7v: after «а» or «и» too
    ("Поставим новый автомат. А дифавтомат — защита от утечки тока.", []),
    # not when it is the clause's object, nor without the dash
    ("Мастер поставит дифавтомат в щиток.", [0]),
])
def test_a_term_defined_with_a_dash_is_no_jargon(rulebook, operator, flagged):
    found = [f for f in score(f"Оператор: {operator}", rulebook).violations if f.category == "jargon"]
    assert [f.turn for f in found][:1] == flagged


# checklist items on short dialogues, rounds 7s–7v
@pytest.mark.parametrize("dialogue, item, expected", [
    # a name the client gave in a way no pattern reads is known when the operator addresses them by it
    ("Оператор: Добрый день! «Домовёнок», Ирина.\nКлиент: Сафронова Ульяна, заказ 4412, когда привезут?\n"
     "Оператор: Ульяна, заказ приедет в пятницу.", "used_name", True),
    ("Оператор: добрый день мастерская уют\nКлиент: здравствуйте кафе ромашка меня тоже ромашкой зовут шучу "
     "любава у нас кран течёт\nОператор: любава мастер будет завтра", "used_name", True),
    # a company the client named and the operator repeats is no name
    ("Оператор: алло\nКлиент: это стройлайн здравствуйте\nОператор: да стройлайн слушаю\nКлиент: у нас кран течёт\n"
     "Оператор: мастер будет завтра", "used_name", None),
    # offers of more help in either order, four words between, the diminutive
    *[(f"Оператор: Добрый день\nКлиент: здравствуйте\nОператор: {offer}\nКлиент: нет\nОператор: Всего доброго",
       "offered_more_help", True)
      for offer in ("записала остались ли у вас ещё какие-нибудь вопросы", "Готово. Вопросы остались?",
                    "Вопросики ещё есть? 🙂")],
    # «ждите завтра к обеду» sends the client off to wait for the visit, not on hold
    ("Оператор: Добрый день, компания Домсервис, Анна.\nКлиент: когда мастер?\n"
     "Оператор: Записала, ждите завтра к обеду.\nКлиент: ок\nОператор: Остались ли у Вас вопросы?",
     "hold_etiquette", None),
    # round 8i: nor a wait for the crew, nor «не ждите»
    ("Оператор: Добрый день, компания Домсервис, Анна.\nКлиент: когда приедут?\n"
     "Оператор: Всё, жди пацанов к часу\nКлиент: ок\nОператор: Давай, пока", "hold_etiquette", None),
    ("Оператор: Добрый день, компания Домсервис, Анна.\nКлиент: когда приедут?\n"
     "Оператор: Записал. Раньше десяти мастера не ждите.\nКлиент: ок\nОператор: Есть ещё вопросы?",
     "hold_etiquette", None),
    # round 8j: a word read first as a verb after «я» is no name («Найда», «Ида»)
    ("Оператор: Добрый день, компания Домсервис, Анна.\nКлиент: отмените заявку, я найду других\n"
     "Оператор: Хорошо, отменила.", "used_name", None),
    # «Здравствуйте, Ольга! Тёплый Угол, Кристина.»: the company comes after the client's name
    ("Клиент: Здравствуйте, меня зовут Ольга, нужен замер окон\n"
     "Оператор: Здравствуйте, Ольга! Тёплый Угол, Кристина. Запишу Вас на замер.\nКлиент: спасибо",
     "introduction", True),
    # a role after the name is no company
    ("Оператор: Привет, Ольга. Геннадий, бригадир.\nКлиент: меня зовут Ольга, когда приедете?", "introduction", False),
    # round 7u: an engineer with a name is no company; a name the dictionary lacks, after the role
    ("Оператор: Добрый день, это Степан, инженер.\nКлиент: да слушаю", "introduction", False),
    ("Оператор: Добрый день, «Окна Плюс», оператор Сарнай.\nКлиент: здравствуйте", "introduction", True),
    # round 9f: more roles («швея», «флорист», «инструктор»); the company still counts beside one
    ("Оператор: Здравствуйте! Марина, закройщица. Слушаю Вас.\nКлиент: здравствуйте", "introduction", False),
    ("Оператор: Добрый день, это Илья, инструктор.\nКлиент: да", "introduction", False),
    ("Оператор: Добрый день, «Букет Плюс», флорист Вера.\nКлиент: здравствуйте", "introduction", True),
    # round 7v: a capitalised word right after the quoted company (a name the dictionary reads as a noun),
    # and a company with a number in its name
    ("Оператор: Добрый день! «Чистый двор», Лиана. Чем помочь?\nКлиент: здравствуйте", "introduction", True),
    ("Оператор: Здравствуйте. Забор-36, Вадим. Слушаю Вас.\nКлиент: здравствуйте", "introduction", True),
    # a name the dictionary lacks after the company and a comma; the company alone is no name
    ("Оператор: Здравствуйте! Зелёный сад, Сарнай. Чем помочь?\nКлиент: здравствуйте", "introduction", True),
    ("Оператор: Здравствуйте, ЗеленСад. Чем помочь?\nКлиент: здравствуйте", "introduction", False),
    # the everyday form of the client's name (rules/name_forms.yaml), not another name
    ("Клиент: меня зовут Алексей, у нас кран течёт\nОператор: Лёша, мастер будет завтра", "used_name", True),
    ("Клиент: меня зовут Алексей, у нас кран течёт\nОператор: Николай, мастер будет завтра", "used_name", False),
    # a name the dictionary lacks (or reads as a participle) after «меня зовут» and before a patronymic
    ("Клиент: Добрый день, меня зовут Сайана, сломался замок\nОператор: Сайана, мастер приедет завтра",
     "used_name", True),
    ("Клиент: здравствуйте это айгерим нурлановна у меня течёт кран\nОператор: айгерим нурлановна мастер будет "
     "завтра", "used_name", True),
    # round 7v: a name that is a common noun too, after «меня зовут» or between «меня» and «зовут»; not a
    # refusal («какая разница, как меня зовут»)
    ("Клиент: Здравствуйте, меня зовут Алмаз. Сломалась посудомойка\nОператор: Алмаз, мастер приедет завтра",
     "used_name", True),
    ("Клиент: Добрый день! Меня Алмаз зовут, течёт кран\nОператор: Алмаз, мастер приедет завтра", "used_name", True),
    ("Оператор: как к вам обращаться\nКлиент: какая разница как меня зовут номер заявки сорок два\n"
     "Оператор: номер вижу мастер будет завтра", "used_name", None),
    # a name that is a common word too addresses the client only in its own form, not in a set phrase
    *[(f"Клиент: меня зовут {name}\nОператор: {op}", "used_name", used) for name, op, used in (
        ("Надежда", "есть надежда, что мастер успеет сегодня", False),
        ("Надежда", "мастер будет завтра, Надежда", True),
        ("Слава", "слава богу ничего не залило мастер будет завтра", False),
        ("Вероника", "ну смотрите мастер будет завтра хорошо вероника", True),
        ("Роза", "под деревом плохо растут розы, лучше газон", False),
        ("Катя", "катюш смету уже отправили", True))],
    # speech recognition splits «какие-либо»: five words between; «что ещё могу подсказать»
    *[(f"Оператор: добрый день\nКлиент: здравствуйте\nОператор: {offer}\nКлиент: нет", "offered_more_help", True)
      for offer in ("записала остались ли у вас какие либо вопросы", "Записала. Что ещё могу подсказать?")],
    # round 8o: readiness for later is no question now
    *[(f"Оператор: добрый день\nКлиент: здравствуйте\nОператор: {offer}\nКлиент: ладно", "offered_more_help", False)
      for offer in ("если ещё вопросы появятся звоните всего доброго", "Если что-то ещё понадобится — пишите сюда 🙂")],
])
def test_checklist_items_on_short_dialogues(rulebook, dialogue, item, expected):
    assert score(dialogue, rulebook).checklist[item] is expected


# round 8u: `unless_question` — a learned rule's window in a written question is not scored
@pytest.mark.parametrize("text, at, question", [
    ("наш лифт работает через раз?", 5, True),
    ("наш лифт работает через раз. Уточню у диспетчера?", 5, False),   # the sentence ends with «.»
    ("наш лифт работает через раз", 5, False),                         # no «?»: speech recognition
    ("3.5 метра? да", 0, True),                                         # not the point of «3.5»
])
def test_a_sentence_is_a_question_when_it_ends_with_a_question_mark(text, at, question):
    from nlp.scoring import _in_question

    assert _in_question(text, at) is question


def test_a_question_is_no_learned_criticism_but_the_same_statement_is(rulebook):
    # the same words, so the model gives both the same probability (0.9996 with the 8w fit): only
    # `unless_question` tells them apart. (Rounds 8u–8v used «наш лифт работает через раз», 0.980 with
    # those fits, at the threshold; the 8w fit, with a property manager's dispatch among the dev files,
    # gives it 0.968.)
    said = {q: ("company_criticism", "наш сайт работает через раз") in _cats(f"Оператор: {q}\nКлиент: ясно", rulebook)
            for q in ("наш сайт работает через раз", "наш сайт работает через раз?")}
    assert said == {"наш сайт работает через раз": True, "наш сайт работает через раз?": False}


# round 8g: the company's own name is no finding, wherever the operator says it; the same words
# elsewhere still are («фикс выкатили» is jargon, «зови соседа» informal)
@pytest.mark.parametrize("chat, category, text, found", [
    ("Оператор: сервисный центр ангара фикс здравствуйте инженер роман слушаю\nКлиент: да\n"
     "Оператор: спасибо что обратились в ангара фикс", "jargon", "фикс", False),
    ("Оператор: здравствуйте ангара фикс кирилл слушаю\nКлиент: да\nОператор: фикс уже выкатили",
     "jargon", "фикс", True),
    ("Оператор: Здравствуйте! «Ангара Фикс», инженер Лада.\nКлиент: да\nОператор: Спасибо, что выбрали «Ангара Фикс»!",
     "jargon", "Фикс", False),
    ("Оператор: добрый день служба поддержки зови мастера меня зовут маргарита\nКлиент: да\n"
     "Оператор: зови мастера ждёт вас", "informal_address", "зови", False),
    ("Оператор: здравствуйте зови мастера денис слушаю\nКлиент: да\nОператор: зови соседа, пусть откроет",
     "informal_address", "зови", True),
    ("Оператор: ну алло\nКлиент: да\nОператор: ну и что", "parasite_word", "ну", True),   # no name
    # round 8u: a name that opens with an imperative, before a greeting, «меня зовут» or the operator's name
    ("Оператор: читай город здравствуйте меня зовут анна\nКлиент: да\nОператор: в читай город всё есть",
     "informal_address", "читай", False),
    ("Оператор: добрый вечер найди няню оператор вера\nКлиент: да", "informal_address", "найди", False),
    ("Оператор: Добрый день, платформа «Найди няню», меня зовут Вера.\nКлиент: да", "informal_address", "Найди", False),
    ("Оператор: здравствуйте скажи адрес мастер приедет\nКлиент: да", "informal_address", "скажи", True),
    # round 8i: a company word after «у этой» names no company (the words after it are no name)
    ("Оператор: да у этой фирмы гарантия одно название\nКлиент: да", "company_criticism", "одно название", True),
])
def test_the_company_name_is_no_finding(rulebook, chat, category, text, found):
    assert ((category, text) in _cats(chat, rulebook)) is found
