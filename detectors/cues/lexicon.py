"""Cue lexicons: loading ``data/cues/lexicon.yaml`` and compiling it.

Each language gets ONE pattern holding every term of every category (plus
blockers), built as a character trie so Python's ``re`` tests a handful of
branches per position instead of hundreds. Trie patterns have no nested
quantifiers: the work per start position is bounded by the longest term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources

import yaml

# Kinds of lexicon hit. A blocker swallows a term ("市场定位") and yields nothing.
# A fact is a pattern hit that asserts by itself but needs a person
# ("对青霉素过敏", "A1C was 8.1"); a symptom needs a person and something
# concrete (a duration, a temperature, a visit).
TERM = "term"
SELF_ASSERTING = "self"
BLOCKER = "blocker"
FACT = "fact"
SYMPTOM = "symptom"

_KIND_RANK = {BLOCKER: 0, SELF_ASSERTING: 1, TERM: 2, SYMPTOM: 3}


def trie_regex(words: list[str], *, latin: bool = False) -> str:
    """A regex alternation equivalent to ``words`` that prefers longer words.

    For Latin text a space in a word matches any run of whitespace, and
    ``words`` must be lower-case (compile with IGNORECASE).
    """
    root: dict = {}
    for w in words:
        if not w:
            continue
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def esc(ch: str) -> str:
        if latin and ch == " ":
            return r"\s+"
        return re.escape(ch)

    def build(node: dict) -> str:
        ends = "" in node
        branches = []
        for ch in sorted(k for k in node if k):
            branches.append(esc(ch) + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            # Greedy optional: the longer word is tried first.
            return "(?:" + body + ")?"
        return body

    return build(root)


def word_alternation(words, *, latin: bool) -> re.Pattern:
    """A pattern finding any of ``words``; Latin words only as whole words.

    Measured on 3.7 MB of mixed text: a leading lookbehind or IGNORECASE on
    the CJK pattern disables ``re``'s first-character skip and costs 4-8x, so
    Latin words start with ``\\b`` and CJK words carry their own case variants.
    """
    if latin:
        words = sorted({w.lower() for w in words}, key=len, reverse=True)
        body = trie_regex(words, latin=True)
        if all(re.match(r"\w", w) for w in words):
            return re.compile(r"\b(?:" + body + r")(?![a-z0-9])", re.IGNORECASE)
        return re.compile(r"(?<![a-z0-9])(?:" + body + r")(?![a-z0-9])", re.IGNORECASE)
    variants = set()
    for w in words:
        variants.update((w, w.lower(), w.upper()))
    body = trie_regex(sorted(variants, key=len, reverse=True))
    return re.compile("(?:" + body + ")")


def prefix_alternation(words, *, latin: bool) -> re.Pattern:
    """Matches one of ``words`` at the start of a string (after spaces for Latin)."""
    if latin:
        words = {w.lower() for w in words}
    else:
        words = {v for w in words for v in (w, w.lower(), w.upper())}
    body = trie_regex(sorted(words, key=len, reverse=True), latin=latin)
    if latin:
        return re.compile(r"\s*(?:" + body + r")(?![a-z0-9])", re.IGNORECASE)
    return re.compile("的?(?:" + body + ")")


def record_label_pattern(words, *, latin: bool) -> re.Pattern:
    """Matches a field label at the start of a sentence: "主诉：", "【现病史】", "2. Assessment:"."""
    if latin:
        body = trie_regex(sorted({w.lower() for w in words}, key=len, reverse=True), latin=True)
        return re.compile(r"[\s\d.)(\[#*-]*(?:" + body + r")\]?\s*:", re.IGNORECASE)
    body = trie_regex(sorted(set(words), key=len, reverse=True))
    return re.compile(r"[\s\d.、)(（）#*-]*(?:[【\[](?:" + body + r")[】\]]\s*[:：]?|(?:" + body + r")\s*[:：])")


@dataclass(slots=True)
class CategoryFrames:
    """Per-category context patterns for one language."""

    assertion: re.Pattern
    generic_before: re.Pattern | None
    generic_after: re.Pattern | None
    bare_score: float
    anchor_only_score: float
    # The shared near-before frames minus the category's exemptions, or None
    # when it has none (then the shared pattern applies).
    generic_near_before: re.Pattern | None = None
    # Role nouns right after the term ("高血压患者"): a group, unless anchored.
    role_after: re.Pattern | None = None
    # Assertion words right after the term, in its clause ("存款还有").
    assertion_after: re.Pattern | None = None
    # A record's field label opening the sentence ("主诉：", "Assessment:"):
    # what follows is about the record's subject.
    record_label: re.Pattern | None = None
    # For Latin record labels: what may not open the text after the label
    # ("The film…"), and record wording near it that vouches for the label.
    record_prose_opener: re.Pattern | None = None
    record_evidence: re.Pattern | None = None
    # Words anywhere near the term that make it generic without a particular
    # person (a job advertisement's pay).
    generic_window: re.Pattern | None = None


@dataclass
class LanguageLexicon:
    """Everything the detector needs for one language."""

    latin: bool
    terms: re.Pattern
    # lower-cased (Latin) term -> (entity_type, kind)
    index: dict[str, tuple[str, str]]
    anchors: re.Pattern
    anchor_blockers: frozenset[str]
    # Anchors naming a role or the addressee, not a particular person.
    role_anchors: frozenset[str]
    weak_assertions: frozenset[str]
    # Negation words, with the longer words that hold one but negate nothing
    # ("没多久", "no doubt") in the same pattern so that the longer match wins.
    negations: re.Pattern
    negation_blockers: frozenset[str]
    # What ends a negation's reach before the term (see ``negation_scope`` in
    # the lexicon): connectives and factive verbs, new subjects (None: the
    # person anchors), and verbs that carry the negation past a new subject.
    scope_breakers: re.Pattern
    scope_breaker_blockers: frozenset[str]
    scope_subjects: re.Pattern | None
    scope_carriers: re.Pattern
    # Negations that carry into a clause of their own ("否认", "ruled out").
    scope_carrying: frozenset[str]
    # Saying carriers, and addressee words that turn saying into telling.
    scope_saying: frozenset[str]
    scope_addressees: re.Pattern
    # Words after the term that resolve a negation ("until"), with the
    # longer words that do not ("until now") in the same pattern.
    scope_resolvers: re.Pattern
    scope_resolver_blockers: frozenset[str]
    # A population or a trend in the term's clause (news about cases).
    population: re.Pattern
    generic_near_before: re.Pattern
    generic_near_after: re.Pattern
    generic_sentence: re.Pattern
    frames: dict[str, CategoryFrames] = field(default_factory=dict)


_NEVER = re.compile(r"(?!)")


def _pattern(words, latin: bool) -> re.Pattern:
    # An empty alternation would match the empty string everywhere.
    return word_alternation(words, latin=latin) if words else _NEVER


def _check_strings(node, where: str) -> None:
    # YAML 1.1 reads a bare `no`/`on` as a boolean; a lexicon entry must stay a word.
    if isinstance(node, dict):
        for k, v in node.items():
            _check_strings(v, f"{where}/{k}")
    elif isinstance(node, list):
        for v in node:
            if not isinstance(v, str):
                raise ValueError(f"lexicon.yaml{where}: entry {v!r} is not a string; quote it")


def load_raw() -> dict:
    text = resources.files("detectors").joinpath("data/cues/lexicon.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    _check_strings(raw, "")
    return raw


def build_language(raw: dict, lang: str) -> LanguageLexicon:
    latin = lang == "en"
    index: dict[str, tuple[str, str]] = {}
    for entity_type, spec in raw["categories"].items():
        for kind, key in ((BLOCKER, "blockers"), (SELF_ASSERTING, "self_asserting"), (TERM, "terms"),
                          (SYMPTOM, "symptoms")):
            for word in (spec.get(key) or {}).get(lang) or []:
                k = word.lower()
                old = index.get(k)
                # A blocker anywhere wins; otherwise the first category listed keeps the word.
                if old is None or _KIND_RANK[kind] < _KIND_RANK[old[1]] and kind == BLOCKER:
                    index[k] = (entity_type, kind)
    gen = raw["generic"]
    frames = {}
    for entity_type, spec in raw["categories"].items():
        after = [*gen["near_after"][lang], *((spec.get("generic_after") or {}).get(lang) or [])]
        before = (spec.get("generic_before") or {}).get(lang) or []
        frames[entity_type] = CategoryFrames(
            assertion=_pattern(spec["assertions"][lang], latin),
            generic_before=_pattern(before, latin) if before else None,
            generic_after=prefix_alternation(after, latin=latin) if after else None,
            bare_score=float(spec.get("bare_score", 0.4)),
            anchor_only_score=float(spec.get("anchor_only_score", 0.55)),
        )
        role = (spec.get("role_after") or {}).get(lang) or []
        if role:
            frames[entity_type].role_after = prefix_alternation(role, latin=latin)
        after_words = (spec.get("assertions_after") or {}).get(lang) or []
        if after_words:
            frames[entity_type].assertion_after = prefix_alternation(after_words, latin=latin)
        labels = (spec.get("record_labels") or {}).get(lang) or []
        if labels:
            frames[entity_type].record_label = record_label_pattern(labels, latin=latin)
            openers = (spec.get("record_prose_openers") or {}).get(lang) or []
            if openers:
                frames[entity_type].record_prose_opener = prefix_alternation(openers, latin=latin)
            evidence = (spec.get("record_evidence") or {}).get(lang) or []
            if evidence:
                frames[entity_type].record_evidence = _pattern(evidence, latin)
        window_words = (spec.get("generic_window") or {}).get(lang) or []
        if window_words:
            frames[entity_type].generic_window = _pattern(window_words, latin)
        exempt = {w.lower() for w in (spec.get("generic_before_exempt") or {}).get(lang) or []}
        if exempt:
            kept = [w for w in gen["near_before"][lang] if w.lower() not in exempt]
            frames[entity_type].generic_near_before = _pattern(kept, latin)
    blockers = raw.get("anchor_blockers", {}).get(lang) or []
    neg_blockers = (raw.get("negation_blockers") or {}).get(lang) or []
    scope = raw.get("negation_scope") or {}

    def scope_words(key: str) -> list[str]:
        return (scope.get(key) or {}).get(lang) or []

    breaker_blockers = scope_words("breaker_blockers")
    resolver_blockers = scope_words("resolver_blockers")
    subjects = scope_words("subjects")
    return LanguageLexicon(
        latin=latin,
        terms=word_alternation(index, latin=latin),
        index=index,
        # Blockers join the anchor pattern so the longer word wins the match.
        anchors=_pattern([*raw["anchors"][lang], *blockers], latin),
        anchor_blockers=frozenset(w.lower() for w in blockers),
        role_anchors=frozenset(w.lower() for w in (raw.get("role_anchors") or {}).get(lang) or []),
        weak_assertions=frozenset(w.lower() for w in raw.get("weak_assertions", {}).get(lang) or []),
        negations=_pattern([*raw["negations"][lang], *neg_blockers], latin),
        negation_blockers=frozenset(w.lower() for w in neg_blockers),
        scope_breakers=_pattern([*scope_words("breakers"), *breaker_blockers], latin),
        scope_breaker_blockers=frozenset(w.lower() for w in breaker_blockers),
        scope_subjects=_pattern(subjects, latin) if subjects else None,
        scope_carriers=_pattern(scope_words("carriers"), latin),
        scope_carrying=frozenset(w.lower() for w in scope_words("carrying")),
        scope_saying=frozenset(w.lower() for w in scope_words("saying")),
        scope_addressees=_pattern(scope_words("addressees"), latin),
        scope_resolvers=_pattern([*scope_words("resolvers"), *resolver_blockers], latin),
        scope_resolver_blockers=frozenset(w.lower() for w in resolver_blockers),
        population=_pattern((gen.get("population") or {}).get(lang) or [], latin),
        generic_near_before=_pattern(gen["near_before"][lang], latin),
        generic_near_after=prefix_alternation(gen["near_after"][lang], latin=latin),
        generic_sentence=_pattern(gen["sentence"][lang], latin),
        frames=frames,
    )
