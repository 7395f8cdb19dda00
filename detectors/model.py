"""The data model shared by all detectors."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Finding:
    """One detected span.

    ``start``/``end`` are code-point offsets into the *original* text (end
    exclusive). ``value`` is the normalised matched value (full-width digits
    folded, separators removed where the type has a canonical form). It only
    lives in memory: the pipeline turns it into a masked preview and a keyed
    hash and never writes it.
    """

    entity_type: str
    start: int
    end: int
    score: float
    detector: str
    value: str

    def overlaps(self, other: "Finding") -> bool:
        return self.start < other.end and other.start < self.end

    def __repr__(self) -> str:  # never print the raw value, even in a traceback
        return (
            f"Finding({self.entity_type}, {self.start}:{self.end}, "
            f"score={self.score:.2f}, detector={self.detector})"
        )
