"""What the simulator keeps between runs: an app that cached a token, a key or a link token yesterday is not
failed for it today, and `reset-state` starts over."""

from __future__ import annotations

import threading
from pathlib import Path

import jwt
import pytest

from abdm_conformance.config import EMBEDDED_TARGET, load_target
from mocks.gateway.simulator import GatewaySimulator
from mocks.gateway.state import SimulatorState, StateError, reset_state
from mocks.gateway.tokens import InvalidToken, TokenKind

TARGET = load_target()
PATIENT = TARGET.patients[0]
OTHER_HIP = "ANOTHER-HIP-01"


def simulator(folder: Path | None) -> GatewaySimulator:
    return GatewaySimulator(TARGET, SimulatorState(folder))


def test_a_session_token_of_an_earlier_run_opens_the_gateway_until_it_expires(tmp_path):
    yesterday = simulator(tmp_path)
    session = yesterday.tokens.open_session(TARGET.clients[0].client_id)
    today = simulator(tmp_path)
    assert today.tokens.verify(session.access_token, TokenKind.ACCESS)["clientId"] == TARGET.clients[0].client_id
    assert today.tokens.jwks() == yesterday.tokens.jwks()  # an app caching the JWKS by key id finds the same key


def test_the_abha_certificate_is_the_same_run_after_run(tmp_path):
    assert simulator(tmp_path).abha.key.certificate() == simulator(tmp_path).abha.key.certificate()


def test_without_a_state_folder_nothing_is_kept():
    yesterday, today = simulator(None), simulator(None)
    session = yesterday.tokens.open_session(TARGET.clients[0].client_id)
    with pytest.raises(InvalidToken):
        today.tokens.verify(session.access_token, TokenKind.ACCESS)
    assert today.abha.key.certificate() != yesterday.abha.key.certificate()


def test_a_link_token_of_an_earlier_run_is_honoured_and_a_lapsed_one_stays_lapsed(tmp_path):
    yesterday = simulator(tmp_path)
    kept = yesterday.linking.foreign_link_token(PATIENT, OTHER_HIP)
    lapsed = yesterday.linking.foreign_link_token(TARGET.patients[1], OTHER_HIP)
    yesterday.linking.expire_link_tokens(TARGET.patients[1].abha_address)
    today = simulator(tmp_path)
    assert today.linking.holder(kept) == PATIENT.abha_address
    assert today.linking.issued[jwt.decode(lapsed, options={"verify_signature": False})["jti"]].expired


def test_each_run_has_the_next_number(tmp_path):
    assert [SimulatorState(tmp_path).run_number for _ in range(3)] == [1, 2, 3]
    assert SimulatorState(None).run_number == 0


def test_runs_starting_together_share_one_key(tmp_path):
    keys: list[bytes] = []

    def start() -> None:
        keys.append(SimulatorState(tmp_path).rsa_key("gateway-signing").public_key().public_numbers().n.to_bytes(256))

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(keys)) == 1


def test_a_damaged_state_file_is_one_line_naming_it_and_the_way_out(tmp_path):
    simulator(tmp_path)
    (tmp_path / "keys" / "gateway-signing.pem").write_text("not a key")
    with pytest.raises(StateError, match=r"gateway-signing\.pem cannot be used .*abdm-conformance reset-state"):
        simulator(tmp_path)
    (tmp_path / "runs.json").write_text("{")
    with pytest.raises(StateError, match=r"runs\.json cannot be used"):
        SimulatorState(tmp_path)


def test_reset_state_forgets_keys_and_tokens(tmp_path):
    folder = tmp_path / "state"
    yesterday = simulator(folder)
    session = yesterday.tokens.open_session(TARGET.clients[0].client_id)
    yesterday.linking.foreign_link_token(PATIENT, OTHER_HIP)
    removed = reset_state(folder)
    assert {path.name for path in removed} == {
        "gateway-signing.pem",
        "abha-encryption.pem",
        "link-tokens.json",
        "runs.json",
    }
    assert not folder.exists()
    today = simulator(folder)
    with pytest.raises(InvalidToken):
        today.tokens.verify(session.access_token, TokenKind.ACCESS)
    assert today.linking.issued == {} and today.state.run_number == 1


def test_the_bundled_targets_state_is_the_users_however_its_file_is_named(tmp_path, monkeypatch):
    """Never inside the checkout or the installed package, even given by a relative path."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.chdir(EMBEDDED_TARGET.parent)
    assert load_target(EMBEDDED_TARGET.name).default_state_dir == tmp_path / "abdm-conformance"
    assert load_target().default_state_dir == tmp_path / "abdm-conformance"
