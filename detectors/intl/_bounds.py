"""Boundary checks shared by the identifier detectors.

RE2 has no lookarounds, so the patterns match greedily and these helpers
reject a match glued to a longer run of digits or letters.
"""

from __future__ import annotations


def digit_bounded(text: str, start: int, end: int) -> bool:
    """True when the span is not part of a longer run of digits."""
    if start > 0 and text[start - 1].isdigit():
        return False
    if end < len(text) and text[end].isdigit():
        return False
    return True


def alnum_bounded(text: str, start: int, end: int) -> bool:
    """True when the span does not continue an ASCII word on either side."""
    if start > 0 and (text[start - 1].isascii() and text[start - 1].isalnum()):
        return False
    if end < len(text) and (text[end].isascii() and text[end].isalnum()):
        return False
    return True
