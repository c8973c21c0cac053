"""Sign-up, confirmation code, log-in, verification and the account page. Rules live in services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from auyl.people import services
from auyl.people.forms import CodeForm, LoginForm, SignUpForm, VerifyForm
from auyl.people.selectors import active_role_scopes


def _form_error(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@require_http_methods(["GET", "POST"])
def signup(request):
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.sign_up(contact=form.cleaned_data["contact"], password=form.cleaned_data["password"],
                                    language=request.LANGUAGE_CODE)
        except ValidationError as error:
            _form_error(form, error)
        else:
            login(request, user)  # the one authentication backend
            messages.info(request, _("We sent you a 6-digit code. Enter it to confirm your account."))
            return redirect("people:confirm")
    return render(request, "people/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def confirm(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_code(request.user, form.cleaned_data["code"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your phone or e-mail is confirmed."))
            return redirect("people:verify")
    return render(request, "people/confirm.html", {"form": form})


@login_required
@require_POST
def resend(request):
    services.send_code(request.user)
    messages.info(request, _("A new code is on its way."))
    return redirect("people:confirm")


@require_http_methods(["GET", "POST"])
def login_view(request):
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.check_login(request, username=form.cleaned_data["username"],
                                        password=form.cleaned_data["password"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            login(request, user)
            target = request.GET.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = "people:account"
            return redirect(target)
    return render(request, "people/login.html", {"form": form})


@require_POST
def logout_view(request):
    logout(request)
    return redirect("web:home")


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    form = VerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            resident = services.verify_resident(request.user, iin=form.cleaned_data["iin"],
                                                birth_date=form.cleaned_data["birth_date"])
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("You are verified as a resident of %(community)s.")
                             % {"community": resident.community.territory.name})
            return redirect("people:account")
    return render(request, "people/verify.html", {"form": form})


@login_required
def account(request):
    user = request.user
    roles = user.roles.select_related("territory").order_by("role")
    return render(request, "people/account.html", {"roles": roles, "scopes": active_role_scopes(user)})


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request):
    """The user's notifications; opening the page marks them read."""
    from django.core.paginator import Paginator
    from django.utils import timezone

    from auyl.core.models import Notification

    items = Notification.objects.filter(user=request.user)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    unread_ids = [n.pk for n in page.object_list if n.read_at is None]
    response = render(request, "people/notifications.html", {"page": page, "unread_ids": set(unread_ids)})
    Notification.objects.filter(pk__in=unread_ids).update(read_at=timezone.now())
    return response
