"""The detector abstraction.

A :class:`Detector` is a Presidio ``EntityRecognizer``: it can be registered in
a Presidio ``AnalyzerEngine`` as it is. Inside piplscan the engine calls
:meth:`Detector.find` instead, which works on a shared :class:`ScanText`
(normalised once per text, segmented once per text) and returns
:class:`Finding` objects with offsets in the original text.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import ClassVar, Iterable, Sequence

from presidio_analyzer import EntityRecognizer, RecognizerResult

from .model import Finding
from .text import ScanText


_KIND_WORDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list"}


class Detector(EntityRecognizer):
    """Base class of every piplscan detector.

    Subclasses set ``NAME``, ``VERSION`` (bump it on any behaviour change),
    ``ENTITIES`` and implement :meth:`find_normalised`, which reports spans in
    ``doc.norm`` coordinates. ``NEEDS`` says which texts are worth running on:
    ``"digit"``, ``"cjk"``, ``"latin"`` or ``"any"`` (language routing: jieba
    never runs on ASCII-only text, English NER never on Chinese-only text).
    """

    NAME: ClassVar[str] = "detector"
    VERSION: ClassVar[str] = "0.1.0"
    ENTITIES: ClassVar[Sequence[str]] = ()
    NEEDS: ClassVar[str] = "any"
    # The options a user may set in ``--config`` (``options: {id: {...}}``),
    # each with the type its value must have; ``float`` accepts integers too.
    OPTIONS: ClassVar[dict[str, type]] = {}

    def __init__(self, **options):
        self.options = options
        super().__init__(
            supported_entities=list(self.ENTITIES),
            name=self.NAME,
            supported_language="en",
            version=self.VERSION,
        )

    # Presidio calls load() from EntityRecognizer.__init__.
    def load(self) -> None:
        pass

    @classmethod
    def check_options(cls, options: dict) -> None:
        """Reject an option the detector does not have, or a value of the
        wrong type, before a scan starts (a one-line ValueError)."""
        for key, value in options.items():
            kind = cls.OPTIONS.get(key)
            if kind is None:
                have = ", ".join(sorted(cls.OPTIONS)) or "none"
                raise ValueError(f"{cls.NAME} has no option {key!r} (its options: {have})")
            ok = isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))
            if kind is float:
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
            if not ok:
                raise ValueError(f"{cls.NAME} option {key} must be {_KIND_WORDS[kind]}, got {type(value).__name__}")

    @classmethod
    def version_for(cls, options: dict) -> str:
        """The version a detector built with ``options`` reports (a variant
        chosen by an option is a different detector for the evidence)."""
        return cls.VERSION

    @property
    def detector_id(self) -> str:
        return f"{self.NAME}@{self.VERSION}"

    def wants(self, doc: ScanText) -> bool:
        need = self.NEEDS
        if need == "any":
            return True
        if need == "digit":
            return doc.has_digit
        if need == "cjk":
            return doc.has_cjk
        if need == "latin":
            return doc.has_latin
        raise ValueError(f"{self.NAME}: unknown NEEDS {need!r}")

    def find_normalised(self, doc: ScanText) -> Iterable[tuple[str, int, int, float, str]]:
        """Yield ``(entity_type, start, end, score, value)`` in ``doc.norm`` offsets."""
        raise NotImplementedError

    def find(self, doc: ScanText) -> list[Finding]:
        if not self.wants(doc):
            return []
        out = []
        for entity_type, start, end, score, value in self.find_normalised(doc):
            o_start, o_end = doc.span(start, end)
            out.append(Finding(entity_type, o_start, o_end, float(score), self.detector_id, value))
        return out

    def find_batch(self, docs: list[ScanText]) -> list[list[Finding]]:
        """Findings for several texts at once. Model-backed detectors override
        this to batch their model calls (spaCy ``nlp.pipe``)."""
        return [self.find(d) for d in docs]

    # Presidio compatibility -------------------------------------------------
    def analyze(self, text: str, entities: list[str], nlp_artifacts=None) -> list[RecognizerResult]:
        wanted = set(entities or self.ENTITIES)
        return [
            RecognizerResult(f.entity_type, f.start, f.end, f.score)
            for f in self.find(ScanText(text))
            if f.entity_type in wanted
        ]


def context_before(doc: ScanText, start: int, window: int = 20) -> str:
    """The normalised text just before a span, lower-cased, for cue words."""
    return doc.norm[max(0, start - window):start].lower()


def context_around(doc: ScanText, start: int, end: int, window: int = 20) -> str:
    return doc.norm[max(0, start - window):min(len(doc.norm), end + window)].lower()


def has_cue(text: str, cues: Iterable[str]) -> bool:
    return any(c in text for c in cues)


def last_cue(text: str, cues: Iterable[str]) -> int:
    """Offset of the last occurrence of any of ``cues`` in ``text``, -1 if
    none. A cue that starts with a Latin letter counts only at the start of
    a word: "order" is not in "disorder", "version" not in "conversion"."""
    best = -1
    for c in cues:
        i = text.rfind(c)
        if i > 0 and c[:1].isascii() and c[:1].isalpha():
            while i > 0 and text[i - 1].isascii() and text[i - 1].isalpha():
                i = text.rfind(c, 0, i)
        best = max(best, i)
    return best


@cache
def reference_number_cues() -> tuple[str, ...]:
    """Words naming a number as an order, invoice, request, product or
    version reference (``detectors/data/reference_number_cues.txt``)."""
    text = resources.files("detectors").joinpath("data/reference_number_cues.txt").read_text("utf-8")
    return tuple(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


def reference_cue_wins(before: str, own_cues: Iterable[str] = ()) -> bool:
    """True when a reference-number cue stands in ``before`` (lower-cased
    text just before a number) and nearer the number than every one of the
    detector's ``own_cues``: "手机 ... 订单号 13812345678" is an order."""
    ref = last_cue(before, reference_number_cues())
    return ref >= 0 and ref > last_cue(before, own_cues)


# What may stand between a reference cue and the number it labels: label
# words and punctuation ("订单编号：", "Invoice No. ", "request_id=").
_LABEL_GAP = re.compile(
    r"(?:[\s:：#=_.\-/()（）]|号码|號碼|号|號|码|碼|代码|编号|编码|代號|no|nr|sn|number|num|id|ref|code|is|为|是)*"
)


def reference_labels_number(before: str, own_cues) -> bool:
    """True when a reference-number cue is nearer the number than every one
    of ``own_cues`` (see ``reference_cue_wins``) and labels it: only label
    words and punctuation stand between the cue and the number. ``before``
    is the lower-cased text just before the number."""
    if not reference_cue_wins(before, own_cues):
        return False
    cues = reference_number_cues()
    start = last_cue(before, cues)
    end = max(start + len(c) for c in cues if before.startswith(c, start))
    return _LABEL_GAP.fullmatch(before, end) is not None
