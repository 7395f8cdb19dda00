"""Hong Kong, Macau and Taiwan identity card numbers.

* HK_ID (香港身份證): one or two letters, six digits and a check character
  (0-9 or A), usually written in brackets: A123456(3). The check is a weighted
  sum mod 11 over letter values A=10…Z=35 (a missing first letter counts 36).
* MO_ID (澳門居民身份證): 1, 5 or 7, six digits and a bracketed digit,
  1234567(8), also written 1/234567/8. Its check digit is not published, so
  a number is reported confidently only with a Macau ID cue.
* TW_ID (中華民國國民身分證): a letter, 1 or 2 (sex), eight digits; the letter
  maps to a two-digit number and a weighted sum must be 0 mod 10.
"""

from __future__ import annotations

from ..base import Detector, context_before, has_cue, reference_labels_number
from ..patterns import compile_bounded
from ..text import ScanText
from . import is_ascii_alnum

# HK and Taiwan numbers in one pass (one scan of the text instead of two),
# both behind the leading capital so that re can skip ahead to capitals. The
# Taiwan branch comes first: "A123456789" would otherwise be tried as the HK
# "A123456" + "7" and rejected for the digits that follow.
TW_OR_HK = compile_bounded(r"[A-Z](?:[12][0-9]{8}|[A-Z]?[0-9]{6} ?(?:\([0-9A]\)|[0-9A]))")
MO_PATTERN = compile_bounded(r"[157](?:[0-9]{6} ?\([0-9]\)|/[0-9]{6}/[0-9])")
# Texts without any of these cannot hold a reportable Macau ID.
MO_PREFILTER = ("澳", "BIR", "bir", "acau", "acao", "ACAU", "ACAO")

HK_CUES = ("香港身份证", "香港身份證", "身份证", "身份證", "hkid", "hong kong id", "identity card", "id card")
MO_CUES = ("澳门身份证", "澳門身份證", "澳门居民身份证", "澳門居民身份證", "澳門身份", "bir",
           "macau id", "macao id", "macau identity", "macao identity", "澳门", "澳門")
TW_CUES = ("身分證", "身分证", "身份證", "身份证", "統一編號", "统一编号", "taiwan id", "national id", "id no")

# Taiwan letter values (I, O, W, X, Y, Z were added last and sit out of order).
TW_LETTER_VALUES = {
    "A": 10, "B": 11, "C": 12, "D": 13, "E": 14, "F": 15, "G": 16, "H": 17, "I": 34, "J": 18,
    "K": 19, "L": 20, "M": 21, "N": 22, "O": 35, "P": 23, "Q": 24, "R": 25, "S": 26, "T": 27,
    "U": 28, "V": 29, "W": 32, "X": 30, "Y": 31, "Z": 33,
}


def hk_id_ok(number: str) -> bool:
    """Check character of a compact HK ID ("A1234563", "AB9876540")."""
    body, check = number[:-1], number[-1]
    if len(body) == 7:
        body = " " + body
    if len(body) != 8 or not body[2:].isdigit() or check not in "0123456789A":
        return False
    total = 0
    for weight, ch in zip(range(9, 1, -1), body):
        if ch == " ":
            value = 36
        elif "A" <= ch <= "Z":
            value = ord(ch) - 55
        elif ch.isdigit():
            value = ord(ch) - 48
        else:
            return False
        total += weight * value
    expected = (11 - total % 11) % 11
    return check == ("A" if expected == 10 else str(expected))


def tw_id_ok(number: str) -> bool:
    """Checksum of a Taiwan national ID ("A123456789")."""
    if len(number) != 10 or number[0] not in TW_LETTER_VALUES or number[1] not in "12" or not number[1:].isdigit():
        return False
    v = TW_LETTER_VALUES[number[0]]
    total = v // 10 + (v % 10) * 9
    for weight, ch in zip((8, 7, 6, 5, 4, 3, 2, 1, 1), number[1:]):
        total += weight * (ord(ch) - 48)
    return total % 10 == 0


def _isolated(text: str, s: int, e: int) -> bool:
    return not ((s > 0 and is_ascii_alnum(text[s - 1])) or (e < len(text) and is_ascii_alnum(text[e])))


class RegionalIdDetector(Detector):
    NAME = "cn_regional_ids"
    VERSION = "0.1.1"
    ENTITIES = ("HK_ID", "MO_ID", "TW_ID")
    NEEDS = "digit"

    def find_normalised(self, doc: ScanText):
        text = doc.norm
        for m in TW_OR_HK.finditer(text):
            s, e = m.start(), m.end()
            if not _isolated(text, s, e):
                continue
            raw = m.group()
            before = context_before(doc, s, 20)
            if reference_labels_number(before, HK_CUES + TW_CUES):
                continue  # 序列号：A123456(3), Part No. …
            if e - s == 10 and raw[1:].isdigit():
                if tw_id_ok(raw):
                    cued = has_cue(before, TW_CUES)
                    yield "TW_ID", s, e, (0.95 if cued else 0.85), raw
                continue
            compact = raw.replace("(", "").replace(")", "").replace(" ", "")
            if not hk_id_ok(compact):
                continue
            bracketed = raw.endswith(")")
            cued = has_cue(before, HK_CUES)
            # One random candidate in eleven passes the check; the brackets
            # are the HK way of writing it and rarely appear otherwise.
            score = 0.95 if cued else (0.85 if bracketed else 0.45)
            yield "HK_ID", s, e, score, compact
        if any(c in text for c in MO_PREFILTER):
            for m in MO_PATTERN.finditer(text):
                s, e = m.start(), m.end()
                if (s > 0 and text[s - 1].isdigit()) or (e < len(text) and is_ascii_alnum(text[e])):
                    continue
                compact = "".join(ch for ch in m.group() if ch.isdigit())
                cued = has_cue(context_before(doc, s, 20), MO_CUES)
                yield "MO_ID", s, e, (0.85 if cued else 0.35), compact
