"""Street-level postal addresses written in Latin script.

An address is anchored on a street line, one of:
- house number + capitalised street name + street type ("27 Larkfield Road",
  "9 Mill Street", "221B Baker St."),
- street type word leading the name + house number ("Rue des Tanneurs 12",
  "ul. Zielna 41") or fused into it ("Lindenstrasse 19", "Rantakatu 8"),
- a post-office box ("P.O. Box 415", "PSC 1142, Box 3307", "Unit 7781 Box 2093").
From the anchor the span extends over a unit ("Apt. 219", "Suite 100") and up
to four short following segments that read as town, region, country or
postcode, so "4120 Vaahterakuja 9 Apt. 512\\nPaysandu\\n, PA\\n Uruguay 60000"
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
# Numbered streets name themselves by an ordinal ("W 42nd St", "Fifth" is a word).
_ORDINAL = r"\d{1,3}(?:st|nd|rd|th)"
# "27 Larkfield Road", "4410 18 Ashgrove Rd", "9 Mill Street"; a numbered
# street ("350 W 42nd St") only with a capitalised street word, since "1 2nd
# place" is a ranking.
_SUFFIX_RE = compile_re2(
    rf"(?:{_NUM} ){{1,2}}(?:(?:{_WORD} ){{1,4}}(?i:{_alt(_SW['suffix'])})"
    rf"|(?:{_WORD} ){{0,2}}{_ORDINAL} (?:{_alt(w.capitalize() for w in _SW['suffix'])}|{_alt(w.upper() for w in _SW['suffix'])}))"
    r"\b\.?",
)
# "Rue des Tanneurs 12", "ul. Zielińskiego Marka 14", "Via dei Pini 7"
_PREFIX_RE = compile_re2(
    rf"(?:{_NUM} ){{0,2}}(?i:{_alt(_SW['prefix'])}) (?:[{_L}'’.-]{{1,30}} ){{0,4}}{_NUM}\b"
)
# "Lindenstrasse 19", "4120 Rantakatu 8"
_COMPOUND_RE = compile_re2(
    rf"(?:{_NUM} ){{0,2}}[{_U}][{_L}]{{1,30}} ?(?:{_alt(_SW['compound'])}) {_NUM}\b"
)
_BOX_RE = compile_re2(
    r"(?:\d{1,6} )?(?:P\.? ?O\.? Box \d{1,6}|PSC \d{1,6}, Box \d{1,6}|Unit \d{1,6} Box \d{1,6}|USNS? [A-Z][a-z]{1,20}|USS [A-Z][a-z]{1,20})(?:\n(?:APO|FPO|DPO) (?:AA|AE|AP) \d{5})?"
)
# Generic: house number, 1–4 capitalised words, number. Needs a cue.
_GENERIC_RE = compile_re2(rf"(?:{_NUM} ){{1,2}}(?:{_WORD} ){{1,4}}{_NUM}\b")
_UNIT_RE = compile_bounded(r"^[ ,]{0,2}\n? ?(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Room|Fl\.?|#) ?[0-9A-Z]{1,6}\b")
# UK ("SW1A 1AA") and Canadian ("M5H 2M9") postcodes.
_UK_POSTCODE = r"(?:[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}|[A-Z]\d[A-Z] \d[A-Z]\d)"
# A town, region, country or postcode segment: capitalised words (with the
# lower-case particles of place names), a postcode, a state code. Each word
# must end at a word boundary, so "Australia last week" stops before "last".
_SEGMENT_RE = compile_bounded(
    rf"^(?:{_UK_POSTCODE}|[{_U}Α-Ω][{_L}Α-ω'’().-]*|\d{{3,6}}|[A-Z]{{2}}|nan)(?![{_L}\d])"
    rf"(?: (?:{_UK_POSTCODE}|[{_U}(][{_L}'’().-]*|\d{{2,6}}|nan|de|la|del|do|da|am|an|der)(?![{_L}\d]))*"
)
# What makes a line (or a space-separated tail) read as the town/region/
# postcode part of an address rather than the next line of text. Strong: a
# postcode (US ZIP, UK postcode, European 3–6 digits) or a unit. Weak: a
# two-letter state or region code, or a town in capitals as postal style
# wants ("OULU") — log levels and HTTP verbs look the same, so weak evidence
# counts only on a line that holds nothing else.
_STRONG_EVIDENCE = compile_bounded(
    r"\b(?:\d{3,6}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}|[A-Z]\d[A-Z] ?\d[A-Z]\d|Apt|Suite|Unit|Flat|Box)\b"
)
_WEAK_EVIDENCE = compile_bounded(r"\b(?:[A-Z]{2}|[A-ZÀ-ÖØ-Þ]{3,})\b")
_CUES = ("address", "lives at", "live at", "lives on", "located at", "sent to", "send to", "meet you at",
         "enter on", "ship to", "deliver to", "mail to", "地址", "住址", "住在")


def _match_at(pattern, text: str, pos: int, reach: int = 80):
    """``pattern`` (anchored with ^) matched at ``pos``; offsets in ``text``."""
    m = pattern.search(text[pos:pos + reach])
    return None if m is None else (pos + m.start(), pos + m.end())


class EnglishAddressDetector(Detector):
    NAME = "en_address"
    VERSION = "0.2.1"
    ENTITIES = ("ADDRESS",)
    NEEDS = "latin"

    def _extend(self, text: str, end: int) -> int:
        """Grow a street line over units and town/region/country/postcode
        segments, without running into the next sentence or the next line.

        On the street's own line, segments after a comma are taken as they
        come, and so are capitalised words after a space when they end the
        clause ("… Apt. 753 Fasoula Pafos."); "Street. Then…" stops at the
        full stop. Across a line break, a line is taken when it starts with a
        postcode or unit, or holds nothing but segments; the span then ends at
        the last line showing postal evidence, so "street / Suite 5 / OULU /
        Finland 80896" is one address while "street, City, ST 02138" followed
        by a name, a log line or "References available…" ends at the postcode.
        """
        n = len(text)
        confirmed = end
        crossed = False  # a line break has been passed
        block = False  # a line below the street carried postal evidence
        postcode = False  # a postcode has been taken in
        line_evidence = True  # the current line below the street shows postal evidence
        for _ in range(8):
            u = _match_at(_UNIT_RE, text, end)
            if u:
                crossed = crossed or "\n" in text[end:u[1]]
                block = block or crossed
                end = confirmed = u[1]
                continue
            pos = end
            j = pos
            while j < n and j - pos < 6 and text[j] in " ,\n>":
                j += 1
            if j == pos or j >= n or "\n\n\n" in text[pos:j]:
                break
            sep = text[pos:j]
            newline = "\n" in sep
            comma = "," in sep
            # "Street. Then…": a full stop with no comma after it ends the sentence.
            if not comma and not newline and text[pos - 1] == ".":
                break
            m = _match_at(_SEGMENT_RE, text, j)
            if not m or m[1] - j > 48:
                break
            seg = text[j:m[1]]
            if ":" in text[m[1]:m[1] + 1] or any(
                w.islower() and w not in ("nan", "de", "la", "del", "am", "an", "der", "di") for w in seg.split()[:1]
            ):
                break
            # A phone number or long digit run is not a postcode.
            if sum(c.isdigit() for c in seg) > 6:
                break
            strong = _STRONG_EVIDENCE.search(seg) is not None
            weak = _WEAK_EVIDENCE.search(seg) is not None
            if newline:
                line_end = text.find("\n", j)
                line_end = n if line_end == -1 else line_end
                prefix_end = self._segments_prefix(text, j, line_end)
                whole = prefix_end >= line_end
                # "VARBERG, nan 43231 after the concert": the postcode later
                # in the line's address part vouches for the line.
                if not (whole or _STRONG_EVIDENCE.search(text[j:prefix_end])):
                    break
                evidence = line_evidence = bool(strong or weak or _STRONG_EVIDENCE.search(text[j:prefix_end]))
            else:
                clause_end = m[1] >= n or text[m[1]] in "\n.,;!?)"
                if not (comma or strong or weak or clause_end):
                    break
                # Below the street, a line is as good as its evidence.
                evidence = not crossed or line_evidence or strong or weak
            crossed = crossed or newline
            end = m[1]
            if evidence or not crossed:
                confirmed = end
                block = block or (crossed and evidence)
                postcode = postcode or any(c.isdigit() for c in seg)
        # Town and country lines at the bottom of a block that showed a unit
        # or a town in capitals but no postcode yet ("… / Suite 510 /
        # Ettelgem / Belgium") belong to it; after a postcode the block is over.
        if block and not postcode and end > confirmed and "," not in text[confirmed:end]:
            confirmed = end
        return confirmed

    @staticmethod
    def _segments_prefix(text: str, start: int, line_end: int) -> int:
        """How far from ``start`` the line reads as address segments and
        units separated by commas or spaces ("Denver, CO 80257"); trailing
        punctuation at the end of the line counts as read."""
        pos = start
        while pos < line_end:
            m = _match_at(_SEGMENT_RE, text, pos, reach=line_end - pos)
            if not m or m[1] == pos:
                m = _match_at(_UNIT_RE, text, pos, reach=line_end - pos)
                if not m or m[1] == pos:
                    return pos
            pos = m[1]
            q = pos
            while q < line_end and text[q] in " ,.?!;":
                q += 1
            if q < line_end and text[q - 1:q] not in (" ", ","):
                return pos
            if q >= line_end:
                return line_end
            pos = q
        return pos

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
