"""ABDM conformance harness: the core library (knows nothing of pytest-bdd)."""

__version__ = "0.1.0"
