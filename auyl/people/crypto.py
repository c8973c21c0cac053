"""Storing personal identifiers: a keyed hash for look-up beside an encrypted value for the rare display."""

from __future__ import annotations

import base64
import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet
from django.conf import settings


def _key(purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{settings.PERSONAL_DATA_KEY}".encode()).digest()


def lookup_hash(value: str) -> str:
    """HMAC-SHA256 of the value: equal values match, but the hash alone does not reveal the value."""
    return hmac.new(_key("lookup"), value.encode(), hashlib.sha256).hexdigest()


@cache
def _fernet(key_material: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key("encrypt")))


def encrypt(value: str) -> str:
    return _fernet(settings.PERSONAL_DATA_KEY).encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet(settings.PERSONAL_DATA_KEY).decrypt(token.encode()).decode()


def masked_iin(iin: str) -> str:
    """What staff see in lists: the birth-date part hidden, last four digits shown."""
    return "••••••••" + iin[-4:]
