"""Payment card numbers: UnionPay / mainland bank cards and international brands.

A candidate is 12–19 digits, bare or written in groups (4-4-4-4[-3], Amex
4-6-5, Diners 4-6-4) separated by single spaces or hyphens, never part of a
longer digit run. It must pass Luhn and carry a known issuer prefix.

Mainland bank cards (CN_BANK_CARD) are UnionPay numbers (62…, 81…) and the
older bank-issued series still in circulation (ICBC 9558…, ABC 95599…, BOC
601382…, BoCom 601428…, CMB 690755…), 16–19 digits. Like every other card they
must pass Luhn: a number with a bad check digit is a typo or a made-up value,
and reporting it would put order numbers and test data among the findings.
"""

from __future__ import annotations

import re

from ..base import Detector, context_around
from ..checksums import luhn_ok
from ._re2 import compile_re2
from ._bounds import alnum_bounded

# Grouped forms first (one kind of separator throughout), then a bare run;
# written as alternatives so that cards listed one after another stay apart.
_CANDIDATE = compile_re2(
    r"\d{4} \d{4} \d{4} \d{1,4}(?: \d{1,3})?|\d{4}-\d{4}-\d{4}-\d{1,4}(?:-\d{1,3})?"
    r"|\d{4} \d{6} \d{4,5}|\d{4}-\d{6}-\d{4,5}|\d{12,19}"
)
_BIRTH_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_CN_CUES = ("银行卡", "卡号", "账号", "帐号", "储蓄卡", "借记卡", "信用卡", "银联", "开户行", "unionpay")
_CARD_CUES = ("card", "卡", "visa", "mastercard", "amex", "cc ", "cc:", "cc#", "payment")


# Bank-specific series issued by mainland banks before UnionPay's 62 range.
_CN_LEGACY_PREFIXES = ("9558", "95599", "601382", "601428", "603367", "690755")


def card_brand(d: str) -> str | None:
    """The brand implied by the issuer prefix and length, or None."""
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if (d[:2] == "62" or d[:2] == "81" or d.startswith(_CN_LEGACY_PREFIXES)) and 16 <= n <= 19:
        return "unionpay"
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65) and 16 <= n <= 19:
        return "discover"
    # JCB: 3528–3589 is the issued range; the rest of 35xx is reserved to JCB
    # too, and legacy 15-digit JCB numbers start 2131 or 1800.
    if p2 == 35 and 16 <= n <= 19:
        return "jcb"
    if p4 in (2131, 1800) and n == 15:
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095) and 14 <= n <= 19:
        return "diners"
    if (p2 in (50, 56, 57, 58) or p2 == 67 or p2 == 63 or p4 == 604) and 12 <= n <= 19:
        return "maestro"
    if p6 in (122000,) and n == 15:  # UATP airline cards
        return "uatp"
    if d[0] == "1" and n == 15:
        return "uatp"
    return None


def _grouping_ok(raw: str) -> bool:
    """Separators, when present, must be one kind and form card-style groups."""
    if raw.isdigit():
        return True
    sep = " " if " " in raw else "-"
    if sep == " " and "-" in raw:
        return False
    groups = [len(g) for g in raw.split(sep)]
    if groups[:3] == [4, 6, 5] and len(groups) == 3:
        return True
    if groups[:3] == [4, 6, 4] and len(groups) == 3:
        return True
    # 4-4-4-4 with an optional short tail (19-digit cards).
    return all(g == 4 for g in groups[:-1]) and 1 <= groups[-1] <= 4 and len(groups) >= 3


class PaymentCardDetector(Detector):
    NAME = "payment_card"
    VERSION = "0.2.0"
    ENTITIES = ("CN_BANK_CARD", "CREDIT_CARD")
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        for m in _CANDIDATE.finditer(text):
            s, e = m.start(), m.end()
            raw = text[s:e]
            # A trailing separator is not part of the number.
            # Never part of a longer digit run, nor glued to an ASCII letter
            # ("…866X" is an ID number with its check character).
            if not alnum_bounded(text, s, e):
                continue
            digits = raw.replace(" ", "").replace("-", "")
            if not 12 <= len(digits) <= 19 or not _grouping_ok(raw):
                continue
            brand = card_brand(digits)
            if brand is None:
                continue
            if len(set(digits)) == 1 or not luhn_ok(digits):
                continue
            # Eighteen digits with a birth date in positions 7–14 are a
            # resident ID (one in ten with a wrong check character passes
            # Luhn); cards that long are rare outside UnionPay.
            if len(digits) == 18 and brand != "unionpay" and _BIRTH_DATE.match(digits, 6):
                continue
            around = context_around(doc, s, e, 24)
            if brand == "unionpay":
                yield ("CN_BANK_CARD", s, e, 0.95 if any(c in around for c in _CN_CUES) else 0.9, digits)
                continue
            cue = any(c in around for c in _CARD_CUES) or any(c in around for c in _CN_CUES)
            # Short Maestro/UATP numbers collide with order numbers; they need a cue.
            if brand in ("maestro", "uatp") and len(digits) < 16:
                score = 0.8 if cue else 0.4
            else:
                score = 0.95 if cue else 0.85
            yield ("CREDIT_CARD", s, e, score, digits)
