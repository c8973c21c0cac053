"""Forms of the budget pages: input parsing only; every rule is checked again in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.budget.models import ProgrammeCode, RevenueCode

MONTHS = [(m, m) for m in range(1, 13)]


def code_choices() -> list:
    """Revenue codes and programmes in one grouped list; values are ``side:code``."""
    return [
        (_("Revenues"), [(f"revenue:{c.code}", f"{c.code} {c.name}") for c in RevenueCode.objects.all()]),
        (_("Expenditures"), [(f"expenditure:{p.code}", f"{p.code} {p.name}") for p in ProgrammeCode.objects.all()]),
    ]


class CodeField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=code_choices, label=_("Code"), **kwargs)


class CreateBudgetForm(forms.Form):
    first_year = forms.IntegerField(label=_("Planned year"), min_value=2018, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_year"].initial = timezone.localdate().year + 1


class PlanRowForm(forms.Form):
    code = CodeField()
    year = forms.IntegerField(label=_("Year"))
    amount = forms.DecimalField(label=_("Amount, ₸"), min_value=0, max_digits=15, decimal_places=2,
                                help_text=_("0 removes the line."))


class AdjustmentForm(forms.Form):
    reason = forms.CharField(label=_("Why the budget needs an adjustment"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    reference = forms.CharField(label=_("Number of the maslikhat's decision"), max_length=100)
    approved_on = forms.DateField(label=_("Date of the decision"), widget=forms.DateInput(attrs={"type": "date"}))


class ExecutionForm(forms.Form):
    month = forms.TypedChoiceField(label=_("Month"), choices=MONTHS, coerce=int)
    code = CodeField()
    amount = forms.DecimalField(label=_("Received or paid in the month, ₸"), min_value=0, max_digits=15,
                                decimal_places=2)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Treasury file (CSV or XLSX)"),
                           help_text=_("Columns: year, month, side, code, amount."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload
