"""Street-level postal addresses written in Latin script.

An address is anchored on a street line, one of:
- house number + capitalised street name + street type ("90 Whitchurch Road",
  "14 Crown Street", "221B Baker St."),
- street type word leading the name + house number ("Rue de Virton 38",
  "ul. Północna 73") or fused into it ("Friedhofstrasse 33", "Kiannonkatu 98"),
- a post-office box ("P.O. Box 287", "PSC 3294, Box 9168", "Unit 5022 Box 1225").
From the anchor the span extends over a unit ("Apt. 864", "Suite 100") and up
to four short following segments that read as town, region, country or
postcode, so "6750 Koskikatu 25 Apt. 864\\nArtilleros\\n, CO\\n Uruguay 64677"
is one finding. A bare "number + words + number" line counts only after an
address cue ("lives at", "address", "地址").
"""

from __future__ import annotations

import re
from importlib import resources

from ..base import Detector
from ..patterns import compile_bounded
from ..intl._re2 import compile_re2

_L = "A-Za-zÀ-ÖØ-öø-ɏ"
_U = "A-ZÀ-ÖØ-Þ"


def _street_words() -> dict[str, list[str]]:
    text = resources.files("detectors").joinpath("data/en/street_words.txt").read_text("utf-8")
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, *words = line.split()
            out[kind] = words
    return out


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_SW = _street_words()
_WORD = rf"[{_U}][{_L}'’.-]{{0,30}}"
_NUM = r"\d{1,6}[A-Za-z]?"
# "90 Whitchurch Road", "9858 92 Hounslow Rd", "14 Crown Street"
_SUFFIX_RE = compile_re2(
    rf"(?:{_NUM} ){{1,2}}(?:{_WORD} ){{1,4}}(?i:{_alt(_SW['suffix'])})\b\.?",
)
# "Rue de Virton 38", "ul. Więckowskiego Stefana 28", "Via delle Coste 41"
_PREFIX_RE = compile_re2(
    rf"(?:{_NUM} ){{0,2}}(?i:{_alt(_SW['prefix'])}) (?:[{_L}'’.-]{{1,30}} ){{0,4}}{_NUM}\b"
)
# "Friedhofstrasse 33", "6750 Koskikatu 25"
_COMPOUND_RE = compile_re2(
    rf"(?:{_NUM} ){{0,2}}[{_U}][{_L}]{{1,30}} ?(?:{_alt(_SW['compound'])}) {_NUM}\b"
)
_BOX_RE = compile_re2(
    r"(?:\d{1,6} )?(?:P\.? ?O\.? Box \d{1,6}|PSC \d{1,6}, Box \d{1,6}|Unit \d{1,6} Box \d{1,6}|USNS? [A-Z][a-z]{1,20}|USS [A-Z][a-z]{1,20})(?:\n(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5})?"
)
# Generic: house number, 1–4 capitalised words, number. Needs a cue.
_GENERIC_RE = compile_re2(rf"(?:{_NUM} ){{1,2}}(?:{_WORD} ){{1,4}}{_NUM}\b")
_UNIT_RE = compile_bounded(r"^[ ,]{0,2}\n? ?(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Room|Fl\.?|#) ?[0-9A-Z]{1,6}\b")
_SEGMENT_RE = compile_bounded(
    rf"^(?:[{_U}Α-Ω][{_L}Α-ω'’().-]*|\d{{3,6}}|[A-Z]{{2}}|nan)(?: (?:[{_U}(][{_L}'’().-]*|\d{{2,6}}|nan|de|la|del|do|da|am|an|der))*"
)
_CUES = ("address", "lives at", "live at", "lives on", "located at", "sent to", "send to", "meet you at",
         "enter on", "ship to", "deliver to", "mail to", "地址", "住址", "住在")


def _match_at(pattern, text: str, pos: int, reach: int = 80):
    """``pattern`` (anchored with ^) matched at ``pos``; offsets in ``text``."""
    m = pattern.search(text[pos:pos + reach])
    return None if m is None else (pos + m.start(), pos + m.end())


class EnglishAddressDetector(Detector):
    NAME = "en_address"
    VERSION = "0.1.0"
    ENTITIES = ("ADDRESS",)
    NEEDS = "latin"

    def _extend(self, text: str, end: int) -> int:
        """Grow a street line over a unit and town/region/country/postcode segments."""
        m = _match_at(_UNIT_RE, text, end)
        if m:
            end = m[1]
        for _ in range(4):
            pos = end
            # One separator: ", " or a newline, with the indentation and a
            # leading comma seen in address blocks ("\n, CO").
            j = pos
            while j < len(text) and j - pos < 6 and text[j] in " ,\n>":
                j += 1
            if j == pos or j >= len(text) or "\n\n\n" in text[pos:j]:
                break
            m = _match_at(_SEGMENT_RE, text, j)
            if not m or m[1] - j > 48:
                break
            seg = text[j:m[1]]
            if ":" in text[m[1]:m[1] + 1] or any(w.islower() and w not in ("nan", "de", "la", "del", "am", "an", "der", "di") for w in seg.split()[:1]):
                break
            # A phone number or long digit run is not a postcode.
            if sum(c.isdigit() for c in seg) > 6:
                break
            end = m[1]
            u = _match_at(_UNIT_RE, text, end)
            if u:
                end = u[1]
        return end

    def find_normalised(self, doc):
        text = doc.norm
        if not doc.has_digit:
            return
        spans: list[tuple[int, int, float]] = []
        for pat, score in ((_BOX_RE, 0.8), (_SUFFIX_RE, 0.8), (_PREFIX_RE, 0.75), (_COMPOUND_RE, 0.75)):
            for m in pat.finditer(text):
                s, e = m.start(), m.end()
                if s > 0 and text[s - 1].isalnum():
                    continue
                spans.append((s, e, score))
        for m in _GENERIC_RE.finditer(text):
            s, e = m.start(), m.end()
            if s > 0 and text[s - 1].isalnum():
                continue
            before = text[max(0, s - 40):s].lower()
            unit = _match_at(_UNIT_RE, text, e) is not None
            if any(c in before for c in _CUES) or unit:
                spans.append((s, e, 0.7))
        spans.sort(key=lambda t: (t[0], -t[1]))
        last_end = -1
        for s, e, score in spans:
            if s < last_end:
                continue
            e = self._extend(text, e)
            while e > s and text[e - 1] in " ,.\n":
                e -= 1
            last_end = e
            yield ("ADDRESS", s, e, score, " ".join(text[s:e].split()).casefold())
