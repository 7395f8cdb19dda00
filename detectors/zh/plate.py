"""Mainland vehicle registration plates (GA 36-2018).

A province abbreviation, the issuing-authority letter, an optional separator
(·, •, space, hyphen) and the serial: five characters from digits and letters
without I and O, at most two of them letters; or four characters and a usage
suffix (警 police, 学 driving school, 挂 trailer, 领 consular, 港/澳 cross-border).
New-energy plates have a six-character serial: D/F then a letter or digit then
four digits (small vehicles), or five digits then D/F (large vehicles).
"""

from __future__ import annotations

from ..base import Detector, context_before, has_cue
from ..patterns import compile_bounded
from ..text import ScanText
from . import is_ascii_alnum

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
SUFFIXES = "警学挂领港澳"
_SERIAL = "A-HJ-NP-Z0-9"
PLATE = compile_bounded(
    rf"[{PROVINCES}][A-HJ-NP-Z][·•・ -]?[{_SERIAL}]{{4}}(?:[{_SERIAL}]{{1,2}}|[{SUFFIXES}])"
)

CUES = ("车牌", "車牌", "牌照", "号牌", "號牌", "车号", "车辆", "車輛", "plate", "licence", "license")


def serial_ok(serial: str) -> tuple[bool, bool]:
    """(valid, new-energy) for the part after the authority letter."""
    n = len(serial)
    if n == 5:
        if serial[-1] in SUFFIXES:
            body = serial[:-1]
            return sum(c.isalpha() and c.isascii() for c in body) <= 2, False
        return sum(c.isalpha() for c in serial) <= 2, False
    if n == 6:
        if serial[0] in "DF" and serial[2:].isdigit():
            return True, True
        if serial[:5].isdigit() and serial[5] in "DF":
            return True, True
    return False, False


class LicensePlateDetector(Detector):
    NAME = "cn_license_plate"
    VERSION = "0.2.0"
    ENTITIES = ("CN_LICENSE_PLATE",)
    NEEDS = "cjk"

    def find_normalised(self, doc: ScanText):
        if not doc.has_digit:
            return
        text = doc.norm
        for m in PLATE.finditer(text):
            s, e = m.start(), m.end()
            if e < len(text) and is_ascii_alnum(text[e]):
                continue
            raw = m.group()
            serial = raw[2:].lstrip("·•・ -")
            ok, new_energy = serial_ok(serial)
            if not ok:
                continue
            letters = sum(c.isascii() and c.isalpha() for c in serial)
            cued = has_cue(context_before(doc, s, 12), CUES)
            if cued or new_energy:
                score = 0.9
            elif letters >= 2 and serial[0].isalpha() and serial[1].isalpha():
                # "云ECS123", "新GLC300" (cloud products, car models): a
                # serial opening with two letters is legal but reads as a
                # word, far more common in other codes; a car model is
                # talked about near cars, so only a plate cue lifts it.
                # Letters among the digits ("5QN72", "08AU0") read as
                # nothing but a plate, and the grammar alone is trusted.
                score = 0.45
            elif serial.rstrip(SUFFIXES).isdigit() or len(raw) > 7:
                score = 0.85
            else:
                score = 0.75
            value = raw[:2] + serial
            yield "CN_LICENSE_PLATE", s, e, score, value
