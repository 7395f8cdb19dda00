"""PRC passports and mainland travel permits for Hong Kong/Macau and Taiwan.

None of these numbers has a public check digit, so the format decides little on
its own: a letter and eight digits is also a part number or a ticket code.
The electronic formats (E…, C…) are distinctive enough to report weakly
without a cue; everything else needs a document cue (护照, 港澳通行证,
台胞证…) shortly before the number. A reference-number cue (订单, 型号,
发票…, ``detectors/data/reference_number_cues.txt``) labelling the number, or a
code cue (error, 故障, 航班…), nearer the number than any document cue makes
it a code; an uncued number whose digits read as a date (E20240101) is a dated
code. A number written in lower case (e12345678) is taken only after its
document cue.

Formats (numbers issued since the 2012-2016 e-documents, plus booklets still
seen in text):

* CN_PASSPORT: E + 8 digits, E + letter + 7 digits (ordinary e-passport);
  G + 8 digits (pre-2012 ordinary); D/S/P + 7 digits and DE/SE/PE + 7 digits
  (diplomatic, service, public-affairs).
* CN_HK_MACAU_PERMIT: C + 8 digits, C + letter + 7 digits (往来港澳通行证
  card); W + 8 digits (booklet); H/M + 8 digits (港澳居民来往内地通行证,
  the "home return permit", the same travel corridor seen from the other side).
* CN_TAIWAN_PERMIT: L + 8 digits, T + 8 digits (往来台湾通行证); 8 digits
  alone (台湾居民来往大陆通行证, "台胞证" card), only right after its cue.
"""

from __future__ import annotations

import re

from ..base import Detector, context_before, has_cue, last_cue, reference_labels_number
from ..patterns import compile_bounded
from ..text import ScanText
from . import is_ascii_alnum

LETTERED = compile_bounded(r"[A-Z]{1,2}[0-9]{7,8}")
# The same in lower case, looked for only in texts holding a document cue.
LETTERED_LOWER = compile_bounded(r"[a-z]{1,2}[0-9]{7,8}")
# Bare 8-digit 台胞证 numbers; matched only inside a window after a cue.
BARE_8 = compile_bounded(r"[0-9]{8,10}")

PASSPORT_CUES = ("护照", "護照", "passport")
HK_MACAU_CUES = ("港澳通行证", "港澳通行證", "往来港澳", "往來港澳", "回乡证", "回鄉證", "来往内地",
                 "來往內地", "two-way permit", "home return permit", "exit-entry permit")
TAIWAN_CUES = ("台湾通行证", "臺灣通行證", "往来台湾", "往來臺灣", "台胞证", "台胞證", "台湾居民来往大陆",
               "臺灣居民來往大陸", "taiwan compatriot", "taiwan permit", "赴台")
# Every Taiwan cue contains one of these; 8-digit runs are common (dates) so
# they are looked at only in texts that have one.
TAIWAN_PREFILTER = ("台", "臺", "aiwan", "AIWAN")
GENERIC_CUES = ("证件号", "證件號", "证件", "document no", "travel document")
# Codes, not documents, follow these (besides the shared reference-number
# cues): error and fault codes, flight and train numbers.
NOT_DOCUMENT_CUES = ("error", "errno", "err=", "err:", "错误", "故障", "报错", "代码", "code", "航班",
                     "flight", "车次")

# Letters never used in the serial part (confusable with digits).
SERIAL_LETTERS = frozenset("ABCDEFGHJKLMNPQRSTUVWXYZ")


def classify(token: str) -> tuple[str, bool] | None:
    """(entity type, distinctive) for a letter-prefixed document number, or None.

    ``distinctive`` marks the e-document formats that are reported without a cue.
    """
    head = token[0]
    n = len(token)
    if n == 9 and token[1:].isdigit():
        if head == "E":
            return "CN_PASSPORT", True
        if head == "G":
            return "CN_PASSPORT", False
        if head == "C":
            return "CN_HK_MACAU_PERMIT", True
        if head in "WHM":
            return "CN_HK_MACAU_PERMIT", False
        if head in "LT":
            return "CN_TAIWAN_PERMIT", False
        return None
    if n == 9 and token[1] in SERIAL_LETTERS and token[2:].isdigit():
        if head == "E":
            return "CN_PASSPORT", True
        if head == "C":
            return "CN_HK_MACAU_PERMIT", True
        if token[:2] in ("DE", "SE", "PE"):
            return "CN_PASSPORT", False
        return None
    if n == 8 and head in "DSP" and token[1:].isdigit():
        return "CN_PASSPORT", False
    return None


