"""Entity types and their PIPL categories, read from ``data/entities.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

GENERAL = "general"
SENSITIVE_CATEGORIES = (
    "specific_identity",
    "financial_account",
    "medical_health",
    "religious_belief",
    "biometric",
    "whereabouts",
    "minor",
)
CATEGORIES = (GENERAL, *SENSITIVE_CATEGORIES)


@dataclass(frozen=True, slots=True)
class EntityType:
    name: str
    category: str
    priority: int
    description: str
    cue: bool = False

    @property
    def sensitive(self) -> bool:
        """PIPL Art. 28 sensitive personal information."""
        return self.category != GENERAL


@cache
def entity_types() -> dict[str, EntityType]:
    raw = yaml.safe_load(
        resources.files("detectors").joinpath("data/entities.yaml").read_text("utf-8")
    )
    out: dict[str, EntityType] = {}
    for name, spec in raw["entities"].items():
        if spec["category"] not in CATEGORIES:
            raise ValueError(f"entities.yaml: {name} has unknown category {spec['category']!r}")
        out[name] = EntityType(
            name, spec["category"], int(spec["priority"]), spec["description"], spec.get("kind") == "cue"
        )
    return out


@cache
def cue_types() -> frozenset[str]:
    """Sensitive-information cue types (HEALTH_INFO, MINOR_INFO, ...)."""
    return frozenset(name for name, et in entity_types().items() if et.cue)


def lookup(entity_type: str) -> EntityType:
    """The catalogue entry; types added by user recognizers default to general."""
    known = entity_types()
    if entity_type in known:
        return known[entity_type]
    return EntityType(entity_type, GENERAL, 50, "user-defined entity type")
