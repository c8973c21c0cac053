"""Pluggable senders of one-time codes (SMS gateway, e-mail). Development prints to the console."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string


class ConsoleSender:
    """Prints the code to standard output: for development and the demo, never for production."""

    outbox: list[tuple[str, str]] = []

    def send(self, to: str, message: str) -> None:
        ConsoleSender.outbox.append((to, message))
        print(f"[one-time code] to …{to[-4:]}: {message}", file=sys.stdout, flush=True)


class EmailSender:
    def send(self, to: str, message: str) -> None:
        send_mail("Auyl", message, None, [to])


def get_sender():
    return import_string(settings.AUYL_CODE_SENDER)()
