"""Forms of the assemblies pages: they parse input only; the rules are in services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.assemblies.models import Body, BodyKind, ConvenedBy, MeetingKind, Motion, Position

DATE = forms.DateInput(attrs={"type": "date"})


class ConveneForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body"), queryset=Body.objects.none())
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=MeetingKind.choices)
    starts_at = forms.DateTimeField(label=_("Date and time"),
                                    widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    place = forms.CharField(label=_("Place"), max_length=300)
    convened_by = forms.ChoiceField(label=_("Convened by"), choices=ConvenedBy.choices)
    initiative = forms.ModelChoiceField(label=_("Residents' initiative (10 % of signatures)"), required=False,
                                        queryset=None)
    initiative_reference = forms.CharField(label=_("Assembly members' initiative (reference)"), max_length=100,
                                           required=False)
    district_consent = forms.CharField(label=_("District akim's consent (reference)"), max_length=200,
                                       required=False)
    questions = forms.CharField(label=_("Agenda: one question per line"), widget=forms.Textarea(attrs={"rows": 4}),
                                required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        from auyl.assemblies.selectors import gathering_initiatives

        self.fields["body"].queryset = Body.objects.filter(community=community).exclude(kind=BodyKind.COMMISSION)
        self.fields["initiative"].queryset = gathering_initiatives(community.pk)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=300)
    subject = forms.ChoiceField(label=_("What it decides on"))

    def __init__(self, *args, subjects: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects


class NoticeForm(forms.Form):
    text = forms.CharField(label=_("Additional information for residents"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))


class OpenForm(forms.Form):
    chair_name = forms.CharField(label=_("Chair (elected by open vote)"), max_length=200)
    secretary_name = forms.CharField(label=_("Secretary (elected by open vote)"), max_length=200)


class VoteForm(forms.Form):
    motion = forms.ChoiceField(label=_("Motion"), choices=Motion.choices)
    text = forms.CharField(label=_("Wording of the decision"), widget=forms.Textarea(attrs={"rows": 2}))
    remarks = forms.CharField(label=_("Remarks (for a return)"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    votes_for = forms.IntegerField(label=_("For"), min_value=0)
    votes_against = forms.IntegerField(label=_("Against"), min_value=0)
    votes_abstain = forms.IntegerField(label=_("Abstained"), min_value=0)


class SpeechesForm(forms.Form):
    speeches = forms.CharField(label=_("Summary of speeches"), required=False,
                               help_text=_("Who spoke (as a role: akim, member, resident) and what was said."),
                               widget=forms.Textarea(attrs={"rows": 3}))


class AkimResponseForm(forms.Form):
    accept = forms.TypedChoiceField(label=_("The akim's response"), coerce=lambda v: v == "yes",
                                    choices=[("yes", _("accept")), ("no", _("disagree"))])
    reason = forms.CharField(label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DistrictResolutionForm(forms.Form):
    outcome = forms.CharField(label=_("District akim's decision"), widget=forms.Textarea(attrs={"rows": 2}))
    decided_on = forms.DateField(label=_("Date"), widget=DATE)


class TermForm(forms.Form):
    term_start = forms.DateField(label=_("Term starts"), widget=DATE)


class SeparateGatheringForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    settlement = forms.ModelChoiceField(label=_("Settlement"), queryset=None)
    section = forms.CharField(label=_("Street, micro-district or building"), max_length=200, required=False)

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settlement"].queryset = community.settlements().order_by("code")


class CommissionForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    term_start = forms.DateField(label=_("Formed on"), widget=DATE)


class MemberForm(forms.Form):
    resident = forms.IntegerField(widget=forms.HiddenInput)
    position = forms.ChoiceField(label=_("Position"), choices=[(Position.MEMBER, Position.MEMBER.label),
                                                               (Position.CHAIR, Position.CHAIR.label)])
    basis = forms.CharField(label=_("Basis (decision)"), max_length=200, required=False)


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label=_("Last year"), min_value=2000, max_value=2100)
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GoalForm(forms.Form):
    title = forms.CharField(label=_("Goal"), max_length=300)


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=300)
    year = forms.IntegerField(label=_("Year"))
    amount = forms.DecimalField(label=_("Money, ₸"), min_value=0, decimal_places=0, max_digits=15)
    source = forms.CharField(label=_("Source of money"), max_length=200, required=False)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    baseline = forms.DecimalField(label=_("Baseline"), max_digits=15, decimal_places=2)
    target = forms.DecimalField(label=_("Target"), max_digits=15, decimal_places=2)


class MonitoringForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("Half-year"), coerce=int, choices=[(1, _("first half")),
                                                                            (2, _("second half"))])
    extraordinary = forms.BooleanField(label=_("Extraordinary (by the assembly's decision)"), required=False)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(label=_("Recommendations"), widget=forms.Textarea(attrs={"rows": 3}))
    signed_on = forms.DateField(label=_("Signed by the commission on"), widget=DATE)
    lines = forms.CharField(
        label=_("Planned against achieved: one line each, “indicator; planned; achieved”"),
        widget=forms.Textarea(attrs={"rows": 4}))

    def clean_lines(self) -> list[tuple[str, Decimal, Decimal]]:
        rows = []
        for number, raw in enumerate(self.cleaned_data["lines"].splitlines(), start=1):
            if not raw.strip():
                continue
            parts = [p.strip() for p in raw.split(";")]
            try:
                if len(parts) != 3 or not parts[0]:
                    raise InvalidOperation
                rows.append((parts[0], Decimal(parts[1].replace(",", ".").replace(" ", "")),
                             Decimal(parts[2].replace(",", ".").replace(" ", ""))))
            except InvalidOperation:
                raise forms.ValidationError(_("Line %(n)s is not “indicator; planned; achieved”.")
                                            % {"n": number}) from None
        return rows


class ConclusionForm(forms.Form):
    conclusion = forms.CharField(label=_("Akim's reasoned conclusion"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year reported on"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 8}))


class PublishReportForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Report meeting"), queryset=None)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Your question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(label=_("Your rating"), coerce=int, widget=forms.RadioSelect,
                                   choices=[(s, str(s)) for s in (5, 4, 3, 2, 1)])


class StepForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DATE)
    count = forms.IntegerField(label=_("Signatures or votes for"), min_value=0, required=False)
    total = forms.IntegerField(label=_("Deputies in total"), min_value=1, required=False)
    positive = forms.TypedChoiceField(label=_("District akim's decision"), coerce=lambda v: v == "yes",
                                      choices=[("", "—"), ("yes", _("terminate the powers")),
                                               ("no", _("keep the akim"))],
                                      required=False, empty_value=None)
    reference = forms.CharField(label=_("Document"), max_length=200, required=False)

