"""Background work for appeals: telling the applicant what happened (registration receipt, extension notice
within three working days, forwarding, answer)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from auyl.people.senders import get_sender
from auyl.people.services import EMAIL_RE, PHONE_RE

MESSAGES = {
    "registered": lambda a: _("Your appeal %(number)s is registered. Answer due by %(date)s.")
    % {"number": a.number, "date": a.deadline.strftime("%d.%m.%Y")},
    "extended": lambda a: _("The term of your appeal %(number)s is extended to %(date)s. Reason: %(reason)s")
    % {"number": a.number, "date": a.deadline.strftime("%d.%m.%Y"), "reason": a.extension_reason},
    "forwarded": lambda a: _("Your appeal %(number)s was forwarded to %(body)s, which will answer it.")
    % {"number": a.number, "body": a.forwarded_to},
    "answered": lambda a: _("Your appeal %(number)s has been answered. Read and rate the answer in Auyl.")
    % {"number": a.number},
}


def _address(appeal) -> str:
    """Where the applicant can be reached: their account, else the phone or e-mail they gave."""
    if appeal.applicant_user_id:
        return appeal.applicant_user.username
    contact = appeal.applicant_contact.replace(" ", "")
    return contact if PHONE_RE.match(contact) or EMAIL_RE.match(contact) else ""


@task()
def notify_applicant(appeal_id: int, event: str) -> bool:
    """Send one notice; returns False when the applicant left no address (paper appeals get a letter)."""
    from auyl.appeals.models import Appeal

    appeal = Appeal.objects.select_related("applicant_user").filter(pk=appeal_id).first()
    if appeal is None or event not in MESSAGES:
        return False
    to = _address(appeal)
    if not to:
        return False
    language = appeal.applicant_user.preferred_language if appeal.applicant_user_id else "kk"
    with translation.override(language):
        get_sender().send(to, MESSAGES[event](appeal))
    return True
