"""Text normalisation with an offset map back to the original text.

Identifiers in scraped text hide behind full-width digits (１１０１０５…),
ideographic spaces and zero-width characters. Detectors match on a normalised
copy; every finding is mapped back to code-point offsets in the original.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cached_property

# Characters deleted before matching: zero-width space/joiners, word joiner,
# BOM/ZWNBSP, soft hyphen, Mongolian vowel separator, bidi marks.
_DELETED = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
_DELETED_RE = re.compile(f"[{_DELETED}]")

_TABLE: dict[int, int | None] = {ord(c): None for c in _DELETED}
# Full-width ASCII (U+FF01..U+FF5E) folds to ASCII, one code point for one.
_TABLE.update({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)})
_TABLE.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20,
        0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D, 0x2212: 0x2D,  # dashes
    }
)

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_DIGIT_RE = re.compile(r"[0-9]")


def normalise(text: str) -> str:
    """The matching form of ``text`` (see module docstring)."""
    return text.translate(_TABLE)


class ScanText:
    """One field's text, its normalised form and shared per-text analyses.

    Detectors read ``norm`` and report offsets in it; :meth:`span` maps them
    back. Expensive analyses (script checks, segmentation) are computed once
    and shared by every detector that asks.
    """

    __slots__ = ("original", "norm", "_shift_points", "__dict__")

    def __init__(self, original: str):
        self.original = original
        self.norm = original.translate(_TABLE)
        if len(self.norm) == len(original):
            self._shift_points: list[int] | None = None
        else:
            # Positions (in normalised coordinates) at which deleted characters
            # stood: norm index i maps to i + (number of points <= i).
            points = []
            for j, m in enumerate(_DELETED_RE.finditer(original)):
                points.append(m.start() - j)
            self._shift_points = points

    def to_original(self, i: int) -> int:
        if self._shift_points is None:
            return i
        return i + bisect_right(self._shift_points, i)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) for a normalised [start, end) span."""
        if self._shift_points is None or end <= start:
            return start, end
        return self.to_original(start), self.to_original(end - 1) + 1

    @cached_property
    def has_cjk(self) -> bool:
        return _CJK_RE.search(self.norm) is not None

    @cached_property
    def has_latin(self) -> bool:
        return _LATIN_RE.search(self.norm) is not None

    @cached_property
    def has_digit(self) -> bool:
        return _DIGIT_RE.search(self.norm) is not None

    def __repr__(self) -> str:
        return f"ScanText(len={len(self.original)})"
