"""Every page in Kazakh, Russian and English; the default follows the browser, else Kazakh."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize(("accept", "lang", "text"), [
    ("ru-RU,ru;q=0.9", "ru", "Найдите своё сообщество"),
    ("kk", "kk", "Қоғамдастығыңызды табыңыз"),
    ("en-US,en;q=0.8", "en", "Find your community"),
    ("de-DE", "kk", "Қоғамдастығыңызды табыңыз"),
    ("", "kk", "Қоғамдастығыңызды табыңыз"),
])
def test_default_language_follows_the_browser(client, settings, accept, lang, text):
    settings.AUYL_DEFAULT_LANGUAGE = "kk"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html and text in html


@pytest.mark.django_db
def test_switcher_choice_beats_the_browser(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert '<html lang="en">' in html


def test_every_catalogue_is_complete_and_compiled():
    """No empty or fuzzy Kazakh/Russian message, and each .mo matches its .po (run scripts/messages.sh)."""
    from pathlib import Path

    import polib

    problems = []
    for po_path in sorted(Path(__file__).resolve().parents[2].glob("*/locale/*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        untranslated = [e.msgid for e in po.untranslated_entries()] + [e.msgid for e in po.fuzzy_entries()]
        if untranslated:
            problems.append(f"{po_path}: {len(untranslated)} untranslated, e.g. {untranslated[:3]}")
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(f"{mo_path} is missing")
            continue
        compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(mo_path))}
        for entry in po.translated_entries():
            if compiled.get((entry.msgctxt, entry.msgid)) != (entry.msgstr or entry.msgstr_plural):
                problems.append(f"{mo_path} is stale: recompile with scripts/messages.sh")
                break
    assert not problems, "\n".join(problems)
