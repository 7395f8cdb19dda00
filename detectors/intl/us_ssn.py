"""US Social Security Numbers.

Rules from the SSA's numbering scheme: area not 000, 666 or 900–999, group
not 00, serial not 0000. ``123-45-6789`` and ``123 45 6789`` are accepted
with their separators; nine bare digits only next to a cue (SSN, social
security), since nine-digit runs are everywhere.
"""

from __future__ import annotations

from ..base import Detector, context_around, context_before, last_cue, reference_labels_number
from ._re2 import compile_re2
from ._bounds import digit_bounded

# One pass over the text; the separators are checked in Python.
_CANDIDATE = compile_re2(r"\d{3}[-. ]?\d{2}[-. ]?\d{4}")
_CUES = ("ssn", "social security", "social sec", "ss#", "ss #", "ssa", "社会安全号", "社保号")
# Nearer the number than any SSN cue, these name it as something else:
# "Phone 412-55-0987". A shared reference-number cue counts when it labels
# the number: "Order 412-55-0987".
_NOT_SSN_CUES = ("phone", "fax", "account no", "account number", "acct", "student id", "employee id",
                 "member id", "mrn", "item #", "part #")
# Numbers the SSA has said it never issues or that circulate as samples.
_NEVER_ISSUED = frozenset({"078051120", "219099999", "123456789"})


def ssn_ok(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit() or digits in _NEVER_ISSUED:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area == "000" or area == "666" or area[0] == "9":
        return False
    return group != "00" and serial != "0000" and len(set(digits)) > 1


class UsSsnDetector(Detector):
    NAME = "us_ssn"
    VERSION = "0.3.1"
    ENTITIES = ("US_SSN",)
    NEEDS = "digit"

    def find_normalised(self, doc):
        text = doc.norm
        for m in _CANDIDATE.finditer(text):
            s, e = m.start(), m.end()
            raw = text[s:e]
            sep3, sep5 = raw[3], raw[6] if len(raw) == 11 else ""
            if len(raw) == 11 and sep3 == sep5 == "-":
                bare_score, cue_score = 0.6, 0.9
            elif len(raw) == 11 and sep3 == sep5 and sep3 in " .":
                # The 3-2-4 grouping is itself SSN-shaped; the area/group/serial
                # rules below reject most look-alikes.
                bare_score, cue_score = 0.5, 0.8
            elif len(raw) == 9:
                bare_score, cue_score = 0.0, 0.7
            else:  # mixed or partial separators: "078-05 1120", "07805-1120"
                continue
            if not digit_bounded(text, s, e):
                continue
            # A dashed number inside a longer dashed chain (dates, part numbers).
            if (s > 1 and text[s - 1] == "-" and text[s - 2].isdigit()) or (
                e + 1 < len(text) and text[e] == "-" and text[e + 1].isdigit()
            ):
                continue
            digits = raw.replace("-", "").replace(" ", "").replace(".", "")
            if not ssn_ok(digits):
                continue
            before = context_before(doc, s, 30)
            before = before[before.rfind("\n") + 1:]
            # A reference word labelling the number ("Order 412-55-0987",
            # "Part No. …"; not "Receipt for John Smith 412-55-0987"), or a
            # phone or account cue nearer it than every SSN cue, names it.
            if reference_labels_number(before, _CUES) or last_cue(before, _NOT_SSN_CUES) > last_cue(before, _CUES):
                continue
            cue = any(c in context_around(doc, s, e, 30) for c in _CUES)
            if len(raw) == 9:
                # Nine bare digits are everywhere (QQ numbers, order numbers);
                # the cue must name this number, so it must come before it
                # ("SSN: 123456789", not "QQ 533196145. SSN for the form…").
                cue = any(c in context_before(doc, s, 30) for c in _CUES)
            score = cue_score if cue else bare_score
            if score > 0:
                yield ("US_SSN", s, e, score, digits)
