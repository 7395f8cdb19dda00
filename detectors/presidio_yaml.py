"""Run recognizers written in Presidio's YAML format inside piplscan.

Presidio builds the ``PatternRecognizer`` objects (so the file format is
exactly Presidio's); piplscan then recompiles their patterns on a bounded
engine (RE2 where the syntax allows) and applies their context words and deny
lists itself, so a user's pattern cannot stall a worker on adversarial text.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from presidio_analyzer import PatternRecognizer, RecognizerRegistry

from .base import Detector, context_around
from .patterns import compile_bounded
from .text import ScanText

CONTEXT_BOOST = 0.35
CONTEXT_WINDOW = 30


class PresidioPatternDetector(Detector):
    """One Presidio ``PatternRecognizer``, run on piplscan's bounded engine."""

    NEEDS = "any"

    def __init__(self, recognizer: PatternRecognizer):
        self.NAME = f"presidio:{recognizer.name}"
        self.VERSION = str(getattr(recognizer, "version", "0.0.1"))
        self.ENTITIES = tuple(recognizer.supported_entities)
        self._entity = recognizer.supported_entities[0]
        self._patterns = [
            (compile_bounded(p.regex, ignore_case=True, prefer_re2=True), float(p.score))
            for p in (recognizer.patterns or [])
        ]
        self._deny = [w for w in (recognizer.deny_list or [])]
        self._deny_pattern = None
        if self._deny:
            import re

            alternation = "|".join(re.escape(w) for w in sorted(self._deny, key=len, reverse=True))
            self._deny_pattern = compile_bounded(rf"(?:^|\b)(?:{alternation})(?:\b|$)", ignore_case=True, prefer_re2=True)
        self._context = [c.lower() for c in (recognizer.context or [])]
        super().__init__()

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        for pattern, score in self._patterns:
            for m in pattern.finditer(text):
                if m.end() <= m.start():
                    continue
                s = score
                if self._context and any(c in context_around(doc, m.start(), m.end(), CONTEXT_WINDOW) for c in self._context):
                    s = min(1.0, s + CONTEXT_BOOST)
                yield self._entity, m.start(), m.end(), s, m.group(0)
        if self._deny_pattern is not None:
            for m in self._deny_pattern.finditer(text):
                if m.end() > m.start():
                    yield self._entity, m.start(), m.end(), 1.0, m.group(0)


def detectors_from_presidio_yaml(path: str | Path) -> list[Detector]:
    """The detectors of a Presidio recognizer YAML file. A file Presidio or
    the bounded engine cannot use is a one-line ValueError naming it:
    Presidio's loader raises whatever its parsing meets (YAML, key, type and
    regex errors), and a user's file is input, not a crash."""
    registry = RecognizerRegistry()
    registry.recognizers = []
    try:
        # Presidio prints its own "Failed to parse" line to stdout before it
        # raises; the error below says it once, on stderr.
        with contextlib.redirect_stdout(io.StringIO()):
            registry.add_recognizers_from_yaml(path)
        recognizers = list(registry.recognizers)
        out: list[Detector] = [PresidioPatternDetector(rec) for rec in recognizers if isinstance(rec, PatternRecognizer)]
    except Exception as e:  # noqa: BLE001 - see the docstring
        detail = (str(e).strip().splitlines() or [""])[0][:160]
        raise ValueError(f"{path}: not a usable Presidio recognizer file ({type(e).__name__}: {detail})") from None
    others = [rec.name for rec in recognizers if not isinstance(rec, PatternRecognizer)]
    if others:
        raise ValueError(f"{path}: recognizer {others[0]} is not a pattern recognizer")
    if not out:
        raise ValueError(f"{path}: defines no recognizer")
    return out
