"""Steps an operator settles: what only a screen shows, judged by attestation."""

from __future__ import annotations

from pytest_bdd import given, then

from abdm_conformance.attestations import Attestation


@given("the operator has searched for the HIP in the PHR app")
def the_operator_searched(attestation: Attestation) -> None:
    """Nothing reaches the harness: the operator's attestation stands for the search."""


@then("the operator attests that the HIP is listed and can be selected")
def the_operator_attests(attestation: Attestation) -> None:
    assert attestation.notes or attestation.screenshots, "an attestation must say what the operator saw"
