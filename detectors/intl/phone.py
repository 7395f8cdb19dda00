"""Phone numbers outside mainland China, validated by libphonenumber.

Mainland numbers (+86 or valid only as CN) are left to the mainland phone
detector, which knows the allocated prefixes and area codes. A cheap pattern
picks digit runs shaped like phone numbers; only those short windows go to
``phonenumbers.PhoneNumberMatcher`` (leniency VALID), once per default region
until one accepts. That keeps libphonenumber, which is slow, off most text.
"""

from __future__ import annotations

from ..base import Detector, context_around
from ..patterns import compile_bounded
from ._re2 import compile_re2

DEFAULT_REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "NL", "IN", "CA", "BR", "AU", "JP", "HK", "SG", "IL")
# Between 7 and 17 digits with single spaces, dots, hyphens or brackets between them.
_CANDIDATE = compile_re2(r"[+(]?\d(?:[ ().-]{0,2}\d){6,16}\)?(?: ?(?:x|ext\.?) ?\d{1,5})?")
# National formats common enough to accept a valid number without a cue:
# "(415) 555-0132", "415-555-0132", "020 7946 0958" (trunk prefix 0).
_STRONG_FORMAT = compile_bounded(r"^(?:\(\d{2,5}\) ?\d{2,5}[- .]?\d{2,5}|\d{3}[-.]\d{3}[-.]\d{4}|0\d{1,4}[- ]\d{3,8}(?:[- ]\d{2,8})?)")
_EXT = compile_bounded(r"^ ?(?:x|ext\.?) ?\d{1,5}")
_CUES = ("phone", "tel", "call", "mobile", "cell", "fax", "office", "desk", "contact", "whatsapp",
         "reach me", "text me", "sms",
         "电话", "手机", "致电", "联系")


_DATE = compile_bounded(r"^(?:19|20)\d\d[-./](?:0?[1-9]|1[0-2])[-./]\d{1,2}")


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
    return _DATE.search(window) is not None


_CN_MOBILE = compile_bounded(r"^(?:\+86|0086)|^1[3-9]\d(?:[ -]?\d{4}){2}$")


def _mainland(window: str) -> bool:
    """Mainland numbers (+86…, 0086…, a mobile written 3-4-4 or bare) are the
    mainland detector's; libphonenumber would only be asked to reject them,
    at about 2 ms a window."""
    return _CN_MOBILE.search(window) is not None


class PhoneNumberDetector(Detector):
    NAME = "phone_number"
    VERSION = "0.3.0"
    ENTITIES = ("PHONE_NUMBER",)
    NEEDS = "digit"

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
            for m in pn.PhoneNumberMatcher(window, region, leniency=self._leniency):
                yield m

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
            if window.isdigit() and not any(c in context_around(doc, ws, e, 24) for c in _CUES):
                continue
            # A window with no international prefix, no cue and no common
            # national format could only score 0.45 (below the engine's
            # default cut): spare the ~2 ms libphonenumber call. Measured on
            # the synthetic corpus this is most candidate windows.
            if (
                not window.startswith(("+", "00"))
                and not _STRONG_FORMAT.search(window)
                and not any(c in context_around(doc, ws, e, 24) for c in _CUES)
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
                cue = any(c in context_around(doc, ms, me, 24) for c in _CUES)
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
            digits = sum(c.isdigit() for c in window)
            grouped = any(c in window for c in " -.()")
            if 7 <= digits <= 15 and grouped and any(c in context_around(doc, ws, e, 24) for c in _CUES):
                value = "".join(c for c in window if c.isdigit() or c == "+")
                yield ("PHONE_NUMBER", ws, e, 0.6, value)
