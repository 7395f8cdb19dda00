"""Masked previews and keyed hashes."""

from __future__ import annotations

from hypothesis import given, strategies as st

from detectors.catalogue import entity_types
from pipelines.privacy import mask, value_hash

TYPES = sorted(entity_types())


def test_resident_id_preview_keeps_four_and_four():
    assert mask("CN_RESIDENT_ID", "44030819900101123X") == "4403**********123X"


def test_email_preview_hides_the_local_part_and_keeps_the_domain_tail_that_fits():
    assert mask("EMAIL_ADDRESS", "zhang.san@example.com") == "z********@*******.com"
    assert mask("EMAIL_ADDRESS", "ab@mail.example.co.uk") == "a*@************.co.uk"


def test_email_preview_of_a_short_address_shows_under_half():
    # A whole short domain would be more than 45% of the address.
    assert mask("EMAIL_ADDRESS", "lxxxx@example.cn") == "l****@*******.cn"
    assert mask("EMAIL_ADDRESS", "a@b.cn") == "a@****"


# Values without the mask character: a value whose hidden part is already
# "***" would equal its preview while showing nothing of it.
@given(st.sampled_from(TYPES), st.text(st.characters(blacklist_characters="*"), min_size=1, max_size=60))
def test_mask_never_equals_the_value_and_shows_under_half(entity_type, value):
    m = mask(entity_type, value)
    assert m != value
    assert len(m) == len(value)
    shown = sum(1 for a, b in zip(m, value) if a == b and a != "*")
    assert shown <= len(value) * 0.45


@given(st.from_regex(r"[a-z0-9._]{1,20}@[a-z0-9-]{1,12}(\.[a-z]{2,6}){1,3}", fullmatch=True))
def test_email_mask_shows_at_most_45_percent(value):
    m = mask("EMAIL_ADDRESS", value)
    assert len(m) == len(value) and m != value
    assert sum(1 for a, b in zip(m, value) if a == b and a != "*") <= len(value) * 0.45


def test_same_value_under_two_keys_gives_two_hashes():
    v = "13800138000"
    assert value_hash(b"key-one-0123456789", v) != value_hash(b"key-two-0123456789", v)
    assert value_hash(b"key-one-0123456789", v) == value_hash(b"key-one-0123456789", v)


def test_person_preview_keeps_the_case_as_written_while_the_hash_ignores_it():
    from detectors.model import Finding
    from pipelines.detect import finding_row
    from pipelines.model import SourceRecord

    key = b"k" * 32
    rows = []
    for text in ("Dear Alice  Hargreave,", "DEAR ALICE HARGREAVE,", "Dear Ａｌｉｃｅ Hargreave,"):
        start = text.index(" ") + 1
        end = len(text) - 1
        rec = SourceRecord("r", "s", "/x", "x:1", {"text": text}, None, len(text))
        rows.append(finding_row("scan", rec, "text", text, Finding("PERSON", start, end, 0.9, "en_person@1", "alice hargreave"), key))
    assert [r["masked"] for r in rows] == ["A**************", "A**************", "A**************"]
    assert len({r["value_hash"] for r in rows}) == 1
