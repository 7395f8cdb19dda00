"""Tests of the consent-lineage stage (spec/lineage.md)."""
