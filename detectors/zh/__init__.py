"""Detectors for mainland Chinese and regional (HK, Macau, Taiwan) personal data.

The identifier detectors in this package share a few helpers, kept here so
that each detector module stays one identifier family per file.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


def is_ascii_alnum(ch: str) -> bool:
    """True for ASCII letters and digits: the characters that make a span part
    of a longer token. CJK text around an identifier is normal and allowed."""
    return ch.isascii() and ch.isalnum()


def digit_groups(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Maximal runs of ASCII digits in ``text[start:end]`` as (start, end)
    pairs, in order. Tokens handed in are short (a few dozen characters), so a
    plain character loop beats another regex call."""
    groups = []
    i = start
    while i < end:
        if "0" <= text[i] <= "9":
            j = i + 1
            while j < end and "0" <= text[j] <= "9":
                j += 1
            groups.append((i, j))
            i = j
        else:
            i += 1
    return groups


@cache
def data_lines(name: str) -> tuple[list[str], ...]:
    """Tab-separated rows of ``detectors/data/zh/<name>``, comments skipped.

    Loaded on first use (a detector's constructor), never at import time.
    """
    text = resources.files("detectors").joinpath(f"data/zh/{name}").read_text("utf-8")
    return tuple(line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))

