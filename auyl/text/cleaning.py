"""Cleaning of raw resident texts: HTML, entities, emoji, control characters, whitespace.

Texts arrive from web forms, messengers and e-mail; markup and emoji carry no routing or theme signal
but break tokenisation and inflate character n-grams, so they are removed before anything else.
"""

from __future__ import annotations

import html
import re
import unicodedata

_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]{0,500}>", re.IGNORECASE | re.DOTALL)
_BLOCK_TAG = re.compile(r"<\s*(br|/p|/div|/li|p|div|li)\b[^>]*>", re.IGNORECASE)
# Emoji and pictographs, dingbats, flags, variation selectors, zero-width joiners, skin tones.
_EMOJI = re.compile(
    "["
    "\U0001f000-\U0001faff"
    "\U00002600-\U000027bf"
    "\U00002b00-\U00002bff"
    "\U0001f1e6-\U0001f1ff"
    "\ufe0e\ufe0f\u200d\u20e3"
    "]+"
)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_NEWLINES = re.compile(r"\s*\n\s*")


def strip_html(text: str) -> str:
    """Remove tags and decode entities; block tags become line breaks so sentences stay apart."""
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub(" ", text)
    return html.unescape(text)


def strip_emoji(text: str) -> str:
    """Replace emoji with a space so words on either side do not merge."""
    return _EMOJI.sub(" ", text)


def clean_text(text: str) -> str:
    """Return ``text`` without markup, emoji and control characters, with normalised whitespace.

    Unicode is NFC-normalised so that a Kazakh letter typed as base + combining mark equals the
    precomposed one (matters for hashing and for the Kazakh-letter language signal).
    """
    if not text:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    if "<" in text or "&" in text:
        text = strip_html(text)
    text = strip_emoji(text)
    if not text.replace("\n", " ").replace("\t", " ").isprintable():  # rare: only then walk the characters
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    text = _SPACES.sub(" ", text)
    text = _NEWLINES.sub("\n", text)
    return text.strip()
