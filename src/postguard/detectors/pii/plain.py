"""plain(): the text with disguises undone, character for character.

Finders scan the plain text and quote the original at the same offsets, so the
replacement never changes the length: other digit scripts ("０７７００") become
ASCII digits, and invisible or unusual spaces (zero-width, non-breaking, thin)
become ordinary spaces, so "07700\u200b900317" reads as "07700 900317".
"""

from __future__ import annotations

import re
import unicodedata

_ODD_SPACES = re.compile("[\u00a0\u00ad\u2000-\u200f\u202f\u205f\u2060\u3000\ufeff]")


def plain(text: str) -> str:
    """``text`` with other-script digits as ASCII and odd spaces as spaces; same length."""
    if text.isascii():
        return text
    text = _ODD_SPACES.sub(" ", text)
    if any(c.isdecimal() and not c.isascii() for c in text):
        text = "".join(
            str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text
        )
    return text
