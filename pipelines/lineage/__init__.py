"""Consent lineage (spec/lineage.md): the manifest, the verdict rules, and the
Beam stage that joins records to withdrawal lists and consent ledgers.

    manifest = load_manifest(path)            # before the pipeline; ManifestError on problems
    judged = scanned | JudgeLineage(manifest)  # manifest=None → no_manifest / keep
    lineage_input_error(exc)                  # a failed run's cause, when it is bad lineage input
"""

from pipelines.lineage.manifest import (
    AmbiguousSourceError,
    ConsentTerms,
    LineageDataError,
    Manifest,
    ManifestError,
    SourceEntry,
    lineage_input_error,
    load_manifest,
)
from pipelines.lineage.rules import (
    VIOLATION_ARTICLES,
    VIOLATION_CODES,
    ConsentVerdict,
    LedgerRow,
    action_for,
    judge,
)
from pipelines.lineage.transforms import CountViolations, JudgeLineage

__all__ = [
    "AmbiguousSourceError",
    "ConsentTerms",
    "ConsentVerdict",
    "CountViolations",
    "JudgeLineage",
    "LedgerRow",
    "LineageDataError",
    "Manifest",
    "ManifestError",
    "SourceEntry",
    "VIOLATION_ARTICLES",
    "VIOLATION_CODES",
    "action_for",
    "judge",
    "lineage_input_error",
    "load_manifest",
]
