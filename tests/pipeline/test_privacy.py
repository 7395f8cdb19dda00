"""Masked previews and keyed hashes."""

from __future__ import annotations

from hypothesis import given, strategies as st

from detectors.catalogue import entity_types
from pipelines.privacy import mask, value_hash

TYPES = sorted(entity_types())


def test_resident_id_preview_keeps_four_and_four():
    assert mask("CN_RESIDENT_ID", "44030819900101123X") == "4403**********123X"


def test_email_preview_hides_the_local_part():
    assert mask("EMAIL_ADDRESS", "zhang.san@example.com") == "z********@example.com"


@given(st.sampled_from(TYPES), st.text(min_size=1, max_size=60))
def test_mask_never_equals_the_value_and_shows_under_half(entity_type, value):
    m = mask(entity_type, value)
    assert m != value
    if entity_type != "EMAIL_ADDRESS":
        assert len(m) == len(value)
        shown = sum(1 for a, b in zip(m, value) if a == b and a != "*")
        assert shown <= len(value) * 0.45


def test_same_value_under_two_keys_gives_two_hashes():
    v = "13800138000"
    assert value_hash(b"key-one-0123456789", v) != value_hash(b"key-two-0123456789", v)
    assert value_hash(b"key-one-0123456789", v) == value_hash(b"key-one-0123456789", v)
