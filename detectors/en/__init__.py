"""Detectors for names and addresses written in Latin script."""
