"""Text from and to people: what a caller typed, cleaned; and a value shown back to them, cut and escaped."""

from __future__ import annotations

import html
import unicodedata

_ALLOWED_CONTROLS = {"\n", "\t"}
#: Longest value echoed back to the user in a message (longer ones are cut with "…").
ECHO_CHARS = 40


def clean_text(raw: str, *, keep_lines: bool = False) -> str:
    """``raw`` without lone surrogates or control characters, NFC-normalised, white space collapsed.

    Args:
        raw: Any string.
        keep_lines: Keep line breaks (for answer texts); otherwise all white space becomes one space.
    """
    # Lone surrogates cannot be encoded; replace them rather than fail later.
    raw = raw.encode("utf-8", "replace").decode("utf-8")
    kept = [ch if (unicodedata.category(ch)[0] != "C" or ch in _ALLOWED_CONTROLS) else " " for ch in raw]
    text = unicodedata.normalize("NFC", "".join(kept))
    if keep_lines:
        return "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    return " ".join(text.split())


def echo(value: object, limit: int = ECHO_CHARS) -> str:
    """``value`` as it may be shown back to a user: cleaned, cut to ``limit`` characters, HTML-escaped."""
    text = clean_text(value if isinstance(value, str) else repr(value)[: limit * 4])
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return html.escape(text, quote=False)
