"""Background work: sending a meeting's notice, rendering the signed minutes as PDFs. Both are idempotent."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from auyl.assemblies.models import BodyKind, Meeting, MeetingStatus


def notice_recipients(meeting: Meeting):
    """Accounts to notify: verified residents of the community for a gathering, seated members otherwise."""
    from auyl.assemblies import selectors
    from auyl.people.models import User

    body = meeting.body
    if body.kind == BodyKind.GATHERING and not body.by_representatives:
        return User.objects.filter(resident__community_id=body.community_id, is_active=True)
    people = selectors.entitled(body, on=timezone.localtime(meeting.starts_at).date())
    return User.objects.filter(resident__in=people, is_active=True)


@task()
def send_meeting_notice(meeting_id: int) -> int:
    """Send the notice once to every recipient, in their language; returns how many were sent."""
    from auyl.people.senders import get_sender

    with transaction.atomic():
        meeting = Meeting.objects.select_for_update(of=("self",)).select_related("body__community__territory").get(
            pk=meeting_id)
        if meeting.notice_sent_count or meeting.status != MeetingStatus.NOTIFIED:
            return 0
        sender, sent = get_sender(), 0
        local = timezone.localtime(meeting.starts_at)
        for user in notice_recipients(meeting).only("username", "preferred_language").order_by("pk"):
            with translation.override(user.preferred_language or "kk"):
                sender.send(user.username, _("%(body)s meets on %(date)s at %(time)s, %(place)s. Agenda: "
                                             "auyl/assemblies/meeting/%(id)s/") % {
                    "body": meeting.body.title, "date": local.strftime("%d.%m.%Y"), "time": local.strftime("%H:%M"),
                    "place": meeting.place, "id": meeting.pk})
            sent += 1
        meeting.notice_sent_count = sent
        meeting.save(update_fields=["notice_sent_count"])
    return sent


@task()
def render_minutes_pdf(meeting_id: int) -> None:
    """Store the signed minutes (full version, with the list of those present) in Kazakh and Russian."""
    from auyl.assemblies import minutes

    meeting = Meeting.objects.select_related("body__community__territory").get(pk=meeting_id)
    if meeting.signed_at is None:
        return
    for language in minutes.MINUTES_LANGUAGES:
        field = getattr(meeting, f"minutes_pdf_{language}")
        content = minutes.render_pdf(minutes.build(meeting, language, full=True))
        field.save(f"minutes-{meeting.pk}-{meeting.minutes_sha256[:12]}-{language}.pdf", ContentFile(content),
                   save=False)
    Meeting.objects.filter(pk=meeting.pk).update(minutes_pdf_kk=meeting.minutes_pdf_kk.name,
                                                 minutes_pdf_ru=meeting.minutes_pdf_ru.name)
