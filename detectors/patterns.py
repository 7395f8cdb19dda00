"""Bounded regular expressions.

Training corpora contain adversarial text, so every pattern runs on a
linear-time engine. google-re2 is used when installed; the fallback is
Python's ``re``, for which every built-in pattern is written without nested
or overlapping quantifiers (no backtracking blow-up), and the engine caps the
length of text handed to a detector (see ``DetectionEngine.max_chars``).
"""

from __future__ import annotations

import re
from typing import Iterator, Protocol

try:  # pragma: no cover - depends on the install
    import re2 as _re2

    _RE2_OPTIONS = _re2.Options()
    _RE2_OPTIONS.max_mem = 256 << 20
    HAVE_RE2 = True
except ImportError:  # pragma: no cover
    _re2 = None
    HAVE_RE2 = False


class MatchLike(Protocol):
    def start(self, group: int = 0) -> int: ...
    def end(self, group: int = 0) -> int: ...
    def group(self, group: int = 0) -> str: ...


class BoundedPattern:
    """A compiled pattern on RE2 when the syntax allows, else on ``re``.

    ``engine`` tells which one it runs on, so tests and ``piplscan detectors``
    can show it.
    """

    __slots__ = ("pattern", "_compiled", "engine")

    def __init__(self, pattern: str, *, ignore_case: bool = False, prefer_re2: bool = True):
        self.pattern = pattern
        self._compiled = None
        self.engine = "re"
        if prefer_re2 and HAVE_RE2:
            src = f"(?i){pattern}" if ignore_case else pattern
            try:
                self._compiled = _re2.compile(src, _RE2_OPTIONS)
                self.engine = "re2"
            except Exception:  # RE2 lacks lookaround and backreferences
                self._compiled = None
        if self._compiled is None:
            self._compiled = re.compile(pattern, re.IGNORECASE if ignore_case else 0)

    def finditer(self, text: str) -> Iterator[MatchLike]:
        return self._compiled.finditer(text)

    def search(self, text: str):
        return self._compiled.search(text)


def compile_bounded(pattern: str, *, ignore_case: bool = False, prefer_re2: bool = False) -> BoundedPattern:
    """Compile a pattern for a detector.

    Built-in patterns default to ``re`` because they are written to be linear
    and ``re`` is faster on short texts (measured: RE2's Python binding pays a
    UTF-8 conversion per call). User-supplied patterns pass ``prefer_re2=True``.
    """
    return BoundedPattern(pattern, ignore_case=ignore_case, prefer_re2=prefer_re2)
