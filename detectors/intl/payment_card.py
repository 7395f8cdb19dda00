"""Payment card numbers: UnionPay / mainland bank cards and international brands.

A candidate is 12–19 digits, bare or written in groups (4-4-4-4[-3], Amex
4-6-5, Diners 4-6-4) separated by single spaces or hyphens, never part of a
longer digit run. It must pass Luhn and carry a known issuer prefix.

A 16-digit card written in groups may be followed by an expiry date or a
phone number ("4532 0151 1283 0366 12/26", or "… 0366 1226 123" with the
expiry as MMYY after a card cue or before a CVV); a short fourth-and-a-half
group is taken as the tail of a 19-digit card only when the longer number is
a card.

A number named as something else is not a card: an order, invoice or trade
number (the shared reference cues, see ``detectors/data/reference_number_cues.txt``),
a resident ID ("身份证号"), or the value of a log or JSON key naming an
identifier ("user_id=…", "outTradeNo: …"), unless a card cue stands nearer.

Mainland bank cards (CN_BANK_CARD) are UnionPay numbers (62…, 81…) and the
older bank-issued series still in circulation (ICBC 9558…, ABC 95599…, BOC
601382…, BoCom 601428…, CMB 690755…), 16–19 digits. Like every other card they
must pass Luhn: a number with a bad check digit is a typo or a made-up value,
and reporting it would put order numbers and test data among the findings.
"""

from __future__ import annotations

import re

from ..base import Detector, context_around, last_cue, reference_labels_number
from ..checksums import luhn_ok
from ._re2 import compile_re2
from ._bounds import alnum_bounded

# Grouped forms first (one kind of separator throughout), then a bare run;
# written as alternatives so that cards listed one after another stay apart.
# The short tail of a 19-digit card ("6222 0212 3456 7890 123") is looked
# for in Python (_TAIL): in the pattern it would swallow the first digits
# of whatever number follows the card.
_CANDIDATE = compile_re2(
    r"\d{4} \d{4} \d{4} \d{1,4}|\d{4}-\d{4}-\d{4}-\d{1,4}"
    r"|\d{4} \d{6} \d{4,5}|\d{4}-\d{6}-\d{4,5}|\d{12,19}"
)
_TAIL = re.compile(r"[ -](\d+)(?:([ -])(\d+))?")
# An expiry month and year written as four digits, for cards valid in
# 2015-2049.
_MMYY = re.compile(r"(?:0[1-9]|1[0-2])(?:1[5-9]|[2-4]\d)")
_BIRTH_DATE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_CN_CUES = ("银行卡", "卡号", "账号", "帐号", "储蓄卡", "借记卡", "信用卡", "银联", "开户行", "unionpay")
_CARD_CUES = ("card", "卡", "visa", "mastercard", "amex", "cc ", "cc:", "cc#", "payment")
# Words naming a number as an identity document, not a card.
_ID_CUES = ("身份证", "证件号", "national id", "id number", "passport")
# A log or JSON key whose last word names an identifier ("user_id",
# "msgId", "seq", "outTradeNo") labels a reference, unless the key itself
# names a card or an account ("card_no", "acctId").
_KEY_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9_.-]{0,40})[\"']? ?[:=] ?[\"']?$")
_KEY_WORDS = re.compile(r"[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")
_ID_KEY_WORDS = frozenset({"id", "ids", "no", "seq", "sn", "uid", "uuid", "guid", "ref", "nonce", "ts", "key",
                           "hash", "code", "token"})
_CARD_KEY_WORDS = ("card", "pan", "cc", "acct", "account", "bank", "visa", "mastercard", "amex", "unionpay")


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


def _field(before: str) -> str:
    """The part of ``before`` in the number's own field (a line, or up to a
    comma or semicolon)."""
    for sep in ("\n", ",", "，", ";", "；", "。"):
        cut = before.rfind(sep)
        if cut >= 0:
            before = before[cut + 1:]
    return before


def _card_cue_at(text: str) -> int:
    """Offset of the last card cue in lower-cased ``text``, -1 if none."""
    return max(last_cue(text, _CARD_CUES), last_cue(text, _CN_CUES))


