"""Sensitive-information cues (PIPL Art. 28): words that reveal a health
condition, religion, biometric data, a minor's age, whereabouts, financial
standing, a specific identity or a sexual orientation of a person."""

from .detector import SensitiveCueDetector

__all__ = ["SensitiveCueDetector"]
