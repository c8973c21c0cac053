from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from auyl.people.iin import parse_iin


class SignUpForm(forms.Form):
    contact = forms.CharField(label=_("Mobile number or e-mail"), max_length=100,
                              widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "email"}))
    password = forms.CharField(label=_("Password"), min_length=8,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Code from the message"), max_length=6, min_length=6,
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Mobile number or e-mail"), max_length=100,
                               widget=forms.TextInput(attrs={"autocomplete": "username"}))
    password = forms.CharField(label=_("Password"),
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))


class VerifyForm(forms.Form):
    iin = forms.CharField(label=_("IIN"), max_length=12, min_length=1,
                          widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
    birth_date = forms.DateField(label=_("Birth date"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_iin(self):
        try:
            return parse_iin(self.cleaned_data["iin"]).iin
        except ValidationError as error:
            raise ValidationError(error.messages[0], code=error.code) from None
