"""Phone numbers outside mainland China, validated by libphonenumber.

Mainland numbers (+86 or valid only as CN) are left to the mainland phone
detector, which knows the allocated prefixes and area codes. A cheap pattern
picks digit runs shaped like phone numbers; only those short windows go to
``phonenumbers.PhoneNumberMatcher`` (leniency VALID), once per default region
until one accepts. That keeps libphonenumber, which is slow, off most text.
"""

from __future__ import annotations

import re
from functools import cache

from ..base import Detector, last_cue, reference_labels_number, reference_number_cues
from ..patterns import compile_bounded
from ._re2 import compile_re2

DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "NL", "IN", "CA", "BR", "AU", "JP", "HK", "SG", "IL")
# Between 7 and 17 digits with single spaces, dots, hyphens or brackets between them.
_CANDIDATE = compile_re2(r"[+(]?\d(?:[ ().-]{0,2}\d){6,16}\)?(?: ?(?:x|ext\.?) ?\d{1,5})?")
# National formats common enough to accept a valid number without a cue:
# "(415) 555-0132", "415-555-0132", "020 7946 0958" (trunk prefix 0).
_STRONG_FORMAT = compile_bounded(r"^(?:\(\d{2,5}\) ?\d{2,5}[- .]?\d{2,5}|\d{3}[-.]\d{3}[-.]\d{4}|0\d{1,4}[- ]\d{3,8}(?:[- ]\d{2,8})?)")
_DIGIT_GROUP = compile_bounded(r"\d+")
_EXT = compile_bounded(r"^ ?(?:x|ext\.?) ?\d{1,5}")
_CUES = ("phone", "tel", "call", "mobile", "cell", "fax", "office", "desk", "contact", "whatsapp",
         "reach me", "text me", "sms",
         "电话", "手机", "致电", "联系")
# Nearer the number than any phone cue, these name what it is instead:
# "contact: order 2023-0001-4455", "Student ID 202-555-0147". The shared
# reference-number cues (order, invoice, tracking, version…) count too.
_NOT_PHONE_CUES = ("build", "编号", "student id", "employee id", "member id", "customer id", "account no",
                   "account number", "acct", "mrn", "学号", "工号")
# What ends the clause a phone cue speaks for: "Please call about your
# order: 415-555-0132" is a phone, "Call us. Order: 302-555-0147" is not.
_CLAUSE_END = re.compile(r"[.;:,!?。；：，！？()（）\n]")


@cache
def _not_phone_cues() -> tuple[str, ...]:
    return _NOT_PHONE_CUES + reference_number_cues()


def _named_otherwise(text: str, start: int, window: int = 24) -> bool:
    """The number is named as something else on its line: a reference word
    labels it ("Invoice 212-555-0198 due", "Order number: 302-555-0147";
    not "Invoice sent to 415-555-0132") and no phone cue opens the clause
    that word stands in ("call about your order: …"), or one of the
    detector's own non-phone cues ("Student ID", "MRN") stands nearer the
    number than every phone cue."""
    before = text[max(0, start - window):start]
    before = before[before.rfind("\n") + 1:].lower()
    own = last_cue(before, _CUES)
    if last_cue(before, _NOT_PHONE_CUES) > own:
        return True
    if not reference_labels_number(before, _CUES):
        return False
    # The clause may open further back than the window: "Please call us
    # about your recent order: …".
    ref = last_cue(before, reference_number_cues()) - len(before)
    wide = text[max(0, start - window - 48):start]
    clause = wide[wide.rfind("\n") + 1:ref].lower()
    ends = [m.end() for m in _CLAUSE_END.finditer(clause)]
    return last_cue(clause[ends[-1] if ends else 0:], _CUES) < 0


_DATE = compile_bounded(r"^(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./]\d{1,2}")
# A whole window that reads as a calendar date with the year last or first
# and any separator ("07.03.2021", "03/04/2021", "2021 03 04").
_WHOLE_DATE = compile_bounded(
    r"^(?:(?:0?[1-9]|[12]\d|3[01])[-./ ](?:0?[1-9]|[12]\d|3[01])[-./ ](?:19|20)\d\d"
    r"|(?:19|20)\d\d[-./ ](?:0?[1-9]|1[0-2])[-./ ](?:0?[1-9]|[12]\d|3[01]))(?:$|\D)"
)
# ISBN-10 in its hyphenated form ("0-306-40615-2"), checked by its checksum.
_ISBN10 = compile_bounded(r"^\d{1,5}-\d{1,7}-\d{1,7}-[\dX]$")
# A span of years, in a résumé or a citation: "(2014-2020)", "1998 - 2003".
_YEAR_RANGE = compile_bounded(r"^\(?(?:19|20)\d\d ?[-~/] ?(?:19|20)\d\d\)?$")
# Four dot-separated groups of one to three digits are an IPv4 address or a
# version ("node 284.27.12.2", "373.53.33.220"), valid or not.
_DOTTED_QUAD = compile_bounded(r"^\d{1,3}(?:\.\d{1,3}){3}$")


