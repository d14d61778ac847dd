"""A stand-in for the gateway session and NHA's ABHA v3 service in the registration desk's tests,
and a client for the desk's test driver.

The stand-in decrypts what the desk encrypts with a key of its own, as ABHA does
(RSA/ECB/OAEPWithSHA-1AndMGF1Padding): a value sent in plain or under another padding is
refused as ABHA refuses it. It knows two accounts, takes OTP_VALUE as every OTP, and records
every call. Requests reach the desk through httpx's ASGI transport, in the test's event loop,
where the desk's flows run as tasks.

Flows the stand-in does not know (logins by mobile, Aadhaar number or ABHA address, resent OTPs)
run against the simulated ABHA service itself (SimulatedAbha, simulated()), which records the
desk's calls as the stand-in does.
"""

from __future__ import annotations

import base64
import inspect
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx
import respx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from mocks.abha import AbhaAnswer, AbhaService
from mocks.abha.images import png
from mocks.abha.ledger import AbhaAccount
from mocks.abha.licences import Licence
from reference_apps.registration_desk import create_app
from tests.reference_apps.common.apps import DEADLINE_SECONDS, POLL_SECONDS

GATEWAY = "http://127.0.0.1:8070/api/hiecm"  # the bundled desk.toml's
ABHA = "http://127.0.0.1:8070/abha/api"
SESSION_TOKEN = "session-token"
ABHA_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OAEP_SHA1 = padding.OAEP(mgf=padding.MGF1(algorithm=hashes.SHA1()), algorithm=hashes.SHA1(), label=None)
OTP_VALUE = "123456"

AADHAAR = "234123412346"  # a valid Verhoeff check digit
AADHAAR_MOBILE = "9876543210"  # the mobile Aadhaar holds
OTHER_MOBILE = "9123456780"
CARD = b"\x89PNG\r\n\x1a\n" + bytes(2040)  # 2048 bytes
ENROLLED = {  # the account enrolment by AADHAAR creates (ABHAProfile)
    "firstName": "Ravi",
    "middleName": "",
    "lastName": "Kumar",
    "dob": "15-08-1990",
    "gender": "M",
    "mobile": AADHAAR_MOBILE,
    "email": None,
    "phrAddress": [],
    "ABHANumber": "91-1111-2222-3333",
    "abhaStatus": "ACTIVE",
}
RETURNING = {  # an account made elsewhere, as GET /v3/profile/account shows it
    "ABHANumber": "91-4444-5555-6666",
    "preferredAbhaAddress": "meera.nair@sbx",
    "firstName": "Meera",
    "middleName": "",
    "lastName": "Nair",
    "name": "Meera Nair",
    "yearOfBirth": "1985",
    "monthOfBirth": "3",
    "dayOfBirth": "12",
    "gender": "F",
    "mobile": "9988776655",
    "status": "ACTIVE",
}
SUGGESTIONS = ["ravi.kumar1990", "ravikumar_15", "kumarravi1508"]


def decrypt(value: Any) -> str | None:
    """What the desk encrypted, or None when it is no OAEP-SHA1 ciphertext under ABHA's key."""
    try:
        return ABHA_KEY.decrypt(base64.b64decode(value, validate=True), OAEP_SHA1).decode()
    except (ValueError, TypeError):
        return None


def decrypt_pkcs1(value: str) -> str:
    return ABHA_KEY.decrypt(base64.b64decode(value), padding.PKCS1v15()).decode()


@dataclass(frozen=True)
class Call:
    """A call the desk made to ABHA."""

    method: str
    path: str  # under ABHA's base URL
    headers: httpx.Headers
    body: Any  # the JSON body, None for a GET


@dataclass
class _Txn:
    aadhaar: str | None = None
    mobile: str | None = None  # a communication mobile whose OTP was sent
    account: dict[str, Any] | None = None  # the login's account


