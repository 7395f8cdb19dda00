"""piplscan detectors: personal-information detection for Chinese and English text.

The public surface is small:

- :class:`detectors.engine.DetectionEngine` scans one text and returns findings;
- :class:`detectors.model.Finding` is what every detector returns;
- :mod:`detectors.catalogue` maps entity types to PIPL categories;
- :class:`detectors.base.Detector` is the base every detector derives from. It
  is a Presidio ``EntityRecognizer``, so piplscan detectors also run inside a
  Presidio ``AnalyzerEngine``, and Presidio recognizers run inside piplscan.
"""
