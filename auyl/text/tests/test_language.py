from collections import Counter

from auyl.text.language import detect_language
from auyl.text.normalize import fold, lemmas

NO_KAZAKH_LETTERS = "ap0031 ap0049 ap0379 ap0416 ap0521 ap0544 ap0567 ap0571 ap0654 ap0855 ap0891".split()


def test_simple_cases():
    assert detect_language("Здравствуйте, у нас нет воды третий день") == "ru"
    assert detect_language("Ауылда үш күннен бері су жоқ") == "kk"
    assert detect_language("су жок уш кун, бизге комектесиниз") == "kk"
    assert detect_language("Аким мырза, біздің көшеге щебень төгіп беріңізші, вообще проехать нельзя") == "mixed"
    assert detect_language("12345 !!!") == "unknown"


def test_accuracy_on_labelled_appeals(appeals):
    hits = Counter(detect_language(r["text"]) == r["lang"] for r in appeals)
    assert hits[True] / len(appeals) >= 0.93
    by_id = {r["id"]: r for r in appeals}
    assert all(detect_language(by_id[i]["text"]) == "kk" for i in NO_KAZAKH_LETTERS)


def test_lemmas_bridge_kazakh_and_russian():
    assert fold("Жоқ") == "жок"
    kk = set(lemmas("Ауылдағы ұңғыма сынды, су жоқ"))
    ru = set(lemmas("В селе сломалась скважина, воды нет"))
    assert {"скважина", "вода", "сломаться"} <= kk & ru
    assert "нет" not in ru and "в" not in ru  # stop words dropped