@dataclass
class StandInAbha:
    calls: list[Call] = field(default_factory=list)
    sessions: list[httpx.Request] = field(default_factory=list)
    refuse: dict[str, tuple[int, Any]] = field(default_factory=dict)  # path → status and body to answer with
    refuse_session: tuple[int, Any] | None = None  # the status and body the gateway answers a session with
    txns: dict[str, _Txn] = field(default_factory=dict)  # issued, oldest first
    _x_tokens: dict[str, dict[str, Any]] = field(default_factory=dict)  # X-token → the account

    def __post_init__(self) -> None:
        self.router = respx.MockRouter(assert_all_called=False)
        self.router.post(GATEWAY + "/gateway/v3/sessions").mock(side_effect=self._session)
        self.router.route(url__startswith=ABHA).mock(side_effect=self._abha)
        self._handlers: dict[tuple[str, str], Callable[[Call], httpx.Response]] = {
            ("GET", "/v3/profile/public/certificate"): self._certificate,
            ("POST", "/v3/enrollment/request/otp"): self._enrolment_otp,
            ("POST", "/v3/enrollment/enrol/byAadhaar"): self._enrol,
            ("POST", "/v3/enrollment/auth/byAbdm"): self._verify_mobile,
            ("GET", "/v3/enrollment/enrol/suggestion"): self._suggestions,
            ("POST", "/v3/enrollment/enrol/abha-address"): self._create_address,
            ("GET", "/v3/profile/account/abha-card"): self._card,
            ("POST", "/v3/profile/login/request/otp"): self._login_otp,
            ("POST", "/v3/profile/login/verify"): self._login,
            ("GET", "/v3/profile/account"): self._profile,
        }

    def sent(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    def paths(self) -> list[str]:
        return [call.path for call in self.calls]

    # ---- the gateway session ----

    def _session(self, request: httpx.Request) -> httpx.Response:
        self.sessions.append(request)
        if self.refuse_session is not None:
            status, body = self.refuse_session
            return httpx.Response(status, json=body)
        return httpx.Response(200, json={"accessToken": SESSION_TOKEN, "expiresIn": 1200, "tokenType": "bearer"})

    # ---- ABHA ----

    def _abha(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix("/abha/api")
        call = Call(request.method, path, request.headers, json.loads(request.content) if request.content else None)
        self.calls.append(call)
        if path in self.refuse:
            status, body = self.refuse[path]
            return httpx.Response(status, json=body)
        if request.headers.get("Authorization") != f"Bearer {SESSION_TOKEN}":
            return httpx.Response(401, json={"code": "ABDM-2401", "message": "Invalid X-Auth token"})
        handler = self._handlers.get((request.method, path))
        return handler(call) if handler else httpx.Response(404, json={"message": "No such API"})

    def _certificate(self, call: Call) -> httpx.Response:
        der = ABHA_KEY.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        algorithm = "RSA/ECB/OAEPWithSHA-1AndMGF1Padding"
        return httpx.Response(200, json={"publicKey": base64.b64encode(der).decode(), "encryptionAlgorithm": algorithm})

    def _enrolment_otp(self, call: Call) -> httpx.Response:
        body, login_id = call.body, decrypt(call.body.get("loginId"))
        if login_id is None:
            return _bad("loginId", "Invalid LoginId")
        kind = (tuple(body["scope"]), body["loginHint"], body["otpSystem"])
        if kind == (("abha-enrol",), "aadhaar", "aadhaar"):
            if login_id != AADHAAR:
                return _bad("loginId", "Invalid Aadhaar Number")
            txn_id = str(uuid.uuid4())
            self.txns[txn_id] = _Txn(aadhaar=login_id)
        elif kind == (("abha-enrol", "mobile-verify"), "mobile", "abdm"):
            txn_id = body["txnId"]
            if txn_id not in self.txns:
                return _bad("txnId", "Invalid Transaction Id")
            self.txns[txn_id].mobile = login_id
        else:
            return _bad("scope", "Invalid Scope")
        return httpx.Response(200, json={"txnId": txn_id, "message": "OTP is sent to mobile number ending ******3210"})

    def _enrol(self, call: Call) -> httpx.Response:
        otp, consent = call.body["authData"]["otp"], call.body["consent"]
        if otp["txnId"] not in self.txns:
            return _bad("txnId", "Invalid Transaction Id")
        if consent != {"code": "abha-enrollment", "version": "1.4"}:
            return _bad("consentVersion", "Invalid Consent Version")
        if decrypt(otp["otpValue"]) != OTP_VALUE:
            return _wrong_otp()
        x_token = f"x-token-{uuid.uuid4()}"
        self._x_tokens[x_token] = ENROLLED
        return httpx.Response(
            200,
            json={
                "txnId": otp["txnId"],
                "message": "Account created successfully",
                "tokens": {"token": x_token, "expiresIn": 1800, "refreshToken": "r-token", "refreshExpiresIn": 1296000},
                "ABHAProfile": ENROLLED,
                "isNew": True,
            },
        )

    def _verify_mobile(self, call: Call) -> httpx.Response:
        otp = call.body["authData"]["otp"]
        txn = self.txns.get(otp["txnId"])
        if txn is None or txn.mobile is None:
            return _bad("txnId", "Invalid Transaction Id")
        if call.body["scope"] != ["abha-enrol", "mobile-verify"] or decrypt(otp["otpValue"]) != OTP_VALUE:
            return _wrong_otp()
        return httpx.Response(
            200,
            json={
                "txnId": otp["txnId"],
                "authResult": "success",
                "message": "Mobile Number linked successfully.",
                "accounts": [{"ABHANumber": ENROLLED["ABHANumber"]}],
            },
        )

    def _suggestions(self, call: Call) -> httpx.Response:
        txn_id = call.headers.get("TRANSACTION_ID")
        if txn_id not in self.txns:
            return _bad("txnId", "Invalid Transaction Id")
        return httpx.Response(200, json={"txnId": txn_id, "abhaAddressList": SUGGESTIONS})

    def _create_address(self, call: Call) -> httpx.Response:
        body = call.body
        if body["txnId"] not in self.txns:
            return _bad("txnId", "Invalid Transaction Id")
        address = f"{body['abhaAddress']}@sbx"
        return httpx.Response(
            200,
            json={"txnId": body["txnId"], "healthIdNumber": ENROLLED["ABHANumber"], "preferredAbhaAddress": address},
        )

    def _card(self, call: Call) -> httpx.Response:
        if self._account(call) is None:
            return httpx.Response(401, json={"code": "ABDM-2401", "message": "Invalid X-token"})
        return httpx.Response(200, content=CARD, headers={"Content-Type": "image/png"})

    def _login_otp(self, call: Call) -> httpx.Response:
        body = call.body
        methods = {("abha-login", "aadhaar-verify"): "aadhaar", ("abha-login", "mobile-verify"): "abdm"}
        if methods.get(tuple(body["scope"])) != body["otpSystem"] or body["loginHint"] != "abha-number":
            return _bad("scope", "Invalid Scope")
        number = decrypt(body["loginId"])
        account = next((a for a in (ENROLLED, RETURNING) if a["ABHANumber"] == number), None)
        if account is None:
            return _bad("loginId", "Invalid ABHA Number")
        txn_id = str(uuid.uuid4())
        self.txns[txn_id] = _Txn(account=account)
        return httpx.Response(200, json={"txnId": txn_id, "message": "OTP is sent to mobile number ending ******6655"})

    def _login(self, call: Call) -> httpx.Response:
        otp = call.body["authData"]["otp"]
        txn = self.txns.get(otp["txnId"])
        if txn is None or txn.account is None:
            return _bad("txnId", "Invalid Transaction Id")
        if decrypt(otp["otpValue"]) != OTP_VALUE:
            return _wrong_otp()
        x_token = f"x-token-{uuid.uuid4()}"
        self._x_tokens[x_token] = txn.account
        account = {"ABHANumber": txn.account["ABHANumber"], "name": "…", "status": "ACTIVE"}
        return httpx.Response(
            200,
            json={
                "txnId": otp["txnId"],
                "authResult": "success",
                "message": "OTP verified successfully",
                "token": x_token,
                "expiresIn": 1800,
                "accounts": [account],
            },
        )

    def _profile(self, call: Call) -> httpx.Response:
        account = self._account(call)
        if account is None:
            return httpx.Response(401, json={"code": "ABDM-2401", "message": "Invalid X-token"})
        if account is ENROLLED:  # as the account reads once its address is made
            account = {**ENROLLED, "preferredAbhaAddress": f"{SUGGESTIONS[0]}@sbx", "yearOfBirth": "1990"}
        return httpx.Response(200, json=account)

    def _account(self, call: Call) -> dict[str, Any] | None:
        return self._x_tokens.get(call.headers.get("X-token", "").removeprefix("Bearer "))


def _bad(key: str, message: str) -> httpx.Response:
    """ABHA's 400: a map from the field at fault to what is wrong with it."""
    return httpx.Response(400, json={key: message, "timestamp": time.strftime("%d-%m-%Y %H:%M:%S")})


def _wrong_otp() -> httpx.Response:
    details = [{"message": "Please enter a valid OTP. Entered OTP is either expired or incorrect.", "code": "HIS-1039"}]
    return httpx.Response(
        422,
        json={"code": "HIS-422", "message": "Unable to process the current request.", "details": details},
    )


# ---- the simulated ABHA service ----

SEED = 20240601


class SimulatedAbha(AbhaService):
    """The simulated ABHA service, recording every call the desk makes to it."""

    def __init__(self) -> None:
        super().__init__(SEED, verify_session=lambda token: token == SESSION_TOKEN)
        self.calls: list[Call] = []

    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> AbhaAnswer:
        self.calls.append(
            Call(method, path.split("?", 1)[0], httpx.Headers(headers), json.loads(body) if body else None)
        )
        return super().handle(method, path, headers, body)

    def sent(self, path: str) -> list[Call]:
        return [call for call in self.calls if call.path == path]

    def paths(self) -> list[str]:
        return [call.path for call in self.calls]

    def account(self, index: int) -> AbhaAccount:
        """The seeded account of identities[index] (those of 2 to the last but one)."""
        account = self.ledger.account_of(self.identities[index])
        assert account is not None, f"identities[{index}] holds no ABHA"
        return account


NEW_MOBILE = "9000012345"  # no simulated account, nor Aadhaar holder, has it
FRONT_PHOTO = base64.b64encode(png({"licence": "front side"})).decode("ascii")
BACK_PHOTO = base64.b64encode(png({"licence": "back side"})).decode("ascii")


def licence_form(licence: Licence) -> dict[str, str]:
    """A driving licence as the driver's create-abha-by-document takes it: the details printed on it."""
    return {
        "type": "DRIVING_LICENCE",
        "number": licence.document_id,
        "first_name": licence.first_name,
        "middle_name": licence.middle_name,
        "last_name": licence.last_name,
        "dob": licence.dob,
        "gender": licence.gender,
        "address": licence.address,
        "state": licence.state,
        "district": licence.district,
        "pin_code": licence.pin_code,
    }


def by_document(licence: Licence, /, mobile: str = NEW_MOBILE, **changed: Any) -> dict[str, Any]:
    """The driver's create-abha-by-document body for this licence, its photos and the mobile; `changed`
    replaces fields of the body, or of the licence when a licence field is named."""
    form = licence_form(licence)
    form.update((key, value) for key, value in changed.items() if key in form)
    body = {"mobile": mobile, "licence": form, "front_photo": FRONT_PHOTO, "back_photo": BACK_PHOTO}
    body.update((key, value) for key, value in changed.items() if key not in form)
    return body


@contextmanager
def simulated() -> Iterator[SimulatedAbha]:
    """The simulated ABHA service behind the desk's ABHA base URL, and a gateway that hands out its session."""
    service = SimulatedAbha()
    router = respx.MockRouter(assert_all_called=False)
    session = {"accessToken": SESSION_TOKEN, "expiresIn": 1200, "tokenType": "bearer"}
    router.post(GATEWAY + "/gateway/v3/sessions").respond(200, json=session)
    router.route(url__startswith=ABHA).mock(side_effect=lambda request: _answer(service, request))
    with router:
        yield service


def _answer(service: AbhaService, request: httpx.Request) -> httpx.Response:
    path = request.url.path.removeprefix("/abha/api")
    answer = service.handle(request.method, path, dict(request.headers), request.content)
    return httpx.Response(answer.status, content=answer.body, headers={"Content-Type": answer.content_type})


# ---- the desk's test driver ----


async def until(condition: Callable[[], Any], what: str, deadline: float = DEADLINE_SECONDS) -> Any:
    """condition()'s first truthy value (awaited when it is a coroutine), polled until the deadline."""
    end = time.monotonic() + deadline
    while True:
        result = condition()
        if inspect.isawaitable(result):
            result = await result
        if result:
            return result
        if time.monotonic() >= end:
            raise AssertionError(f"gave up after {deadline}s waiting for {what}")
        await anyio.sleep(POLL_SECONDS)


class Desk:
    """The desk's test driver, as the harness uses it."""

    def __init__(self, app) -> None:
        self.app = app
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://desk.test")

    async def act(self, action: str, body: dict[str, Any] | str) -> httpx.Response:
        content = body if isinstance(body, str) else json.dumps(body)
        return await self._client.post(f"/test-driver/actions/{action}", content=content)

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self._client.get(path, params=params)

    async def last_flow(self) -> dict[str, Any]:
        response = await self._client.get("/test-driver/last-flow")
        assert response.status_code == 200
        return response.json()

    async def patients(self) -> list[dict[str, Any]]:
        response = await self._client.get("/test-driver/patients")
        assert response.status_code == 200
        return response.json()["patients"]

    async def settled(self, step: str | None = None) -> dict[str, Any]:
        """The last flow once it waits for the operator (at `step`, when given), is done or has failed."""

        async def screen() -> dict[str, Any] | None:
            shown = await self.last_flow()
            if shown["state"] in ("done", "failed"):
                return shown
            if shown["state"] in ("waiting-for-otp", "waiting-for-account") and step in (None, shown["step"]):
                return shown
            return None

        return await until(screen, f"the flow to settle{f' at {step}' if step else ''}")

    async def enter_otp(self, step: str, otp: str = OTP_VALUE) -> None:
        """Type in the OTP once the flow asks for it at `step`."""
        shown = await self.settled(step)
        assert (shown["state"], shown["step"]) == ("waiting-for-otp", step), shown
        response = await self.act("enter-otp", {"otp": otp})
        assert response.status_code == 202, response.text

    async def select_account(self, abha_number: str) -> None:
        """Select the patient's ABHA number once the flow shows the accounts to choose from."""
        shown = await self.settled("select-account")
        assert shown["state"] == "waiting-for-account", shown
        response = await self.act("select-account", {"abha_number": abha_number})
        assert response.status_code == 202, response.text

    async def create_abha(self, mobile: str = AADHAAR_MOBILE, aadhaar: str = AADHAAR) -> dict[str, Any]:
        """A whole enrolment, OTPs entered as asked; the last flow at its end."""
        response = await self.act("create-abha", {"aadhaar": aadhaar, "mobile": mobile})
        assert response.status_code == 202, response.text
        await self.enter_otp("enter-aadhaar-otp")
        if mobile != AADHAAR_MOBILE:
            await self.enter_otp("enter-mobile-otp")
        return await self.finished()

    async def verify_abha(self, abha_number: str, method: str = "AADHAAR_OTP") -> dict[str, Any]:
        response = await self.act("verify-abha", {"abha_number": abha_number, "method": method})
        assert response.status_code == 202, response.text
        await self.enter_otp("enter-login-otp")
        return await self.finished()

    async def finished(self) -> dict[str, Any]:
        async def ended() -> dict[str, Any] | None:
            shown = await self.last_flow()
            return shown if shown["state"] in ("done", "failed") else None

        return await until(ended, "the flow to end")

    async def close(self) -> None:
        self.app.state.desk.stop()  # a flow left waiting for an OTP must not outlive the test's event loop
        await self._client.aclose()


@asynccontextmanager
async def open_desk(*defects: str) -> AsyncIterator[Desk]:
    desk = Desk(create_app(defects=defects))
    try:
        yield desk
    finally:
        await desk.close()
