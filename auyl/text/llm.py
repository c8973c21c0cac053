"""Optional abstractive summaries through an OpenAI-compatible chat API on a server the operator runs.

Off by default: nothing is sent unless ``enabled`` is true (or ``AUYL_LLM_ENABLED=1``) and a base URL is
set. Prompts live in ``auyl/text/prompts/*.txt``. Every text is masked here, in the client, and the whole
request body is checked for personal data before it leaves the process, so a caller that forgets to
mask cannot leak an IIN or a phone number. Uses only the standard library (urllib) with a timeout.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from auyl.text._resources import PROMPTS_DIR
from auyl.text.masking import find_personal_data
from auyl.text.normalize import prepare


class LLMDisabled(RuntimeError):
    """The LLM client is switched off (the default) or has no server configured."""


class PersonalDataBlocked(RuntimeError):
    """A request still contained personal data after masking; it was not sent."""


def load_prompt(name: str) -> str:
    """Text of ``prompts/<name>.txt``."""
    path = (PROMPTS_DIR / f"{name}.txt").resolve()
    if path.parent != PROMPTS_DIR.resolve():
        raise ValueError(f"bad prompt name {name!r}")
    return path.read_text(encoding="utf-8")


@dataclass
class LLMClient:
    """Minimal chat-completions client. ``base_url`` is e.g. ``http://127.0.0.1:8000/v1``."""

    base_url: str = ""
    model: str = "local"
    api_key: str = ""
    timeout: float = 20.0
    enabled: bool = False
    max_messages: int = 20

    @classmethod
    def from_env(cls) -> LLMClient:
        """Client configured by AUYL_LLM_ENABLED, AUYL_LLM_URL, AUYL_LLM_MODEL, AUYL_LLM_KEY, AUYL_LLM_TIMEOUT."""
        return cls(base_url=os.environ.get("AUYL_LLM_URL", ""), model=os.environ.get("AUYL_LLM_MODEL", "local"),
                   api_key=os.environ.get("AUYL_LLM_KEY", ""),
                   timeout=float(os.environ.get("AUYL_LLM_TIMEOUT", "20")),
                   enabled=os.environ.get("AUYL_LLM_ENABLED", "") in ("1", "true", "yes"))

    def summarise(self, texts: Sequence[str], label: str = "", language: str = "Russian",
                  prompt: str = "theme_summary") -> str:
        """Summary of ``texts`` (masked here) written by the model."""
        masked = [prepare(t) for t in texts[: self.max_messages]]
        content = load_prompt(prompt).format(
            language=language, label=prepare(label), messages="\n".join(f"- {t}" for t in masked))
        return self.chat([{"role": "user", "content": content}])

    def chat(self, messages: list[dict[str, str]]) -> str:
        """Send chat messages (each content masked again) and return the reply's text."""
        if not self.enabled or not self.base_url:
            raise LLMDisabled("the LLM client is off (set AUYL_LLM_ENABLED=1 and AUYL_LLM_URL)")
        safe = [{"role": m["role"], "content": prepare(m["content"])} for m in messages]
        body = json.dumps({"model": self.model, "messages": safe, "temperature": 0.2}, ensure_ascii=False)
        if find_personal_data(body):
            raise PersonalDataBlocked("personal data found in the request after masking; not sent")
        request = urllib.request.Request(
            self.base_url.rstrip("/") + "/chat/completions", data=body.encode("utf-8"), method="POST",
            headers={"Content-Type": "application/json",
                     **({"Authorization": f"Bearer {self.api_key}"} if self.api_key else {})})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            reply = json.loads(response.read().decode("utf-8"))
        return str(reply["choices"][0]["message"]["content"]).strip()