def _isbn10_ok(window: str) -> bool:
    chars = [c for c in window if c != "-"]
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(chars))
    return len(chars) == 10 and total % 11 == 0


def _not_a_phone(window: str) -> bool:
    """Cheap rejects before libphonenumber: more digits than E.164 allows,
    long bare digit runs (account and order numbers), ISO dates."""
    digits = sum(c.isdigit() for c in window)
    if digits > 15:
        return True
    if digits >= 12 and window.isdigit():
        return True
    # ISBN-13 ("978-7-982-68220-2") is grouped like a phone number.
    if digits == 13 and window.lstrip("+(").startswith(("978", "979")) and not window.isdigit():
        return True
    # One dot and nothing else between the digits is a decimal number
    # ("amount 95799.34", "89.95007"), not a phone written with dots.
    if window.count(".") == 1 and digits == len(window) - 1:
        return True
    # A bare ten-digit run from 1000000000 to 1999999999 is a Unix time in
    # seconds (2001-2033); no national number in the default regions is
    # written that way (North American area codes never start with 1).
    if digits == 10 and window.isdigit() and window[0] == "1":
        return True
    if _ISBN10.search(window) and _isbn10_ok(window):
        return True
    return (
        _DATE.search(window) is not None
        or _WHOLE_DATE.search(window) is not None
        or _YEAR_RANGE.search(window) is not None
        or _DOTTED_QUAD.search(window) is not None
    )


_CN_MOBILE = compile_bounded(r"^(?:\+86|0086)|^1[3-9]\d(?:[ -]?\d{4}){2}$")


def _mainland(window: str) -> bool:
    """Mainland numbers (+86…, 0086…, a mobile written 3-4-4 or bare) are the
    mainland detector's; libphonenumber would only be asked to reject them,
    at about 2 ms a window."""
    return _CN_MOBILE.search(window) is not None


def _cued(text: str, start: int, end: int, window: int = 24) -> bool:
    """A phone cue in the same field as the number.

    The cue must be on the same line (or be a label ending in a colon on the
    line above a number that starts its line), and before the number it must
    sit in the number's own "key: value" field: in "Years: (2014-2020)\n
    Mobile: …" or "Mobile: n/a; Years: 2014-2020" the cue labels another
    value. After the number only a cue that does not open a new field counts
    ("555-0132 (mobile)", not "… Mobile (China): …"). An order or ISBN word
    nearer the number than the phone cue names it instead.
    """
    before = text[max(0, start - window):start]
    line_start = before.rfind("\n")
    if line_start >= 0:
        # A label on a line of its own ("Phone:\n450 0840") still labels
        # the number starting the next line.
        label = before[:line_start].rstrip(" ")
        own = before[line_start + 1:]
        if not own.strip() and label.endswith((":", "\uff1a")):
            before = label[label.rfind("\n") + 1:]
        else:
            before = own
    colon = max(before.rfind(":"), before.rfind("\uff1a"))
    if colon >= 0:
        previous = max(before.rfind(":", 0, colon), before.rfind("\uff1a", 0, colon))
        before = before[previous + 1:]
    after = text[end:end + window]
    after = after[:after.find("\n")] if "\n" in after else after
    if ":" in after or "\uff1a" in after:
        after = ""
    before, after = before.lower(), after.lower()
    phone_at = last_cue(before, _CUES)
    if phone_at >= 0:
        return last_cue(before, _not_phone_cues()) < phone_at
    return any(c in after for c in _CUES)


