"""Themes of contest proposals, poll answers and a month's appeals: masked, counted per settlement, edits kept."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from auyl.contests.tests.factories import make_contest, make_proposal
from auyl.insight import services
from auyl.insight.models import JobStatus, Source, Theme, ThemeEdit, ThemeSet
from auyl.insight.tests.conftest import make_appeal

pytestmark = pytest.mark.django_db
IDEAS = Path(__file__).resolve().parents[1] / "data" / "ideas_sample.csv"


def ideas(themes: tuple[str, ...], per_theme: int = 8) -> list[str]:
    rows = list(csv.DictReader(IDEAS.open(encoding="utf-8")))
    return [r["text"] for t in themes for r in [r for r in rows if r["theme"] == t][:per_theme]]


@pytest.fixture
def contest(tree, people, django_capture_on_commit_callbacks):
    contest = make_contest(tree.home, people["staff"])
    settlements = list(tree.home.settlements().order_by("code"))
    for n, text in enumerate(ideas(("lighting", "playground", "water"))):
        make_proposal(contest, people["alice"] if n % 2 else people["bob"], title=text[:60], description=text,
                      settlement=settlements[n % 2])
    make_proposal(contest, people["bob"], title="Фонари у школы",
                  description="Поставить фонари у школы, звоните 87011234567, Айгуль Сейткалиевна, ИИН 900203400123",
                  settlement=settlements[0])
    return contest


def run(people, source, source_id, capture, community=None) -> ThemeSet:
    with capture(execute=True):
        theme_set = services.request_themes(actor=people["staff"], source=source, source_id=source_id,
                                            community=community)
    theme_set.refresh_from_db()
    return theme_set


def test_contest_proposals_are_grouped_with_why_counts_and_masked_texts(tree, people, contest,
                                                                         django_capture_on_commit_callbacks):
    theme_set = run(people, Source.CONTEST, contest.pk, django_capture_on_commit_callbacks)
    assert theme_set.status == JobStatus.DONE and theme_set.text_count == 25 and theme_set.is_public
    themes = list(theme_set.themes.all())
    assert len(themes) >= 2 and sum(t.size for t in themes) == 25
    for theme in themes:
        assert (theme.keywords and 3 <= len(theme.representatives) <= 5) or theme.size < 3
        # two residents wrote everything: a theme never counts more than two residents per settlement
        assert all(1 <= n <= 2 for n in theme.residents_by_settlement.values())
    stored = " ".join(r["text"] for t in themes for r in t.representatives) + str([t.label for t in themes])
    for secret in ("87011234567", "900203400123", "Айгуль"):
        assert secret not in stored


def test_a_rename_survives_a_rerun_and_merge_and_split_apply(tree, people, contest,
                                                            django_capture_on_commit_callbacks):
    theme_set = run(people, Source.CONTEST, contest.pk, django_capture_on_commit_callbacks)
    first = theme_set.themes.first()
    services.rename_theme(actor=people["staff"], theme=first, label="Жарық пен шамдар")
    members = set(first.item_ids)
    theme_set = run(people, Source.CONTEST, contest.pk, django_capture_on_commit_callbacks)
    renamed = Theme.objects.get(theme_set=theme_set, label="Жарық пен шамдар")
    assert set(renamed.item_ids) == members and "renamed" in renamed.edited and theme_set.runs == 2
    count = theme_set.themes.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.merge_themes(actor=people["staff"], themes=list(theme_set.themes.all()[:2]), label="Бірге")
    assert theme_set.themes.count() == count - 1 and theme_set.themes.filter(label="Бірге").exists()
    big = theme_set.themes.order_by("-size").first()
    with django_capture_on_commit_callbacks(execute=True):
        services.split_theme(actor=people["staff"], theme=big, parts=2)
    assert theme_set.themes.count() == count
    assert list(ThemeEdit.objects.values_list("op", flat=True)) == ["rename", "merge", "split"]


def test_bad_edits_are_refused(tree, people, contest, django_capture_on_commit_callbacks):
    theme = run(people, Source.CONTEST, contest.pk, django_capture_on_commit_callbacks).themes.first()
    for call in (lambda: services.rename_theme(actor=people["staff"], theme=theme, label="  "),
                 lambda: services.rename_theme(actor=people["staff"], theme=theme, label="Звоните 87011234567"),
                 lambda: services.split_theme(actor=people["staff"], theme=theme, parts=9),
                 lambda: services.merge_themes(actor=people["staff"], themes=[theme])):
        with pytest.raises(ValidationError):
            call()
    assert not ThemeEdit.objects.exists()
    for who in ("alice", "far_staff"):
        with pytest.raises(PermissionDenied):
            services.rename_theme(actor=people[who], theme=theme, label="x")


def test_a_month_of_appeals_is_themed_and_never_public(tree, people, django_capture_on_commit_callbacks):
    from django.utils import timezone

    texts = ideas(("water", "lighting"), 6)
    for text in texts:
        make_appeal(tree.home, text[:50], text)
    make_appeal(tree.neighbour, "Су жоқ", "Су жоқ бір апта")  # another community: not in this set
    month = timezone.localdate()
    theme_set = run(people, Source.APPEALS, month.year * 100 + month.month, django_capture_on_commit_callbacks,
                    community=tree.home)
    assert theme_set.text_count == len(texts) and not theme_set.is_public and theme_set.themes.exists()


def test_poll_free_text_answers_are_themed(tree, people, django_capture_on_commit_callbacks):
    from auyl.core.testing import make_resident
    from auyl.initiatives.models import Answer, Ballot, QuestionKind
    from auyl.initiatives.tests.factories import poll_with_questions

    poll = poll_with_questions(people["staff"], tree.home)
    question = poll.questions.filter(kind=QuestionKind.TEXT).first()
    assert question is not None
    for text in ideas(("sports", "waste_bins"), 6):
        resident, _ = make_resident(tree.home)
        ballot = Ballot.objects.create(poll=poll, resident=resident, settlement=tree.settlement())
        Answer.objects.create(ballot=ballot, question=question, text=text)
    theme_set = run(people, Source.POLL, poll.pk, django_capture_on_commit_callbacks)
    assert theme_set.text_count == 12 and not theme_set.is_public  # results not published yet
    assert sum(t.residents for t in theme_set.themes.all()) == 12


def test_llm_summary_is_off_by_default_and_sends_only_masked_text(tree, people, contest, settings,
                                                                 django_capture_on_commit_callbacks):
    theme = run(people, Source.CONTEST, contest.pk, django_capture_on_commit_callbacks).themes.first()
    assert services.summarise_theme(theme.pk) == "" and not Theme.objects.get(pk=theme.pk).summary
    sent = []

    class FakeClient:
        def summarise(self, texts, label="", language=""):
            sent.extend(texts)
            return "Тұрғындар шам сұрайды, 87011234567"

    settings.AUYL_INSIGHT_LLM_SUMMARIES = True
    Theme.objects.filter(pk=theme.pk).update(representatives=[{"id": "1", "text": "ИИН 900203400123 фонари"}])
    summary = services.summarise_theme(theme.pk, client=FakeClient())
    assert "87011234567" not in summary and Theme.objects.get(pk=theme.pk).summary == summary
    assert sent == ["ИИН 900203400123 фонари"]  # the stored text; the client masks again before sending
