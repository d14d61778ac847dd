"""Checks: plain functions named after what they verify, raising CheckFailed with the rule broken."""

from abdm_conformance.checks.rules import CheckFailed, Rule

__all__ = ["CheckFailed", "Rule"]
