"""The signed-in account's profile, ABHA card and QR code, opened by its X-token."""

from __future__ import annotations

import json
import struct
import zlib

import pytest

from tests.abha.desk import fresh_headers

PROFILE, CARD, QR = "/v3/profile/account", "/v3/profile/account/abha-card", "/v3/profile/account/qrCode"


@pytest.fixture
def signed_in(desk, service):
    """An X-token from enrolling identities[0] with its Aadhaar mobile, and the account."""
    identity = service.identities[0]
    txn_id = desk.start_enrolment(identity)
    status, enrolled = desk.by_aadhaar(txn_id, service.latest_otp(identity.aadhaar_mobile), identity.aadhaar_mobile)
    assert status == 200
    suggested = desk.suggestions(txn_id)[1]["abhaAddressList"][0]
    desk.create_address(txn_id, suggested)
    return enrolled["tokens"]["token"], service.accounts[enrolled["ABHAProfile"]["ABHANumber"]]


def png_chunks(data: bytes) -> dict[bytes, bytes]:
    """The chunks of a PNG, each CRC checked."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length : at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        at += 12 + length
    return chunks


@pytest.mark.parametrize("prefix", ["Bearer ", ""])
def test_the_profile_with_an_x_token_with_or_without_bearer(desk, signed_in, prefix):
    token, account = signed_in
    status, profile = desk.profile(PROFILE, prefix + token)
    assert status == 200
    identity = account.identity
    year, month, day = identity.date_of_birth.split("-")
    assert profile["ABHANumber"] == account.abha_number
    assert profile["preferredAbhaAddress"] == account.preferred_abha_address
    assert profile["mobile"] == identity.aadhaar_mobile and profile["name"] == identity.name
    assert (profile["yearOfBirth"], profile["monthOfBirth"], profile["dayOfBirth"]) == (
        year,
        str(int(month)),
        str(int(day)),
    )
    assert profile["kycVerified"] is True and profile["status"] == "ACTIVE"
    assert (profile["stateName"], profile["districtName"], profile["pincode"]) == (
        identity.state,
        identity.district,
        identity.pincode,
    )


@pytest.mark.parametrize("path", [CARD, QR])
def test_card_and_qr_are_valid_pngs_of_the_account(desk, service, signed_in, path):
    token, account = signed_in
    answer = service.handle("GET", path, {**fresh_headers(), "X-token": f"Bearer {token}"}, b"")
    assert (answer.status, answer.content_type) == (200, "image/png")
    chunks = png_chunks(answer.body)
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert len(zlib.decompress(chunks[b"IDAT"])) == height * (width + 1) and (depth, colour) == (8, 0)
    content = json.loads(chunks[b"tEXt"].split(b"\x00", 1)[1])
    assert (content["hidn"], content["hid"]) == (account.abha_number, account.preferred_abha_address)


@pytest.mark.parametrize("path", [PROFILE, CARD, QR])
@pytest.mark.parametrize("x_token", [None, "Bearer not-a-token"])
def test_no_or_a_bad_x_token_is_401(desk, service, path, x_token):
    status, answer = desk.profile(path, x_token)
    assert status == 401 and answer["code"] == "ABDM-1158"
    assert service.refusals[-1].field == "X-token"


def test_a_refresh_token_is_no_x_token(desk, service, signed_in):
    token, account = signed_in
    refresh = [t for t, issued in service.tokens.issued.items() if issued.kind == "R-token"][0]
    assert desk.profile(PROFILE, refresh)[0] == 401
    assert "R-token" in service.refusals[-1].reason


def test_an_x_token_expires(desk, service, signed_in):
    token, _ = signed_in
    issued = service.tokens.issued[token]
    service.ledger.clock = lambda: issued.expires_at
    assert desk.profile(PROFILE, token)[0] == 401
