"""Loaders for the labelled evaluation sets in ``../shared/eval``.

Every loader returns an :class:`EvalSet`: examples with gold spans already in
our entity types, and the rules for scoring that set (which types it labels,
how our finer types fold into its coarser ones). The data is read in place and
never copied into the repository; a set whose files are absent is reported and
skipped, never faked.

Label mappings follow ``../shared/eval/README.md``:

* CLUENER 2020 (train split; the only one present): name → PERSON,
  address → ADDRESS. CLUENER "address" spans are often a city or a country,
  not a street address, so its ADDRESS row is informational.
* Résumé NER dev: NAME → PERSON. LOC → ADDRESS is informational (it marks
  places of origin, not street-level addresses, and there are two in dev).
* Weibo NER dev: PER.NAM → PERSON (PER.NOM nominals such as 老师 are not PI).
* Chinese address parsing dev: each whole string is one ADDRESS, scored by
  recall (see ``accuracy.address_recall``).
* presidio-research synth: PERSON, STREET_ADDRESS → ADDRESS, PHONE_NUMBER,
  EMAIL_ADDRESS, CREDIT_CARD, US_SSN, IP_ADDRESS, IBAN_CODE; its other labels
  (GPE, ORGANIZATION, DATE_TIME…) are ignored.
* Presidio recognizer vectors: each string is scored only for the one type it
  tests. URL vectors are skipped (URL is not PI in our catalogue), and so are
  the three vectors whose span lists are marked incomplete.
* cn_id vectors are validator tests, covered by the detector tests, not here.

In every set, predictions of a type the set does not label are ignored for
that set: a résumé set that labels only names cannot tell whether a predicted
phone number is right.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"

# English sets label one generic phone type and one card type; our Chinese
# sub-types are the same thing at their granularity.
FOLD_TO_GENERIC = {
    "CN_MOBILE_PHONE": "PHONE_NUMBER",
    "CN_LANDLINE_PHONE": "PHONE_NUMBER",
    "CN_BANK_CARD": "CREDIT_CARD",
}


@dataclass(slots=True)
class Example:
    id: str
    text: str
    # (label, start, end), code-point offsets, end exclusive.
    gold: list[tuple[str, int, int]]
    source: str = ""
    # Record-level sensitive categories, where the set labels them.
    categories: frozenset[str] | None = None
    # Spans scored neither way: a finding overlapping one is left out of
    # precision (nicknames and bare surname + honorific in the Chinese social
    # sets, which piplscan does not report and those sets do not require).
    ignore: tuple[tuple[int, int], ...] = ()


@dataclass
class EvalSet:
    name: str
    description: str
    examples: list[Example]
    # Types the set labels; predictions of any other type are ignored.
    labelled: frozenset[str]
    # Types scored and printed but not held to a target (see module doc).
    informational: frozenset[str] = frozenset()
    fold: dict[str, str] = field(default_factory=dict)
    # "spans" (precision/recall/F1) or "whole_string_recall" (address set).
    mode: str = "spans"
    # Per-example label restriction (recognizer vectors test one type each).
    per_example_types: list[frozenset[str]] | None = None
    # Whether the set carries record-level categories (synthetic corpus).
    has_categories: bool = False


class SetMissing(Exception):
    """The files of a set are not present; the message says which."""


def _need(path: Path) -> Path:
    if not path.is_file():
        raise SetMissing(f"{path} not found")
    return path


def _jsonl(path: Path):
    with _need(path).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                yield json.loads(line)


def _take(limit: int | None):
    return (lambda xs: xs[:limit]) if limit else (lambda xs: xs)


def load_cluener(eval_dir: Path, limit: int | None = None) -> EvalSet:
    mapping = {"name": "PERSON", "address": "ADDRESS"}
    examples = []
    for i, rec in enumerate(_jsonl(eval_dir / "cluener2020" / "train.json")):
        gold = []
        for kind, mentions in (rec.get("label") or {}).items():
            label = mapping.get(kind)
            if label is None:
                continue
            for positions in mentions.values():
                for start, end_inclusive in positions:
                    gold.append((label, start, end_inclusive + 1))
        examples.append(Example(f"cluener-{i}", rec["text"], gold))
        if limit and len(examples) >= limit:
            break
    return EvalSet(
        "cluener",
        "CLUENER 2020 train (Chinese news), name→PERSON, address→ADDRESS",
        examples,
        labelled=frozenset({"PERSON", "ADDRESS"}),
        informational=frozenset({"ADDRESS", "PERSON"}),
    )


def _converted(path: Path, mapping: dict[str, str], prefix: str, limit: int | None) -> list[Example]:
    examples = []
    for i, rec in enumerate(_jsonl(path)):
        gold = [
            (mapping[e["label"]], e["start"], e["end"])
            for e in rec.get("entities", [])
            if e["label"] in mapping
        ]
        examples.append(Example(f"{prefix}-{i}", rec["text"], gold))
        if limit and len(examples) >= limit:
            break
    return examples


def load_resume(eval_dir: Path, limit: int | None = None) -> EvalSet:
    examples = _converted(
        eval_dir / "resume_ner" / "dev.jsonl", {"NAME": "PERSON", "LOC": "ADDRESS"}, "resume", limit
    )
    return EvalSet(
        "resume",
        "Résumé NER dev, NAME→PERSON (LOC→ADDRESS informational)",
        examples,
        labelled=frozenset({"PERSON", "ADDRESS"}),
        informational=frozenset({"ADDRESS"}),
    )


def load_weibo(eval_dir: Path, limit: int | None = None) -> EvalSet:
    examples = _converted(eval_dir / "weibo_ner" / "dev.jsonl", {"PER.NAM": "PERSON"}, "weibo", limit)
    return EvalSet(
        "weibo", "Weibo NER dev, PER.NAM→PERSON", examples, labelled=frozenset({"PERSON"})
    )


def load_cn_address(eval_dir: Path, limit: int | None = None) -> EvalSet:
    examples = []
    for i, rec in enumerate(_jsonl(eval_dir / "cn_address_parsing" / "dev.jsonl")):
        text = rec["text"]
        examples.append(Example(f"cnaddr-{i}", text, [("ADDRESS", 0, len(text))]))
        if limit and len(examples) >= limit:
            break
    return EvalSet(
        "cn_address",
        "Chinese address parsing dev, each whole string one ADDRESS (recall)",
        examples,
        labelled=frozenset({"ADDRESS"}),
        mode="whole_string_recall",
    )


PRESIDIO_SYNTH_MAP = {
    "PERSON": "PERSON",
    "STREET_ADDRESS": "ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "CREDIT_CARD": "CREDIT_CARD",
    "US_SSN": "US_SSN",
    "IP_ADDRESS": "IP_ADDRESS",
    "IBAN_CODE": "IBAN_CODE",
}


def load_presidio_synth(eval_dir: Path, limit: int | None = None, half: str | None = None) -> EvalSet:
    """The whole set, or one half of its templates (``half``: "dev" for even
    template ids, "heldout" for odd ones). The sentences were generated from
    209 templates, about seven each: a split by sentence would put the same
    template on both sides, a split by template does not."""
    path = _need(eval_dir / "presidio_research_synth" / "synth_dataset_v2.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    if half is not None:
        parity = {"dev": 0, "heldout": 1}[half]
        data = [rec for rec in data if rec["template_id"] % 2 == parity]
    examples = []
    for i, rec in enumerate(_take(limit)(data)):
        gold = [
            (PRESIDIO_SYNTH_MAP[s["entity_type"]], s["start_position"], s["end_position"])
            for s in rec.get("spans", [])
            if s["entity_type"] in PRESIDIO_SYNTH_MAP
        ]
        examples.append(Example(f"presidio-synth-{i}", rec["full_text"], gold))
    return EvalSet(
        "presidio_synth" if half is None else f"presidio_synth_{half}",
        "presidio-research synth_dataset_v2 (English templates)"
        + ("" if half is None else f", {'even' if half == 'dev' else 'odd'} template ids only"),
        examples,
        labelled=frozenset(PRESIDIO_SYNTH_MAP.values()),
        fold=dict(FOLD_TO_GENERIC),
    )


VECTOR_TYPES = frozenset({"EMAIL_ADDRESS", "CREDIT_CARD", "PHONE_NUMBER", "IP_ADDRESS", "IBAN_CODE", "US_SSN"})


def load_presidio_vectors(eval_dir: Path, limit: int | None = None) -> EvalSet:
    examples, per_example = [], []
    for i, rec in enumerate(_jsonl(eval_dir / "presidio_vectors" / "presidio_recognizer_vectors.jsonl")):
        etype = rec["entity_type"]
        if etype not in VECTOR_TYPES or not rec.get("spans_complete", True):
            continue
        gold = [(etype, s[0], s[1]) for s in rec.get("expected_spans") or []]
        examples.append(Example(f"presidio-vec-{i}", rec["text"], gold, source=rec["label"]))
        per_example.append(frozenset({etype}))
        if limit and len(examples) >= limit:
            break
    return EvalSet(
        "presidio_vectors",
        "Presidio recognizer test vectors (each string scored for its one type)",
        examples,
        labelled=VECTOR_TYPES,
        fold=dict(FOLD_TO_GENERIC),
        per_example_types=per_example,
    )


def load_synth_file(path: Path, limit: int | None = None, name: str = "synth") -> EvalSet:
    """A labelled corpus written by ``benchmarks.synth_corpus``."""
    examples, labelled = [], set()
    for rec in _jsonl(Path(path)):
        gold = [(e["label"], e["start"], e["end"]) for e in rec.get("entities", [])]
        labelled.update(label for label, _, _ in gold)
        examples.append(
            Example(str(rec["id"]), rec["text"], gold, rec.get("source", ""), frozenset(rec.get("categories", [])))
        )
        if limit and len(examples) >= limit:
            break
    return EvalSet(
        name,
        f"labelled synthetic corpus {Path(path).name}",
        examples,
        labelled=frozenset(labelled),
        has_categories=True,
    )


# Realistic name sets bundled with the benchmark (benchmarks/data/realistic,
# see its README): chats, forms, notes and hard negatives written for piplscan
# by contributors who never saw the detectors' code or output.
REALISTIC_DIR = Path(__file__).resolve().parent / "data" / "realistic"


def load_realistic(path: Path, limit: int | None = None) -> EvalSet:
    """One bundled realistic set: every personal name labelled PERSON; spans
    listed under "nick" (nicknames, bare surname + honorific) are ignored."""
    examples = []
    for rec in _jsonl(path):
        gold = [("PERSON", a, b) for a, b in rec["names"]]
        ignore = tuple((a, b) for a, b in rec.get("nick", ()))
        examples.append(Example(f"{path.stem}-{len(examples)}", rec["text"], gold, rec.get("kind", ""), ignore=ignore))
        if limit and len(examples) >= limit:
            break
    return EvalSet(
        f"realistic_{path.stem}",
        f"bundled realistic names set {path.name} (names only; hard negatives included)",
        examples,
        labelled=frozenset({"PERSON"}),
    )


def realistic_names() -> list[str]:
    """Names of the bundled realistic sets, in file order."""
    return [f"realistic_{p.stem}" for p in sorted(REALISTIC_DIR.glob("*.jsonl"))]


LOADERS: dict[str, Callable[[Path, int | None], EvalSet]] = {
    "resume": load_resume,
    "weibo": load_weibo,
    "cn_address": load_cn_address,
    "presidio_synth": load_presidio_synth,
    "presidio_vectors": load_presidio_vectors,
    "cluener": load_cluener,
}


# Parts of a shared set, run only when named (the benchmark's default run adds
# the held-out half: names were developed on the other one).
PART_LOADERS: dict[str, Callable[[Path, int | None], EvalSet]] = {
    "presidio_synth_dev": lambda d, n: load_presidio_synth(d, n, "dev"),
    "presidio_synth_heldout": lambda d, n: load_presidio_synth(d, n, "heldout"),
}


def load(name: str, eval_dir: Path = DEFAULT_EVAL_DIR, limit: int | None = None) -> EvalSet:
    """Load one shared set (or part of one) by name; raises :class:`SetMissing` if absent."""
    if name.startswith("realistic_") and (REALISTIC_DIR / f"{name[len('realistic_'):]}.jsonl").is_file():
        return load_realistic(REALISTIC_DIR / f"{name[len('realistic_'):]}.jsonl", limit)
    loader = LOADERS.get(name) or PART_LOADERS.get(name)
    if loader is None:
        raise KeyError(f"unknown evaluation set {name!r}; known: {', '.join([*LOADERS, *PART_LOADERS])}")
    return loader(Path(eval_dir), limit)
