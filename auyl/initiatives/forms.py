"""Forms of the initiatives pages: they parse input only; every rule is in services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from auyl.initiatives import thresholds
from auyl.initiatives.models import Kind, Poll, QuestionKind
from auyl.people.models import User


class InitiativeForm(forms.Form):
    kind = forms.ChoiceField(label=_("What do you ask for?"), choices=Kind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text of the initiative"), max_length=10000,
                           widget=forms.Textarea(attrs={"rows": 8}))
    request = forms.CharField(label=_("What exactly is asked"), max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    collection_days = forms.IntegerField(
        label=_("Days to collect signatures"), initial=30, min_value=thresholds.MIN_COLLECTION_DAYS,
        max_value=thresholds.MAX_COLLECTION_DAYS)
    coauthors = forms.CharField(
        label=_("Co-authors (optional)"), required=False, max_length=500,
        help_text=_("Phone numbers of their Auyl accounts, separated by commas. Co-authors are shown publicly."))

    def clean_coauthors(self) -> list[User]:
        names = [n.strip() for n in self.cleaned_data["coauthors"].split(",") if n.strip()]
        users = list(User.objects.filter(username__in=names).select_related("resident"))
        if len(users) != len(set(names)):
            raise ValidationError(_("Some co-authors have no Auyl account with that phone number."))
        return users


class CheckForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        ("accept", _("The form is correct: open the collection of signatures")),
        ("refuse", _("Refuse: the form is not correct"))])
    reason = forms.CharField(label=_("Public reason (if refused)"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 6}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class PaperSheetForm(forms.Form):
    number = forms.CharField(label=_("Sheet number"), max_length=40)
    iins = forms.CharField(label=_("IINs, one per line, in the order of the sheet"), max_length=20000,
                           widget=forms.Textarea(attrs={"rows": 12, "autocomplete": "off"}))

    def clean_iins(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["iins"].splitlines() if line.strip()]


class ConfirmSheetForm(forms.Form):
    iins = PaperSheetForm.base_fields["iins"]

    clean_iins = PaperSheetForm.clean_iins


class PollForm(forms.ModelForm):
    class Meta:
        model = Poll
        fields = ["title", "description", "spending_line", "subject_key", "min_age", "opens_at", "closes_at"]
        widgets = {"opens_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "closes_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, community=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        lines = self.fields["spending_line"].queryset.filter(community=community).select_related("programme")
        self.fields["spending_line"].queryset = lines


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices)
    options = forms.CharField(label=_("Options, one per line"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    max_choices = forms.IntegerField(label=_("At most this many choices (several choices only)"), required=False,
                                     min_value=1)

    def clean_options(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class BallotForm(forms.Form):
    """Built from the poll's questions; ranking questions get one rank selector per option (works without JS)."""

    def __init__(self, poll: Poll, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.poll = poll
        for question in poll.questions.all():
            options = [(o.pk, o.text) for o in question.options.all()]
            name = f"q{question.pk}"
            if question.kind == QuestionKind.SINGLE:
                self.fields[name] = forms.TypedChoiceField(label=question.text, choices=options, coerce=int,
                                                           required=False, widget=forms.RadioSelect)
            elif question.kind == QuestionKind.MULTIPLE:
                self.fields[name] = forms.TypedMultipleChoiceField(
                    label=question.text, choices=options, coerce=int, required=False,
                    widget=forms.CheckboxSelectMultiple)
            elif question.kind == QuestionKind.RANKING:
                ranks = [("", "—"), *[(n, str(n)) for n in range(1, len(options) + 1)]]
                for option_id, text in options:
                    self.fields[f"{name}_{option_id}"] = forms.TypedChoiceField(
                        label=f"{question.text}: {text}", choices=ranks, coerce=int, empty_value=None,
                        required=False)
            else:
                self.fields[name] = forms.CharField(label=question.text, required=False, max_length=2000,
                                                    widget=forms.Textarea(attrs={"rows": 3}))

    def answers(self) -> dict[int, object]:
        """The values as services.answer_poll takes them: ranking options sorted by the rank given."""
        data = self.cleaned_data
        result: dict[int, object] = {}
        for question in self.poll.questions.all():
            if question.kind == QuestionKind.RANKING:
                ranked = [(data.get(f"q{question.pk}_{o.pk}"), o.pk) for o in question.options.all()]
                ranked = sorted((rank, pk) for rank, pk in ranked if rank)
                if len({rank for rank, _pk in ranked}) != len(ranked):
                    raise ValidationError({f"q{question.pk}_{question.options.all()[0].pk}": [
                        _("Give each option a different rank.")]})
                result[question.pk] = [pk for _rank, pk in ranked]
            else:
                result[question.pk] = data.get(f"q{question.pk}")
        return result
