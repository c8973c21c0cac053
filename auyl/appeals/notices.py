"""What the applicant is told at each step (registration receipt, extension notice within three working days,
forwarding, answer), through the core notifications in the applicant's own language."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from auyl.core.notifications import notify

SUBJECTS = {
    "registered": _("Your appeal %(number)s is registered"),
    "extended": _("The term of your appeal %(number)s is extended"),
    "forwarded": _("Your appeal %(number)s was forwarded"),
    "answered": _("Your appeal %(number)s has been answered"),
}
BODIES = {
    "registered": _("The answer is due by %(deadline)s."),
    "extended": _("New term: %(deadline)s. Reason: %(reason)s"),
    "forwarded": _("It was sent to %(body)s, which will answer it."),
    "answered": _("Read the answer and rate it in Auyl."),
}


def tell_applicant(appeal, event: str) -> None:
    """Notify the applicant's account; appeals from paper or phone without an account are answered by letter."""
    if appeal.applicant_user_id is None:
        return
    notify([appeal.applicant_user], subject=SUBJECTS[event], body=BODIES[event],
           url=reverse("appeals:detail", args=[appeal.pk]),
           params={"number": appeal.number, "deadline": appeal.deadline.strftime("%d.%m.%Y"),
                   "reason": appeal.extension_reason, "body": appeal.forwarded_to})
