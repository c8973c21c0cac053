import time

import numpy as np

from auyl.text.duplicates import DuplicateIndex, canonical
from auyl.text.evaluate import evaluate, split_rows
from auyl.text.routing import Router, route


def test_router_learns_and_explains():
    texts = ["нет воды колонка сломалась", "колонка течёт вода", "су жоқ колонка", "фонарь не горит",
             "на улице темно фонари", "шам жанбайды көшеде", "яма на дороге", "дорогу размыло яма",
             "жол бұзылды шұңқыр"]
    labels = ["water"] * 3 + ["light"] * 3 + ["road"] * 3
    router = Router().fit(texts, labels)
    s = router.suggest("колонка не работает, воды нет")
    assert s.label == "water" and 0 < s.confidence <= 1
    assert "колонка" in s.why or "вода" in s.why
    assert router.suggest("шамдар жанбайды").label == "light"


def test_starter_route():
    suggestion = route("Бродячие собаки нападают на детей у школы, примите меры по отлову")
    assert suggestion.category.label == "stray_animals"
    assert suggestion.unit.label == "akim_apparatus"
    assert route("Мобильный интернет не ловит, 4G нет").unit.label == "telecom_operator"


def test_duplicate_index_stages_and_settlement():
    index = DuplicateIndex()
    index.add_many([
        ("a", "На ул. Озен уже две недели не горит ни один фонарь", "Қызылжар"),
        ("b", "Өзен көшесінде екі аптадан бері бірде-бір шам жанбайды", "Қызылжар"),
        ("c", "Школьный автобус сломан, дети не ходят в школу", "Қызылжар"),
        ("d", "На ул. Озен уже две недели не горит ни один фонарь", "Егінсай"),
        ("e", "Мусор не вывозят месяц, контейнеры переполнены", "Қызылжар"),
    ])
    index.fit(index._texts)
    exact = index.query("на ул Озен уже две недели НЕ горит ни один фонарь!!", settlement="Қызылжар")
    assert exact[0].item_id == "a" and exact[0].kind == "exact"
    assert all(m.item_id != "d" for m in exact)  # other village never suggested
    similar = index.query("Кызылжар ул Озен фонари не горят 2 недели!!!", settlement="Қызылжар")
    assert [m.item_id for m in similar][:1] == ["a"]
    assert "c" not in [m.item_id for m in similar]
    assert canonical("Су ЖОҚ!") == canonical("су жок")


def test_appeals_thresholds_on_fixed_split(appeals):
    train, test = split_rows(appeals)
    assert (len(train), len(test)) == (641, 259)
    unit = evaluate(train, test, "text", "responsible_unit", "duplicate_group")
    assert unit["accuracy"] >= 0.80 and unit["macro_f1"] >= 0.70
    assert unit["dup_precision"] >= 0.8 and unit["dup_recall"] >= 0.6
    assert unit["accuracy"] > unit["baseline"]["accuracy"]
    assert unit["dup_recall"] > unit["baseline"]["dup_recall"]
    category = evaluate(train, test, "text", "category")
    assert category["nmi"] >= 0.5 and category["nmi"] > category["baseline"]["nmi"]


def test_duplicate_query_is_fast_on_many_texts(appeals):
    index = DuplicateIndex()
    texts = [r["text"] for r in appeals]
    rng = np.random.default_rng(0)
    items = []
    for i in range(5000):
        a, b = rng.integers(0, len(texts), 2)
        items.append((str(i), texts[a] + " " + texts[b][: len(texts[b]) // 2], appeals[a]["settlement"]))
    index.add_many(items)
    index.query("прогрев", settlement="Қарасу")  # fits and builds the matrices once
    start = time.perf_counter()
    for text in texts[:20]:
        index.query(text, settlement="Қарасу")
    # The < 100 ms target on 100,000 texts is measured by bench/ai_text.py; here a loose bound for a busy CI.
    assert (time.perf_counter() - start) / 20 < 0.3
