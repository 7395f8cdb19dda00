"""The elements that flow through the scan pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class SourceRecord:
    """One input record as read. ``fields`` maps text-field name to text."""

    record_id: str
    source: str
    input_path: str
    location: str  # "<file>:<line>" or "<file>:row:<n>"
    fields: dict[str, str]
    subject_id: str | None = None
    nbytes: int = 0


@dataclass(slots=True)
class ScannedRecord:
    """A record after detection and, after the lineage stage, its verdict.

    The text is no longer carried, nor are its findings: those go to the
    findings writer straight from detection."""

    record_id: str
    source: str
    input_path: str
    location: str
    subject_id: str | None
    nbytes: int
    n_findings: int = 0
    entity_types: list[str] = field(default_factory=list)
    pipl_categories: list[str] = field(default_factory=list)
    has_sensitive: bool = False
    lineage_status: str = "no_manifest"
    violations: list[str] = field(default_factory=list)
    action: str = "keep"

    @property
    def has_pi(self) -> bool:
        return self.n_findings > 0

    @property
    def has_minor(self) -> bool:
        return "MINOR_INFO" in self.entity_types


@dataclass(slots=True)
class Reject:
    """An input record, line or file that could not be processed."""

    input_path: str
    location: str
    line: int | None
    reason: str  # short code: invalid_json, not_an_object, missing_text_field, ...
    detail: str  # one line, never the raw text
