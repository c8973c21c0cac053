"""Forms of the appeal pages: they parse input; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.appeals.models import BookingStatus, Category, Channel, Kind
from auyl.territory.models import Territory


class MultiplePhotos(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    widget = MultiplePhotos(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        return [f for f in (data if isinstance(data, list | tuple) else [data]) if f]


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=Kind.choices, initial=Kind.APPLICATION)
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.filter(is_active=True))
    settlement = forms.ModelChoiceField(label=_("Settlement"), queryset=Territory.objects.none(), required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your appeal"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))
    location_text = forms.CharField(label=_("Where is the problem? (street, landmark)"), max_length=300,
                                    required=False)
    photos = PhotosField(label=_("Photos (up to 3)"), required=False)
    applicant_name = forms.CharField(label=_("Your full name"), max_length=200, required=False)
    is_public = forms.BooleanField(label=_("Publish my appeal without my name so neighbours can see it"),
                                   required=False)

    def __init__(self, *args, community, ask_name: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settlement"].queryset = community.settlements().order_by("code")
        if not ask_name:
            del self.fields["applicant_name"]


class OfficeAppealForm(AppealForm):
    channel = forms.ChoiceField(label=_("Received through"), choices=[
        (c.value, c.label) for c in (Channel.PAPER, Channel.PHONE, Channel.RECEPTION)])
    received_on = forms.DateField(label=_("Received on"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}))
    applicant_iin = forms.CharField(label=_("Applicant's IIN (links the population registry)"), max_length=12,
                                    required=False, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    applicant_contact = forms.CharField(label=_("Phone or e-mail"), max_length=100, required=False)
    applicant_address = forms.CharField(label=_("Postal address"), max_length=300, required=False)
    field_order = ["channel", "received_on", "applicant_name", "applicant_iin", "applicant_contact",
                   "applicant_address", "kind", "category", "settlement", "subject", "text", "location_text",
                   "photos", "is_public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applicant_name"].label = _("Applicant's full name")
        self.fields["applicant_name"].required = True
        self.fields["text"].label = _("Text of the appeal")


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assign to"), queryset=None)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Internal note"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer to the applicant"), max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 5}))


class ExtendForm(forms.Form):
    until = forms.DateField(label=_("New term"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reasons for the extension"), max_length=5000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class ForwardForm(forms.Form):
    to = forms.CharField(label=_("Competent body"), max_length=200)


class TerminateForm(forms.Form):
    reason = forms.CharField(label=_("Decision (taken note of, no answer needed)"), max_length=5000)


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("How good is the answer?"), coerce=int, widget=forms.RadioSelect,
                                    choices=[(5, _("5 — very good")), (4, "4"), (3, "3"), (2, "2"),
                                             (1, _("1 — very bad"))])
    comment = forms.CharField(label=_("Comment (optional)"), max_length=500, required=False)


class AgencyRequestForm(forms.Form):
    agency = forms.CharField(label=_("Addressee (agency)"), max_length=200)
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    term_days = forms.IntegerField(label=_("Answer due in (working days)"), min_value=1, max_value=60, initial=15)


class AgencyAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer received"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ReceptionForm(forms.Form):
    official_title = forms.CharField(label=_("Who receives (name and post)"), max_length=200)
    first_day = forms.DateField(label=_("First reception"), widget=forms.DateInput(attrs={"type": "date"}))
    months = forms.IntegerField(label=_("Every month, for how many months"), min_value=1, max_value=12, initial=6)
    starts_at = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))
    slot_minutes = forms.IntegerField(label=_("Minutes per visitor"), min_value=5, max_value=120, initial=15)
    place = forms.CharField(label=_("Place"), max_length=200)


class BookingForm(forms.Form):
    slot = forms.ChoiceField(label=_("Time"))
    topic = forms.CharField(label=_("Your question"), max_length=300)
    visitor_name = forms.CharField(label=_("Visitor's full name"), max_length=200, required=False)

    def __init__(self, *args, slots, for_office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].choices = [(s.strftime("%H:%M"), s.strftime("%H:%M")) for s in slots]
        if for_office:
            self.fields["visitor_name"].required = True
        else:
            del self.fields["visitor_name"]


class VisitForm(forms.Form):
    status = forms.ChoiceField(label=_("What happened"), choices=[
        (s.value, s.label) for s in (BookingStatus.ATTENDED, BookingStatus.MISSED, BookingStatus.CANCELLED)])
    outcome = forms.CharField(label=_("Result"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    register_as = forms.ModelChoiceField(label=_("Register as an appeal in category"), required=False,
                                         queryset=Category.objects.filter(is_active=True))
