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


# Name-likeness classifier ---------------------------------------------------
# Logistic regression over hashed character n-grams of one word, trained by
# benchmarks/train_en_name_shape.py (model card: detectors/data/en/README.md).
# File layout: MAGIC, uint32 bucket count, float32 scale, then bucket count + 1
# int8 weights (the last one is the bias); weight = int8 * scale.
MAGIC = b"PSNS1\n"
BUCKETS = 1 << 18
_NGRAMS = (1, 2, 3, 4, 5)


def features(word: str) -> list[int]:
    """Hashed n-gram buckets of a word: lower-cased, diacritics folded to
    ASCII ("Šušulić" -> "susulic"), with ^ and $ marking its edges."""
    import unicodedata
    import zlib

    w = unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()
    w = "^" + w + "$"
    out = []
    for n in _NGRAMS:
        for i in range(len(w) - n + 1):
            out.append(zlib.crc32(w[i:i + n].encode()) % BUCKETS)
    out.append(zlib.crc32(b"len:%d" % min(len(w) - 2, 12)) % BUCKETS)
    return out


class NameShape:
    """Scores how much a single word looks like a personal name rather than
    an English word: a logit, > 0 leaning name."""

    def __init__(self, blob: bytes):
        import struct
        from array import array

        if not blob.startswith(MAGIC):
            raise ValueError("not a name-shape model file")
        n, self.scale = struct.unpack_from("<If", blob, len(MAGIC))
        if n != BUCKETS:
            raise ValueError("name-shape model has a different bucket count")
        self.weights = array("b", blob[len(MAGIC) + 8:])
        if len(self.weights) != n + 1:
            raise ValueError("name-shape model file is truncated")
        self._cache: dict[str, float] = {}

    def logit(self, word: str) -> float:
        got = self._cache.get(word)
        if got is None:
            wt = self.weights
            got = (sum(wt[f] for f in set(features(word))) + wt[BUCKETS]) * self.scale
            if len(self._cache) < 200_000:
                self._cache[word] = got
        return got


@cache
def name_shape() -> NameShape:
    """The shipped name-shape model, loaded once per process."""
    return NameShape(resources.files("detectors").joinpath("data/en/name_shape.bin").read_bytes())