def _named_otherwise(text: str, s: int) -> bool:
    """The number before ``s`` is named as something other than a card: a
    reference word labels it ("Order ID …", "订单编号：…"; not "Order #5521
    paid with …") or an identity-document cue stands nearer it than every
    card cue in its field, or it is the value of a key naming an identifier
    ("user_id=", "outTradeNo:") with no card cue in the key or before it."""
    before = _field(text[max(0, s - 48):s])
    low = before.lower()
    if reference_labels_number(low, _CARD_CUES + _CN_CUES) or last_cue(low, _ID_CUES) > _card_cue_at(low):
        return True
    if before.rstrip(" \"'")[-1:] not in (":", "="):
        return False
    m = _KEY_BEFORE.search(before)
    if m is None:
        return False
    key = m.group(1)
    if any(w in key.lower() for w in _CARD_KEY_WORDS) or _card_cue_at(low[:m.start(1)]) >= 0:
        return False
    words = _KEY_WORDS.findall(key)
    return bool(words) and words[-1].lower() in _ID_KEY_WORDS


def _card_digits(text: str, s: int, e: int) -> tuple[str, str] | None:
    """(digits, brand) when ``text[s:e]`` is a card number, else None."""
    raw = text[s:e]
    # Never part of a longer digit run, nor glued to an ASCII letter
    # ("…866X" is an ID number with its check character).
    if not alnum_bounded(text, s, e):
        return None
    digits = raw.replace(" ", "").replace("-", "")
    if not 12 <= len(digits) <= 19 or not _grouping_ok(raw):
        return None
    brand = card_brand(digits)
    if brand is None or len(set(digits)) == 1 or not luhn_ok(digits):
        return None
    # Eighteen digits with a birth date in positions 7–14 are a resident ID
    # (one in ten with a wrong check character passes Luhn). Gansu IDs start
    # 62 like UnionPay cards; an 18-digit card has that shape by chance about
    # once in 1,400.
    if len(digits) == 18 and _BIRTH_DATE.match(digits, 6):
        return None
    return digits, brand


def _after_four_groups(text: str, s: int, e: int, sep: str):
    """Four groups of four at ``text[s:e]``, followed by ``sep`` and a digit.

    Returns (found, end): a short fifth group makes a 19-digit card when that
    number is one (found is then its digits and brand); a fifth group of four
    starts a longer number (end -1), unless it begins the next card of a list
    or is followed by neither a space nor a letter ("2024年到期").
    """
    n = len(text)
    t = _TAIL.match(text, e)
    if t is None:
        return None, e
    tail, more, next_group = t.group(1), t.group(2), t.group(3)
    if len(tail) > 4:
        return None, e  # another number follows: "… 5671 13812345678"
    if len(tail) == 4:
        after = t.end(1)
        if after < n and not text[after].isspace() and not (text[after].isascii() and text[after].isalnum()) \
                and text[after] != sep:
            return None, e
        following = text[e + 1:e + 20]
        if len(following) == 19 and _grouping_ok(following) and following[4] == sep \
                and _card_digits(text, e + 1, e + 20) is not None:
            return None, e
        # "Card 4532 0151 1283 0366 1226 123": an expiry written MMYY, known
        # as one by a card cue before the number or a CVV group after it.
        if _MMYY.fullmatch(tail) and ((more and next_group and len(next_group) == 3)
                                      or _card_cue_at(_field(text[max(0, s - 48):s]).lower()) >= 0):
            return None, e
        return None, -1
    # "… 5671 138 1234 5678": the short group opens a grouped phone number;
    # "… 5671 12/26": it is the month of an expiry date.
    if more == sep and next_group and len(next_group) == 4:
        return None, e
    after = t.end(1)
    if after + 1 < n and text[after] in "/.-" and text[after + 1].isdigit():
        return None, e
    found = _card_digits(text, s, t.end(1))
    return (found, t.end(1)) if found is not None else (None, e)


class PaymentCardDetector(Detector):
    NAME = "payment_card"
    VERSION = "0.3.1"
    ENTITIES = ("CN_BANK_CARD", "CREDIT_CARD")
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        for m in _CANDIDATE.finditer(text):
            s, e = m.start(), m.end()
            raw = text[s:e]
            found = None
            if len(raw) == 19 and raw[4] in " -" and text[e:e + 1] == raw[4]:
                found, e = _after_four_groups(text, s, e, raw[4])
                if e < 0:
                    continue
            if found is None:
                found = _card_digits(text, s, e)
            if found is None:
                continue
            digits, brand = found
            if _named_otherwise(text, s):
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
