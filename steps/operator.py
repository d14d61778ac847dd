"""Steps an operator settles: what only a screen shows, judged by attestation."""

from __future__ import annotations

from pytest_bdd import given, parsers, then

from abdm_conformance.attestations import Attestation


@given(parsers.parse("the operator has {done}"))
def the_operator_acted(attestation: Attestation, done: str) -> None:
    """Nothing reaches the harness: the operator's attestation stands for what they did."""


@then(parsers.parse("the operator attests that {what}"))
def the_operator_attests(attestation: Attestation, what: str) -> None:
    assert attestation.notes or attestation.screenshots, "an attestation must say what the operator saw"
