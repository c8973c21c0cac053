"""Forms of the helper's pages: input parsing only; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from auyl.insight.labels import unit_choices


class DecisionForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"))
    unit = forms.ChoiceField(label=_("Responsible unit"))

    def __init__(self, *args, **kwargs) -> None:
        from auyl.appeals.models import Category

        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.name) for c in Category.objects.filter(is_active=True)]
        self.fields["unit"].choices = unit_choices()


class RenameForm(forms.Form):
    label = forms.CharField(label=_("New name of the theme"), max_length=200)


class SplitForm(forms.Form):
    parts = forms.IntegerField(label=_("Split into how many themes"), min_value=2, max_value=5, initial=2)


class MergeForm(forms.Form):
    themes = forms.MultipleChoiceField(label=_("Themes to merge"), widget=forms.CheckboxSelectMultiple)
    label = forms.CharField(label=_("Name of the merged theme (optional)"), max_length=200, required=False)

    def __init__(self, *args, themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [(str(t.pk), t.label) for t in themes]


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Month of the appeals"), widget=forms.DateInput(attrs={"type": "month"}),
                            input_formats=["%Y-%m"])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].initial = timezone.localdate().strftime("%Y-%m")


class DiscussionForm(forms.Form):
    title = forms.CharField(label=_("Question"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=5000)
    statements = forms.CharField(label=_("Opening statements, one per line"), widget=forms.Textarea(
        attrs={"rows": 6}), required=False)


class StatementForm(forms.Form):
    text = forms.CharField(label=_("Your statement"), max_length=300, min_length=5,
                           help_text=_("One short sentence others can agree or disagree with."))
