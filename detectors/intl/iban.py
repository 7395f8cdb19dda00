"""International Bank Account Numbers (ISO 13616): country length + mod-97."""

from __future__ import annotations

from ..base import Detector
from ..checksums import iban_mod97_ok
from ._re2 import compile_re2
from ._bounds import alnum_bounded

# Total IBAN length per country, from the SWIFT IBAN registry.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27,
    "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27,
    "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24, "SC": 31,
    "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

# Country code, check digits, then the BBAN either run together or in groups
# of four separated by single spaces (the paper format) or hyphens.
_CANDIDATE = compile_re2(r"[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]{4}){2,7}(?:[ -]?[A-Za-z0-9]{1,3})?")


def iban_ok(compact: str) -> bool:
    """Country length and mod-97 check on an IBAN without spaces."""
    s = compact.upper()
    return IBAN_LENGTHS.get(s[:2]) == len(s) and iban_mod97_ok(s)


class IbanDetector(Detector):
    NAME = "iban"
    VERSION = "0.1.0"
    ENTITIES = ("IBAN_CODE",)
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        for m in _CANDIDATE.finditer(text):
            s, e = m.start(), m.end()
            if s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
                continue
            raw = text[s:e]
            if " " in raw and "-" in raw:
                continue
            # The greedy tail may have swallowed the start of the next word:
            # try the longest prefix that is a valid IBAN.
            found = None
            compact = raw.replace(" ", "").replace("-", "")
            want = IBAN_LENGTHS.get(compact[:2].upper())
            if want is None or len(compact) < want:
                continue
            kept, cut = 0, s
            for i, ch in enumerate(raw):
                if ch not in " -":
                    kept += 1
                if kept == want:
                    cut = s + i + 1
                    break
            cand = text[s:cut].replace(" ", "").replace("-", "")
            # Letters all upper-case or all lower-case ("LV80 bANK…" is not one).
            if not (cand.isupper() or cand.islower()):
                continue
            if alnum_bounded(text, s, cut) and iban_ok(cand):
                found = (s, cut, cand.upper())
            if found:
                yield ("IBAN_CODE", found[0], found[1], 0.95, found[2])
