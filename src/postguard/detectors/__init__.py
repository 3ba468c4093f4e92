"""Detectors: pure functions of content and context, one module per family."""