CUES_BY_TYPE = {
    "CN_PASSPORT": PASSPORT_CUES,
    "CN_HK_MACAU_PERMIT": HK_MACAU_CUES,
    "CN_TAIWAN_PERMIT": TAIWAN_CUES,
}
# Every document cue: lower-case numbers are looked for only shortly after one.
_ALL_CUES = tuple(dict.fromkeys(PASSPORT_CUES + HK_MACAU_CUES + TAIWAN_CUES + GENERIC_CUES))
# Every cue contains one of these: a cheap test for texts with none.
_CJK_KEYS = ("护", "護", "证", "證", "往", "赴台")
_LATIN_KEYS = ("passport", "permit", "compatriot", "document")
assert all(any(k in c for k in (_LATIN_KEYS if c.isascii() else _CJK_KEYS)) for c in _ALL_CUES)
# Any cue, longest first, in lower-cased text.
_ANY_CUE = compile_bounded("|".join(re.escape(c) for c in sorted(_ALL_CUES, key=len, reverse=True)))


def _date_digits(digits: str) -> bool:
    """Do eight digits read as a date, 19000101-20991231 (E20240101)?"""
    if len(digits) != 8 or digits[:2] not in ("19", "20"):
        return False
    month, day = int(digits[4:6]), int(digits[6:8])
    return 1 <= month <= 12 and 1 <= day <= 31


class TravelDocumentDetector(Detector):
    NAME = "cn_travel_docs"
    VERSION = "0.2.0"
    ENTITIES = ("CN_PASSPORT", "CN_HK_MACAU_PERMIT", "CN_TAIWAN_PERMIT")
    NEEDS = "digit"

    window = 24

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        found = ((m.start(), m.end(), m.group()) for m in LETTERED.finditer(text))
        yield from self._lettered(doc, text, found, cue_needed=False)
        if any(k in text for k in _CJK_KEYS) or any(k in text.lower() for k in _LATIN_KEYS):
            for lo, hi in self._after_cues(text):
                found = ((lo + m.start(), lo + m.end(), m.group()) for m in LETTERED_LOWER.finditer(text[lo:hi]))
                yield from self._lettered(doc, text, found, cue_needed=True)
        if any(c in text for c in TAIWAN_PREFILTER):
            yield from self._taiwan_bare(doc, text)

    def _after_cues(self, text: str) -> list[tuple[int, int]]:
        """Disjoint stretches of ``text`` a document number could occupy with
        one of its cues at most ``window`` characters before it."""
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lengthen when lower-cased
            return [(0, len(text))]
        merged: list[tuple[int, int]] = []
        for m in _ANY_CUE.finditer(lowered):
            # A number starts at most ``window`` characters after the cue's
            # start and is at most 10 characters long.
            lo, hi = m.start() + 1, min(len(text), m.start() + self.window + 10)
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return merged

    def _lettered(self, doc: ScanText, text: str, found, cue_needed: bool):
        """Findings among ``found`` (start, end, token) candidates; with
        ``cue_needed`` only those after a document cue."""
        for s, e, token in found:
            if (s > 0 and is_ascii_alnum(text[s - 1])) or (e < len(text) and is_ascii_alnum(text[e])):
                continue
            kind = classify(token.upper())
            if kind is None:
                continue
            etype, distinctive = kind
            before = context_before(doc, s, self.window)
            own = CUES_BY_TYPE[etype] + GENERIC_CUES
            nearest_own = last_cue(before, own)
            if nearest_own < 0 and (cue_needed or not distinctive):
                # Needs a cue and has none: reported only below the threshold.
                if not cue_needed:
                    yield etype, s, e, 0.3, token
                continue
            if reference_labels_number(before, own) or last_cue(before, NOT_DOCUMENT_CUES) > nearest_own:
                score = 0.3
            elif has_cue(before, CUES_BY_TYPE[etype]):
                score = 0.9 if distinctive else 0.85
            elif has_cue(before, GENERIC_CUES):
                score = 0.75 if distinctive else 0.6
            elif not _date_digits(token[-8:]):
                score = 0.55
            else:
                score = 0.3
            yield etype, s, e, score, token

    def _taiwan_bare(self, doc: ScanText, text: str):
        for m in BARE_8.finditer(text):
            s, e = m.start(), m.end()
            if e - s != 8:
                continue
            if (s > 0 and is_ascii_alnum(text[s - 1])) or (e < len(text) and is_ascii_alnum(text[e])):
                continue
            if has_cue(context_before(doc, s, 16), TAIWAN_CUES):
                yield "CN_TAIWAN_PERMIT", s, e, 0.8, m.group()