class PhoneNumberDetector(Detector):
    NAME = "phone_number"
    VERSION = "0.5.1"
    ENTITIES = ("PHONE_NUMBER",)
    NEEDS = "digit"
    OPTIONS = {"regions": list}

    def __init__(self, regions=DEFAULT_REGIONS, **options):
        super().__init__(regions=regions, **options)
        import phonenumbers

        self._pn = phonenumbers
        self.regions = tuple(regions)
        self._leniency = phonenumbers.Leniency.VALID
        # Digit counts each region's numbers can have as written nationally
        # (national number, optionally after a one-digit trunk prefix), so
        # libphonenumber is not asked about a region that cannot match.
        self._lengths: dict[str, frozenset[int]] = {}
        for region in self.regions:
            meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
            possible = set(meta.general_desc.possible_length or ()) if meta else set()
            cc = len(str(meta.country_code)) if meta else 0
            # Written nationally (optionally after a one-digit trunk prefix)
            # or with the country code but no "+" ("91-415-555-0132").
            self._lengths[region] = frozenset(possible | {n + 1 for n in possible} | {n + cc for n in possible})

    def _match(self, window: str):
        pn = self._pn
        # With an international prefix the default region is irrelevant.
        if window.startswith(("+", "00")):
            regions = self.regions[:1]
        else:
            digits = sum(c.isdigit() for c in window)
            regions = [r for r in self.regions if digits in self._lengths[r]]
        for region in regions:
            yield from pn.PhoneNumberMatcher(window, region, leniency=self._leniency)

    def find_normalised(self, doc):
        text = doc.norm
        n = len(text)
        pn = self._pn
        for cm in _CANDIDATE.finditer(text):
            s, e = cm.start(), cm.end()
            if (s > 0 and text[s - 1].isalnum()) or (e < n and text[e].isalnum()):
                continue
            # Include a leading "+" just outside the pattern, e.g. "+(44)…".
            ws = s - 1 if s > 0 and text[s - 1] == "+" else s
            window = text[ws:e]
            if _not_a_phone(window) or _mainland(window):
                continue
            # An unformatted run of digits ("20240101", "4471234567") is far
            # more often a date, ID or order number; without "+" it needs a cue.
            if window.isdigit() and not _cued(text, ws, e):
                continue
            # A window with no international prefix, no cue and no common
            # national format could only score 0.45 (below the engine's
            # default cut): spare the ~2 ms libphonenumber call. Measured on
            # the synthetic corpus this is most candidate windows.
            if (
                not window.startswith(("+", "00"))
                and not _STRONG_FORMAT.search(window)
                and not _cued(text, ws, e)
            ):
                continue
            found = False
            for m in self._match(window):
                if m.number.country_code == 86 or pn.region_code_for_number(m.number) == "CN":
                    continue
                ms, me = ws + m.start, ws + m.end
                ext = _EXT.search(text[me:me + 10])
                if ext:
                    me += ext.end()
                raw = text[ms:me]
                intl = raw.startswith(("+", "00"))
                cue = _cued(text, ms, me)
                # Named as an order or invoice number and not as a phone.
                # An order number never starts with "+".
                if not cue and not raw.startswith("+") and _named_otherwise(text, ms):
                    found = True
                    break
                if intl:
                    score = 0.95 if cue else 0.75
                elif cue:
                    score = 0.85
                elif _STRONG_FORMAT.search(raw):
                    score = 0.6
                else:
                    # Valid somewhere but written like a postcode or an ID.
                    score = 0.45
                value = pn.format_number(m.number, pn.PhoneNumberFormat.E164)
                yield ("PHONE_NUMBER", ms, me, score, value)
                found = True
                break
            if found:
                continue
            # libphonenumber knows no number here; a phone cue next to a
            # phone-shaped string (grouped digits, 7–15 of them) still is one.
            digits = "".join(c for c in window if c.isdigit())
            # "+41 (0)96 …": the bracketed trunk zero is not a group of its own.
            groups = [g.group() for g in _DIGIT_GROUP.finditer(window.replace("(0)", ""))]
            # Groups of two or more digits (a leading country code may be one
            # digit): "1 2 3 4 5 6 7" and "4.12.9.1023" are counts and
            # versions; a run of one repeated digit is a placeholder.
            shaped = (
                7 <= len(digits) <= 15
                and len(groups) > 1
                and all(len(g) >= 2 for g in groups[1:])
                and len(set(digits)) > 2
            )
            if shaped and _cued(text, ws, e):
                value = ("+" if window.startswith("+") else "") + digits
                yield ("PHONE_NUMBER", ws, e, 0.6, value)
