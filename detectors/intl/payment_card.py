"""Payment card numbers: UnionPay / mainland bank cards and international brands.

A candidate is 12–19 digits, bare or written in groups (4-4-4-4[-3], Amex
4-6-5, Diners 4-6-4) separated by single spaces or hyphens, never part of a
longer digit run. It must pass Luhn and carry a known issuer prefix.

Mainland debit cards: UnionPay numbers (62…, 81…) pass Luhn in practice, but
some older bank-specific card series do not. A Luhn-failing 62/81 number is
therefore reported only next to a bank-card cue (银行卡, 卡号…) and with a
score just above the default threshold.
"""

from __future__ import annotations

from ..base import Detector, context_around
from ..checksums import luhn_ok
from ._re2 import compile_re2
from ._bounds import digit_bounded

# Grouped forms first (one kind of separator throughout), then a bare run;
# written as alternatives so that cards listed one after another stay apart.
_CANDIDATE = compile_re2(
    r"\d{4} \d{4} \d{4} \d{1,4}(?: \d{1,3})?|\d{4}-\d{4}-\d{4}-\d{1,4}(?:-\d{1,3})?"
    r"|\d{4} \d{6} \d{4,5}|\d{4}-\d{6}-\d{4,5}|\d{12,19}"
)
_CN_CUES = ("银行卡", "卡号", "账号", "帐号", "储蓄卡", "借记卡", "信用卡", "银联", "开户行", "unionpay")
_CARD_CUES = ("card", "卡", "visa", "mastercard", "amex", "cc ", "cc:", "cc#", "payment")


def card_brand(d: str) -> str | None:
    """The brand implied by the issuer prefix and length, or None."""
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if (d[:2] == "62" or d[:2] == "81") and 16 <= n <= 19:
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
    VERSION = "0.1.0"
    ENTITIES = ("CN_BANK_CARD", "CREDIT_CARD")
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        for m in _CANDIDATE.finditer(text):
            s, e = m.start(), m.end()
            raw = text[s:e]
            # A trailing separator is not part of the number.
            if not digit_bounded(text, s, e):
                continue
            digits = raw.replace(" ", "").replace("-", "")
            if not 12 <= len(digits) <= 19 or not _grouping_ok(raw):
                continue
            brand = card_brand(digits)
            if brand is None:
                continue
            ok = luhn_ok(digits)
            if len(set(digits)) == 1:
                continue
            around = context_around(doc, s, e, 24)
            if brand == "unionpay":
                if ok:
                    yield ("CN_BANK_CARD", s, e, 0.9, digits)
                elif any(c in around for c in _CN_CUES):
                    yield ("CN_BANK_CARD", s, e, 0.55, digits)
                continue
            if not ok:
                continue
            cue = any(c in around for c in _CARD_CUES) or any(c in around for c in _CN_CUES)
            # Short Maestro/UATP numbers collide with order numbers; they need a cue.
            if brand in ("maestro", "uatp") and len(digits) < 16:
                score = 0.8 if cue else 0.4
            else:
                score = 0.95 if cue else 0.85
            yield ("CREDIT_CARD", s, e, score, digits)
