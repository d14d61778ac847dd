"""The reference HIP's own Fidelius against the vectors the real Fidelius (Java) produced."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag

from reference_apps.common import fidelius

VECTORS_FILE = Path(__file__).resolve().parents[1] / "vectors" / "fidelius.json"  # provenance: tests/vectors/README.md


def _vectors() -> dict:
    return json.loads(VECTORS_FILE.read_text(encoding="utf-8"))


VECTORS = _vectors()
ENCRYPTION_CASES = VECTORS["encryption_cases"]
CASE_IDS = [case["id"] for case in ENCRYPTION_CASES]


def b64(text: str) -> bytes:
    return base64.b64decode(text)


@pytest.mark.parametrize("key_form", ["publicKey", "x509PublicKey"])
@pytest.mark.parametrize("case", ENCRYPTION_CASES, ids=CASE_IDS)
def test_encryption_matches_fidelius_byte_for_byte(case, key_form):
    sender, requester = case["sender"], case["requester"]

    encrypted = fidelius.encrypt(
        case["plaintext"].encode("utf-8"),
        sender_private_key=fidelius.decode_private_key(sender["privateKey"]),
        sender_nonce=b64(sender["nonce"]),
        requester_public_key=requester[key_form],
        requester_nonce=b64(requester["nonce"]),
    )

    assert base64.b64encode(encrypted).decode() == case["encryptedData"]


@pytest.mark.parametrize("key_form", ["publicKey", "x509PublicKey"])
@pytest.mark.parametrize("case", ENCRYPTION_CASES, ids=CASE_IDS)
def test_decryption_recovers_the_plaintext(case, key_form):
    sender, requester = case["sender"], case["requester"]

    plaintext = fidelius.decrypt(
        b64(case["encryptedData"]),
        requester_private_key=fidelius.decode_private_key(requester["privateKey"]),
        requester_nonce=b64(requester["nonce"]),
        sender_public_key=sender[key_form],
        sender_nonce=b64(sender["nonce"]),
    )

    assert plaintext.decode("utf-8") == case["plaintext"]


@pytest.mark.parametrize("case", VECTORS["negative_cases"], ids=[c["id"] for c in VECTORS["negative_cases"]])
def test_altered_data_is_rejected(case):
    with pytest.raises(InvalidTag):
        fidelius.decrypt(
            b64(case["encryptedData"]),
            requester_private_key=fidelius.decode_private_key(case["requesterPrivateKey"]),
            requester_nonce=b64(case["requesterNonce"]),
            sender_public_key=case["senderPublicKey"],
            sender_nonce=b64(case["senderNonce"]),
        )


def test_key_pairs_derive_as_fidelius_does():
    examples = [example["parsed"] for example in VECTORS["key_generation_examples"]]
    examples += [case[party] for case in ENCRYPTION_CASES for party in ("sender", "requester")]
    for keys in examples:
        pair = fidelius.KeyPair.from_private_key(fidelius.decode_private_key(keys["privateKey"]))
        assert pair.public_key == keys["publicKey"]
        assert fidelius.decode_public_key(keys["x509PublicKey"]) == fidelius.decode_public_key(keys["publicKey"])


def test_the_x509_prefix_is_bouncycastles():
    assert fidelius.X509_PREFIX.hex() == VECTORS["x509_spki_prefix_hex"]


def test_a_fresh_key_pair_round_trips():
    hip, hiu = fidelius.generate_key_pair(), fidelius.generate_key_pair()
    hip_nonce, hiu_nonce = fidelius.generate_nonce(), fidelius.generate_nonce()

    encrypted = fidelius.encrypt(
        "₹ 500".encode(),
        sender_private_key=hip.private_key,
        sender_nonce=hip_nonce,
        requester_public_key=hiu.public_key,
        requester_nonce=hiu_nonce,
    )

    assert len(base64.b64decode(hip.public_key)) == 65 and len(hip_nonce) == 32
    decrypted = fidelius.decrypt(
        encrypted,
        requester_private_key=hiu.private_key,
        requester_nonce=hiu_nonce,
        sender_public_key=hip.public_key,
        sender_nonce=hip_nonce,
    )
    assert decrypted.decode() == "₹ 500"


@pytest.mark.parametrize(
    "key",
    [
        base64.b64encode(b"\x04" + bytes(64)).decode(),  # (0, 0) is not on the curve
        base64.b64encode(b"\x02" + bytes(32)).decode(),  # compressed: Fidelius refuses it too
        "not base64!",
    ],
    ids=["off the curve", "compressed point", "not base64"],
)
def test_unusable_public_keys_are_value_errors(key):
    with pytest.raises(ValueError):
        fidelius.decode_public_key(key)
