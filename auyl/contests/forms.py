"""Forms of contest pages: they parse input; the rules are in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from auyl.contests.models import Contest, ProjectStatus, Proposal
from auyl.territory.models import Territory

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.ModelForm):
    categories = forms.CharField(label=_("Categories"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
                                 help_text=_("One per line, e.g. greening, playgrounds, lighting, sidewalks."))

    class Meta:
        model = Contest
        fields = ["title", "description", "budget_amount", "budget_line", "settlements",
                  "proposals_from", "review_from", "voting_from", "voting_until", "implementation_from", "min_age",
                  "ballot_type", "max_choices", "points_total", "rule", "min_votes"]
        widgets = {name: DATETIME for name in ("proposals_from", "review_from", "voting_from", "voting_until",
                                               "implementation_from")}
        widgets.update(settlements=forms.CheckboxSelectMultiple, description=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["settlements"].queryset = community.settlements().order_by("code")
        self.fields["settlements"].label_from_instance = lambda t: t.name
        self.fields["budget_line"].queryset = community.spending_lines.select_related("programme")
        if self.instance.pk:
            self.initial["categories"] = "\n".join(self.instance.categories.values_list("name", flat=True))

    def category_names(self) -> list[str]:
        return self.cleaned_data.get("categories", "").splitlines()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultiplePhotoField, self).clean(item, initial) for item in data[:5]]
        return [super().clean(data, initial)] if data else []


class ProposalForm(forms.ModelForm):
    photos = MultiplePhotoField(label=_("Photos (up to 5)"), required=False)

    class Meta:
        model = Proposal
        fields = ["title", "description", "category", "settlement", "location", "estimated_cost", "show_author"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, contest: Contest, similar_url: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = contest.categories.all()
        places = Territory.objects.filter(pk__in=contest.settlement_ids()) if contest.settlement_ids() \
            else contest.community.settlements()
        self.fields["settlement"].queryset = places.order_by("code")
        self.fields["settlement"].label_from_instance = lambda t: t.name
        # While typing, htmx asks the server for similar proposals (duplicates).
        for name in ("title", "description"):
            self.fields[name].widget.attrs.update({
                "hx-get": similar_url, "hx-trigger": "input changed delay:600ms", "hx-target": "#similar",
                "hx-include": "#id_title, #id_description", "aria-describedby": "similar"})


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    feasible = forms.TypedChoiceField(label=_("Decision"), coerce=lambda v: v == "yes",
                                      choices=[("yes", _("Feasible: put it on the ballot")),
                                               ("no", _("Not feasible"))], widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Public reason"), widget=forms.Textarea(attrs={"rows": 3}))
    final_cost = forms.IntegerField(label=_("Cost after review, ₸"), min_value=1, required=False,
                                    help_text=_("Leave empty to keep the author's estimate."))


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(label=_("Merge into"), queryset=Proposal.objects.none())
    reason = forms.CharField(label=_("Public reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = proposal.contest.proposals.exclude(pk=proposal.pk).filter(
            status__in=["submitted", "feasible", "not_feasible"])


class ReceiptForm(forms.Form):
    code = forms.CharField(label=_("Receipt code"), max_length=24,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "XXXX-XXXX-XXXX-XXXX"}))


class PaperIdentityForm(forms.Form):
    iin = forms.CharField(label=_("IIN of the voter (from their identity document)"), max_length=12,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ProjectStatus.choices)
    text = forms.CharField(label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    spent_total = forms.IntegerField(label=_("Spent so far, ₸"), min_value=0)
    photo = forms.ImageField(label=_("Photo"), required=False)


def ballot_choices(data, contest: Contest) -> dict[int, int]:
    """Read the ballot inputs: checkboxes ``project`` (approval, knapsack) or numbers ``points-<id>``."""
    if contest.ballot_type == "cumulative":
        choices = {}
        for key, value in data.items():
            if key.startswith("points-") and value.strip():
                try:
                    choices[int(key[7:])] = int(value)
                except ValueError:
                    continue
        return choices
    return {int(v): 1 for v in data.getlist("project") if v.isdigit()}
