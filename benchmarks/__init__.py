"""Measurements of piplscan: detection accuracy on labelled sets, a labelled
synthetic corpus, and throughput/memory against Presidio's analyzer.

Nothing here is imported by the scanner; see ``benchmarks/README.md``.
"""
