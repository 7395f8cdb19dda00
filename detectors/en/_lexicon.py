"""Word lists shared by the English detectors, read once per process."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def word_set(name: str) -> frozenset[str]:
    """A lower-cased word list from ``detectors/data/en/<name>.txt``."""
    text = resources.files("detectors").joinpath(f"data/en/{name}.txt").read_text("utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@cache
def word_freq(name: str) -> dict[str, float]:
    """``word<TAB>share`` lines from ``detectors/data/en/<name>.txt``."""
    text = resources.files("detectors").joinpath(f"data/en/{name}.txt").read_text("utf-8")
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        word, _, share = line.partition("\t")
        out[word.strip()] = float(share or 0.0)
    return out
