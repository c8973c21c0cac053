"""Input forms of the oversight pages; the rules themselves are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.oversight.models import Classification, Education, Election, Nomination, PowerLevel


class DateInput(forms.DateInput):
    input_type = "date"


class ElectionForm(forms.Form):
    community = forms.CharField(label=_("KATO code of the community"), min_length=9, max_length=9)
    day = forms.DateField(label=_("Election day"), widget=DateInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=Election.Kind.choices)


class CandidateForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    iin = forms.CharField(label=_("IIN (only its hash is kept)"), max_length=12, required=False)
    birth_date = forms.DateField(label=_("Birth date"), widget=DateInput)
    education = forms.ChoiceField(label=_("Education"), choices=Education.choices)
    experience_years = forms.DecimalField(label=_("Work experience, years"), min_value=0, max_value=70,
                                          decimal_places=1)
    nomination = forms.ChoiceField(label=_("Nominated by"), choices=Nomination.choices)
    party = forms.CharField(label=_("Party"), max_length=120, required=False)


class ResultsForm(forms.Form):
    """Electorate, ballots and one votes field per eligible candidate."""

    electorate = forms.IntegerField(label=_("Voters on the lists"), min_value=1)
    ballots_cast = forms.IntegerField(label=_("Voters who took part"), min_value=0)
    registered_on = forms.DateField(label=_("Registered by the commission on"), widget=DateInput, required=False)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        for candidate in candidates:
            self.fields[f"votes_{candidate.pk}"] = forms.IntegerField(
                label=_("Votes for %(name)s") % {"name": candidate.full_name}, min_value=0)

    def votes(self) -> dict[int, int]:
        return {int(key.removeprefix("votes_")): value for key, value in self.cleaned_data.items()
                if key.startswith("votes_")}


class EndTermForm(forms.Form):
    on = forms.DateField(label=_("Last day in office"), widget=DateInput)
    reason = forms.CharField(label=_("Ground"), max_length=200)


class AuditForm(forms.Form):
    community = forms.CharField(label=_("KATO code of the community"), min_length=9, max_length=9)
    year = forms.IntegerField(label=_("Budget year audited"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)


class FindingForm(forms.Form):
    description = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 3}))
    amount = forms.DecimalField(label=_("Amount, ₸"), min_value=0, decimal_places=2, initial=0)
    recommendation = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput)


class PresentationForm(forms.Form):
    session_at = forms.DateTimeField(label=_("Date and time of the online session"),
                                     widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    session_url = forms.URLField(label=_("Link to the online session"), assume_scheme="https")
    chair = forms.CharField(label=_("Username of the assembly chair"), max_length=150)


class ResponseForm(forms.Form):
    response = forms.CharField(label=_("The akim's response"), widget=forms.Textarea(attrs={"rows": 3}))


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What was done or checked"), widget=forms.Textarea(attrs={"rows": 2}))
    resolves = forms.BooleanField(label=_("The finding is resolved"), required=False)


class PublishForm(forms.Form):
    summary = forms.CharField(label=_("Public summary"), widget=forms.Textarea(attrs={"rows": 4}))


class EnrolForm(forms.Form):
    course = forms.ChoiceField(label=_("Course"))
    term = forms.ChoiceField(label=_("Akim"))

    def __init__(self, *args, courses=(), terms=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].choices = [(c.pk, f"{c.title} ({c.year})") for c in courses]
        self.fields["term"].choices = [(t.pk, f"{t.community} — {t.full_name}") for t in terms]


class ReviewForm(forms.Form):
    classification = forms.ChoiceField(label=_("Classification"), choices=Classification.choices)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MissingPowerForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=PowerLevel.choices)
    title = forms.CharField(label=_("The missing power"), max_length=300)
    comment = forms.CharField(label=_("Why it is needed"), widget=forms.Textarea(attrs={"rows": 2}))
