"""The reference HIP's HIP-initiated linking (HIP_INTI_LINK_201–506), v0.5 and v3, driven by its test driver.

respx stands in for the gateway: sessions, keys, and a record of every call the HIP makes to
it; each test plays the gateway's answers onto the HIP's bridge. Requests reach the app
through httpx's ASGI transport, which runs the background work before the call returns, so
the call a step leads to is recorded by the time the step comes back: no test waits.
"""

from __future__ import annotations

import json
import uuid

import httpx
import pytest

from reference_apps.hip import create_app
from tests.reference_apps.common.gateway import V05_GATEWAY, V3_GATEWAY, signed_token, utc
from tests.reference_apps.stand_in_gateway import HIP_ID, StandInGateway, get, post, send

RAVI = "ravi.kumar@sbx"
OTP = "123456"
TOLD = {"name": "Ravi Kumar", "gender": "M", "year_of_birth": 1985}  # what Ravi tells the desk
VISIT = {"referenceNumber": "VISIT-2024-01", "display": "OPD 12 Jan 2024"}
PRESCRIPTION = {"referenceNumber": "RX-2024-01", "display": "Prescription 12 Jan 2024"}

AUTH_INIT = V05_GATEWAY + "/v0.5/users/auth/init"
AUTH_CONFIRM = V05_GATEWAY + "/v0.5/users/auth/confirm"
AUTH_ON_NOTIFY = V05_GATEWAY + "/v0.5/users/auth/on-notify"
ADD_CONTEXTS = V05_GATEWAY + "/v0.5/links/link/add-contexts"
GENERATE_TOKEN = V3_GATEWAY + "/v3/token/generate-token"
LINK_CARECONTEXT = V3_GATEWAY + "/hip/v3/link/carecontext"
AUTH_ON_INIT_ROUTE = "/v0.5/users/auth/on-init"
AUTH_ON_CONFIRM_ROUTE = "/v0.5/users/auth/on-confirm"
AUTH_NOTIFY_ROUTE = "/v0.5/users/auth/notify"
ON_ADD_CONTEXTS_ROUTE = "/v0.5/links/link/on-add-contexts"
ON_GENERATE_TOKEN_ROUTE = "/api/v3/hip/token/on-generate-token"
ON_CARECONTEXT_ROUTE = "/api/v3/link/on_carecontext"


# The HIP's calls in HIP-initiated linking, and its callbacks (user-initiated linking, status and auth notify).
RECORDED = r"/(users/auth/(init|confirm)|add-contexts|generate-token|carecontext|on-(discover|init|confirm|notify))$"


@pytest.fixture
def gateway():
    stand_in = StandInGateway(recorded=RECORDED)
    with stand_in.router:
        yield stand_in


class Desk:
    """A reference HIP with the stand-in gateway it calls: the desk's moves through the test driver,
    the gateway's answers onto the bridge, and what the HIP called the gateway with."""

    def __init__(self, gateway: StandInGateway, *defects: str):
        self.gateway = gateway
        self.app = create_app(defects=defects)

    def link(self, api_version: str | None, method: str = "MOBILE_OTP", **changes) -> httpx.Response:
        order = {
            "api_version": api_version,
            "abha_address": RAVI,
            "abha_number": "91-1111-2222-3333",
            "method": method,
            "patient_reference": "PUID-001",
            "care_contexts": ["VISIT-2024-01"],
            "demographics": TOLD,
        }
        return self.drive("link-care-contexts", {**order, **changes})

    def enter_otp(self, api_version: str = "v0.5", otp: str = OTP, abha_address: str = RAVI) -> httpx.Response:
        return self.drive("enter-otp", {"api_version": api_version, "abha_address": abha_address, "otp": otp})

    def drive(self, action: str, body: object) -> httpx.Response:
        return send(self.app, f"/test-driver/actions/{action}", json.dumps(body))

    def linked(self, abha_address: str = RAVI) -> list[str]:
        """The driver's read-back: the care contexts the HIP holds as linked to the ABHA address."""
        response = get(self.app, f"/test-driver/patients/{abha_address}")
        assert response.status_code == 200 and response.json()["abha_address"] == abha_address
        return response.json()["linked_care_contexts"]

    def calls(self, url: str) -> list[tuple[httpx.Request, dict]]:
        return [(call, json.loads(call.content)) for call in self.gateway.callbacks if str(call.url) == url]

    def last(self, url: str) -> tuple[httpx.Request, dict]:
        calls = self.calls(url)
        assert calls, f"the HIP never called {url}"
        return calls[-1]

    def v05_answer(self, route: str, body: dict, answering: str) -> httpx.Response:
        """The gateway's callback, ids in the body (v0.5)."""
        ids = {"requestId": str(uuid.uuid4()), "timestamp": utc()}
        return post(self.app, route, {**ids, **body, "resp": {"requestId": answering}}, token=signed_token())

    def v3_answer(self, route: str, body: dict, answering: str) -> httpx.Response:
        """The gateway's callback, ids in headers (v3)."""
        body = {**body, "response": {"requestId": answering}}
        return post(self.app, route, body, token=signed_token(), request_id=str(uuid.uuid4()))

    # ---- the gateway's side of v0.5 users/auth and add-contexts ----

    def auth_started(self, transaction_id: str = "auth-txn-1", mode: str = "MOBILE_OTP") -> httpx.Response:
        _, init = self.last(AUTH_INIT)
        # NHA ndhm-hip.yml 0.5 (/v0.5/users/auth/on-init): meta.hint is an optional string, so no hint is left out.
        auth = {"transactionId": transaction_id, "mode": mode, "meta": {"expiry": utc()}}
        return self.v05_answer(AUTH_ON_INIT_ROUTE, {"auth": auth}, init["requestId"])

    def auth_confirmed(self, access_token: str = "access-token-1") -> httpx.Response:
        _, confirm = self.last(AUTH_CONFIRM)
        patient = {"id": RAVI, "name": "Ravi Kumar", "gender": "M", "yearOfBirth": 1985}
        return self.v05_answer(
            AUTH_ON_CONFIRM_ROUTE, {"auth": {"accessToken": access_token, "patient": patient}}, confirm["requestId"]
        )

    def patient_decides(self, status: str, transaction_id: str = "auth-txn-1") -> str:
        """users/auth/notify of a DIRECT authentication; returns the notify's requestId."""
        request_id = str(uuid.uuid4())
        auth = {"transactionId": transaction_id, "status": status}
        if status == "GRANTED":
            auth |= {"accessToken": "direct-token-1", "validity": {"purpose": "LINK", "limit": 1}}
        # NHA ndhm-hip.yml 0.5 (/v0.5/users/auth/notify) requires the transactionId at the top as well.
        body = {"requestId": request_id, "timestamp": utc(), "transactionId": transaction_id, "auth": auth}
        assert post(self.app, AUTH_NOTIFY_ROUTE, body, token=signed_token()).status_code == 202
        return request_id

    def contexts_added(self, error: dict | None = None) -> httpx.Response:
        _, add = self.last(ADD_CONTEXTS)
        body = {"error": error} if error else {"acknowledgement": {"status": "SUCCESS"}}
        return self.v05_answer(ON_ADD_CONTEXTS_ROUTE, body, add["requestId"])

    # ---- the gateway's side of v3 generate-token and link/carecontext ----

    def token_issued(self, link_token: str = "link-token-1", answering: str | None = None) -> httpx.Response:
        answering = answering or self.last(GENERATE_TOKEN)[0].headers["REQUEST-ID"]
        return self.v3_answer(ON_GENERATE_TOKEN_ROUTE, {"abhaAddress": RAVI, "linkToken": link_token}, answering)

    def care_contexts_linked(self, error: dict | None = None) -> httpx.Response:
        request, _ = self.last(LINK_CARECONTEXT)
        body = {"error": error} if error else {"abhaAddress": RAVI, "status": "Successfully Linked care context"}
        return self.v3_answer(ON_CARECONTEXT_ROUTE, body, request.headers["REQUEST-ID"])


@pytest.fixture
def desk(gateway):
    return Desk(gateway)


def ids_and_headers_of_a_v05_call(request: httpx.Request, body: dict) -> None:
    assert request.headers["Authorization"] == "Bearer session-token"
    assert request.headers["X-CM-ID"] == "sbx" and request.headers["X-HIP-ID"] == HIP_ID
    assert uuid.UUID(body["requestId"]) and body["timestamp"].endswith("Z")


# ---- the test driver ----


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"api_version": "v2"}, "api_version"),
        ({"api_version": None}, "api_version"),
        ({"method": "FINGERPRINT"}, "method"),
        ({"abha_address": ""}, "abha_address"),
        ({"patient_reference": "PUID-999"}, "PUID-999"),
        ({"care_contexts": ["DS-2023-11"]}, "DS-2023-11"),  # Asha's, not Ravi's
        ({"care_contexts": ["NO-SUCH-VISIT"]}, "NO-SUCH-VISIT"),
        ({"care_contexts": []}, "care_contexts"),
        ({"care_contexts": [{"referenceNumber": "VISIT-2024-01"}]}, "care_contexts"),
        ({"abha_number": "91-1111-2222"}, "abha_number"),
        ({"demographics": {**TOLD, "gender": "male"}}, "gender"),
        ({"demographics": {**TOLD, "year_of_birth": "1985"}}, "year_of_birth"),
        ({"demographics": None}, "demographics"),  # every v3 link sends demographics
    ],
)
def test_link_orders_the_hip_cannot_act_on_are_refused_with_400_and_no_call(desk, changes, problem):
    response = desk.link(**{"api_version": "v3", **changes})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "BAD_REQUEST" and problem in response.json()["error"]["message"]
    assert desk.gateway.callbacks == []


@pytest.mark.parametrize("content", ["not json", json.dumps(["v0.5"])])
def test_link_order_bodies_that_are_no_json_object_are_refused(desk, content):
    response = send(desk.app, "/test-driver/actions/link-care-contexts", content)

    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"


def test_v05_demographic_link_without_demographics_is_refused_but_an_otp_link_needs_none(desk):
    assert desk.link("v0.5", "DEMOGRAPHICS", demographics=None).status_code == 400
    assert desk.calls(AUTH_INIT) == []

    response = desk.link("v0.5", "MOBILE_OTP", demographics=None)

    assert response.status_code == 202 and response.json() == {"accepted": True}
    assert len(desk.calls(AUTH_INIT)) == 1


@pytest.mark.parametrize("api_version", ["v0.5", "v3"])
def test_enter_otp_with_no_authentication_waiting_is_a_409(desk, api_version):
    response = desk.enter_otp(api_version)

    assert response.status_code == 409 and response.json()["error"]["code"] == "NO_PENDING_AUTH"
    assert desk.gateway.callbacks == []


def test_enter_otp_without_an_otp_is_refused(desk):
    response = desk.drive("enter-otp", {"api_version": "v0.5", "abha_address": RAVI})

    assert response.status_code == 400 and response.json()["error"]["code"] == "BAD_REQUEST"


def test_read_back_lists_user_initiated_links_too_and_nothing_for_a_stranger(desk):
    token, transaction_id = signed_token(), str(uuid.uuid4())
    discovery = {
        "transactionId": transaction_id,
        "patient": {
            "id": RAVI,
            "verifiedIdentifiers": [{"type": "ABHA_ADDRESS", "value": RAVI}],
            "name": "Ravi Kumar",
            "gender": "M",
            "yearOfBirth": 1985,
        },
    }
    post(desk.app, "/api/v3/hip/patient/care-context/discover", discovery, token=token, request_id=str(uuid.uuid4()))
    entry = {
        "referenceNumber": "PUID-001",
        "display": "Ravi Kumar",
        "careContexts": [PRESCRIPTION],
        "hiType": "Prescription",
        "count": 1,
    }
    init = {"transactionId": transaction_id, "abhaAddress": RAVI, "patient": [entry]}
    post(desk.app, "/api/v3/hip/link/care-context/init", init, token=token, request_id=str(uuid.uuid4()))
    _, on_init = desk.last(V3_GATEWAY + "/user-initiated-linking/v3/link/care-context/on-init")
    confirm = {"confirmation": {"linkRefNumber": on_init["link"]["referenceNumber"], "token": OTP}}
    post(desk.app, "/api/v3/hip/link/care-context/confirm", confirm, token=token, request_id=str(uuid.uuid4()))

    assert desk.linked("Ravi.Kumar@sbx") == ["RX-2024-01"]
    assert desk.linked("someone.else@sbx") == []


# ---- v0.5: users/auth, then add-contexts ----


@pytest.mark.parametrize("method", ["MOBILE_OTP", "AADHAAR_OTP"])
def test_v05_otp_link_authenticates_with_the_patients_otp_then_adds_the_care_contexts(desk, method):
    assert desk.link("v0.5", method).status_code == 202

    request, init = desk.last(AUTH_INIT)
    ids_and_headers_of_a_v05_call(request, init)
    assert init["query"] == {
        "id": RAVI,
        "purpose": "LINK",
        "authMode": method,
        "requester": {"type": "HIP", "id": HIP_ID},
    }

    assert desk.auth_started("auth-txn-1", method).status_code == 202
    assert desk.calls(AUTH_CONFIRM) == []  # not before the patient reads out the OTP

    assert desk.enter_otp().status_code == 202
    request, confirm = desk.last(AUTH_CONFIRM)
    ids_and_headers_of_a_v05_call(request, confirm)
    assert confirm["transactionId"] == "auth-txn-1" and confirm["credential"] == {"authCode": OTP}
    assert desk.enter_otp().status_code == 409  # the OTP was taken
    assert desk.calls(ADD_CONTEXTS) == []

    assert desk.auth_confirmed("access-token-1").status_code == 202
    request, add = desk.last(ADD_CONTEXTS)
    ids_and_headers_of_a_v05_call(request, add)
    assert add["link"] == {
        "accessToken": "access-token-1",
        "patient": {"referenceNumber": "PUID-001", "display": "Ravi Kumar", "careContexts": [VISIT]},
    }
    assert desk.linked() == []  # not before the gateway says so

    assert desk.contexts_added().status_code == 202
    assert desk.linked() == ["VISIT-2024-01"]


def test_v05_demographic_link_confirms_with_what_the_patient_told_the_desk(desk):
    desk.link("v0.5", "DEMOGRAPHICS", care_contexts=["VISIT-2024-01", "RX-2024-01"])
    desk.auth_started("auth-txn-2", "DEMOGRAPHICS")

    _, confirm = desk.last(AUTH_CONFIRM)
    assert confirm["transactionId"] == "auth-txn-2"
    assert confirm["credential"] == {"demographic": {"name": "Ravi Kumar", "gender": "M", "dateOfBirth": "1985-01-01"}}

    desk.auth_confirmed("access-token-2")
    _, add = desk.last(ADD_CONTEXTS)
    assert add["link"]["accessToken"] == "access-token-2"
    assert add["link"]["patient"]["careContexts"] == [VISIT, PRESCRIPTION]
    desk.contexts_added()
    assert desk.linked() == ["RX-2024-01", "VISIT-2024-01"]


def test_v05_direct_link_waits_for_the_patients_approval_acknowledges_it_and_links(desk):
    desk.link("v0.5", "DIRECT")
    desk.auth_started("auth-txn-3", "DIRECT")
    assert desk.calls(AUTH_CONFIRM) == [] and desk.calls(ADD_CONTEXTS) == []

    notify_id = desk.patient_decides("GRANTED", "auth-txn-3")

    request, acknowledgement = desk.last(AUTH_ON_NOTIFY)
    ids_and_headers_of_a_v05_call(request, acknowledgement)
    assert acknowledgement["acknowledgement"] == {"status": "OK"} and acknowledgement["resp"] == {
        "requestId": notify_id
    }
    _, add = desk.last(ADD_CONTEXTS)
    assert add["link"]["accessToken"] == "direct-token-1"
    desk.contexts_added()
    assert desk.linked() == ["VISIT-2024-01"]


def test_v05_direct_link_the_patient_denies_is_acknowledged_and_links_nothing(desk):
    desk.link("v0.5", "DIRECT")
    desk.auth_started("auth-txn-4", "DIRECT")

    notify_id = desk.patient_decides("DENIED", "auth-txn-4")

    assert desk.last(AUTH_ON_NOTIFY)[1]["resp"] == {"requestId": notify_id}
    assert desk.calls(ADD_CONTEXTS) == [] and desk.linked() == []


def test_v05_auth_errors_end_the_link(desk):
    desk.link("v0.5", "MOBILE_OTP")
    _, init = desk.last(AUTH_INIT)
    error = {"error": {"code": 1000, "message": "ABHA address not found"}}

    assert desk.v05_answer(AUTH_ON_INIT_ROUTE, error, init["requestId"]).status_code == 202

    assert desk.enter_otp().status_code == 409  # nothing waits for an OTP
    desk.link("v0.5", "DEMOGRAPHICS")
    desk.auth_started("auth-txn-5", "DEMOGRAPHICS")
    _, confirm = desk.last(AUTH_CONFIRM)
    desk.v05_answer(
        AUTH_ON_CONFIRM_ROUTE, {"error": {"code": 1000, "message": "Demographics do not match"}}, confirm["requestId"]
    )
    assert desk.calls(ADD_CONTEXTS) == [] and desk.linked() == []


def test_v05_add_contexts_error_links_nothing(desk):
    desk.link("v0.5", "DEMOGRAPHICS")
    desk.auth_started("auth-txn-6", "DEMOGRAPHICS")
    desk.auth_confirmed()

    assert desk.contexts_added(error={"code": 1000, "message": "Care context already linked"}).status_code == 202

    assert desk.linked() == []


def test_v05_answers_to_no_call_of_the_hips_are_ignored(desk):
    auth = {"transactionId": "auth-txn-7", "mode": "MOBILE_OTP"}
    assert desk.v05_answer(AUTH_ON_INIT_ROUTE, {"auth": auth}, str(uuid.uuid4())).status_code == 202
    assert desk.enter_otp().status_code == 409

    desk.link("v0.5", "DEMOGRAPHICS")
    _, init = desk.last(AUTH_INIT)
    # An on-confirm naming the init's request id answers no confirm: the init is still owed its on-init.
    desk.v05_answer(AUTH_ON_CONFIRM_ROUTE, {"auth": {"accessToken": "stolen"}}, init["requestId"])
    assert desk.calls(ADD_CONTEXTS) == []
    desk.auth_started("auth-txn-8", "DEMOGRAPHICS")
    assert desk.last(AUTH_CONFIRM)[1]["transactionId"] == "auth-txn-8"


def test_v05_a_second_link_authenticates_again_since_an_access_token_is_single_use(desk):
    desk.link("v0.5", "DEMOGRAPHICS")
    desk.auth_started("auth-txn-9", "DEMOGRAPHICS")
    desk.auth_confirmed("access-token-9")
    desk.contexts_added()

    assert desk.link("v0.5", "DEMOGRAPHICS", care_contexts=["RX-2024-01"]).status_code == 202

    assert len(desk.calls(AUTH_INIT)) == 2 and len(desk.calls(ADD_CONTEXTS)) == 1
    desk.auth_started("auth-txn-10", "DEMOGRAPHICS")
    desk.auth_confirmed("access-token-10")
    assert desk.last(ADD_CONTEXTS)[1]["link"]["accessToken"] == "access-token-10"
    desk.contexts_added()
    assert desk.linked() == ["RX-2024-01", "VISIT-2024-01"]


# ---- v3: a link token from generate-token, then link/carecontext ----


def test_v3_link_asks_for_a_link_token_and_links_with_it_one_entry_per_hi_type(desk):
    assert desk.link("v3", "MOBILE_OTP", care_contexts=["VISIT-2024-01", "RX-2024-01"]).status_code == 202

    request, generate = desk.last(GENERATE_TOKEN)
    assert request.headers["Authorization"] == "Bearer session-token"
    assert request.headers["X-CM-ID"] == "sbx" and request.headers["X-HIP-ID"] == HIP_ID
    assert uuid.UUID(request.headers["REQUEST-ID"]) and request.headers["TIMESTAMP"].endswith("Z")
    assert "X-LINK-TOKEN" not in request.headers
    assert generate == {
        "abhaNumber": 91111122223333,  # a number: NHA's v3 generate-token page
        "abhaAddress": RAVI,
        "name": "Ravi Kumar",
        "gender": "M",
        "yearOfBirth": 1985,
    }

    assert desk.token_issued("link-token-1").status_code == 202

    request, link = desk.last(LINK_CARECONTEXT)
    assert request.headers["X-LINK-TOKEN"] == "link-token-1" and request.headers["X-HIP-ID"] == HIP_ID
    assert uuid.UUID(request.headers["REQUEST-ID"]) and request.headers["Authorization"] == "Bearer session-token"

    def entry(context: dict, hi_type: str) -> dict:
        return {
            "referenceNumber": "PUID-001",
            "display": "Ravi Kumar",
            "careContexts": [context],
            "hiTypes": hi_type,  # NHA's v3 link/carecontext page names it so
            "count": 1,
        }

    assert link == {
        "abhaNumber": 91111122223333,  # a number: NHA's v3 link/carecontext page
        "abhaAddress": RAVI,
        "patient": [entry(VISIT, "OPConsultation"), entry(PRESCRIPTION, "Prescription")],
    }
    assert desk.linked() == []

    assert desk.care_contexts_linked().status_code == 202
    assert desk.linked() == ["RX-2024-01", "VISIT-2024-01"]


def test_v3_link_without_an_abha_number_sends_none(desk):
    order = {
        "api_version": "v3",
        "abha_address": RAVI,
        "method": "DEMOGRAPHICS",
        "patient_reference": "PUID-001",
        "care_contexts": ["VISIT-2024-01"],
        "demographics": TOLD,
    }
    assert desk.drive("link-care-contexts", order).status_code == 202

    assert "abhaNumber" not in desk.last(GENERATE_TOKEN)[1]
    desk.token_issued()
    assert "abhaNumber" not in desk.last(LINK_CARECONTEXT)[1]


def test_v3_a_second_link_reuses_the_link_token(desk):
    desk.link("v3")
    desk.token_issued("link-token-1")
    desk.care_contexts_linked()

    assert desk.link("v3", care_contexts=["LAB-2024-02"]).status_code == 202

    assert len(desk.calls(GENERATE_TOKEN)) == 1
    request, link = desk.last(LINK_CARECONTEXT)
    assert request.headers["X-LINK-TOKEN"] == "link-token-1"
    assert link["patient"][0]["careContexts"] == [
        {"referenceNumber": "LAB-2024-02", "display": "Lipid profile 3 Feb 2024"}
    ]
    desk.care_contexts_linked()
    assert desk.linked() == ["LAB-2024-02", "VISIT-2024-01"]


def test_v3_a_link_token_the_gateway_no_longer_honours_is_replaced_once(desk):
    desk.link("v3")
    desk.token_issued("link-token-1")
    desk.care_contexts_linked()
    desk.link("v3", care_contexts=["LAB-2024-02"])

    desk.care_contexts_linked(error={"code": "ABDM-1026", "message": "Invalid link token"})

    assert len(desk.calls(GENERATE_TOKEN)) == 2
    desk.token_issued("link-token-2")
    request, link = desk.last(LINK_CARECONTEXT)
    assert request.headers["X-LINK-TOKEN"] == "link-token-2"
    assert link["patient"][0]["careContexts"][0]["referenceNumber"] == "LAB-2024-02"

    desk.care_contexts_linked(error={"code": "ABDM-1026", "message": "Invalid link token"})  # and again: give up

    assert len(desk.calls(GENERATE_TOKEN)) == 2 and len(desk.calls(LINK_CARECONTEXT)) == 3
    assert desk.linked() == ["VISIT-2024-01"]


def test_v3_a_relinked_order_links_once_the_new_token_works(desk):
    desk.link("v3")
    desk.token_issued("link-token-1")
    desk.care_contexts_linked(error={"code": "ABDM-1026", "message": "Invalid link token"})
    desk.token_issued("link-token-2")

    desk.care_contexts_linked()

    assert desk.linked() == ["VISIT-2024-01"]


def test_v3_other_link_errors_end_the_link(desk):
    desk.link("v3")
    desk.token_issued()

    desk.care_contexts_linked(error={"code": "ABDM-1037", "message": "Count mismatch"})

    assert len(desk.calls(GENERATE_TOKEN)) == 1 and desk.linked() == []


def test_v3_a_generate_token_error_ends_the_link(desk):
    desk.link("v3")
    request, _ = desk.last(GENERATE_TOKEN)
    error = {"error": {"code": "ABDM-1051", "message": "Invalid ABHA address"}}

    assert desk.v3_answer(ON_GENERATE_TOKEN_ROUTE, error, request.headers["REQUEST-ID"]).status_code == 202

    assert desk.calls(LINK_CARECONTEXT) == [] and desk.linked() == []


def test_v3_a_link_token_answering_no_request_of_the_hips_is_ignored(desk):
    assert desk.token_issued("foreign-token", answering=str(uuid.uuid4())).status_code == 202
    assert desk.calls(LINK_CARECONTEXT) == []

    desk.link("v3")

    assert len(desk.calls(GENERATE_TOKEN)) == 1 and desk.calls(LINK_CARECONTEXT) == []


def test_a_patient_who_opts_out_takes_the_link_token_along(desk):
    desk.link("v3")
    desk.token_issued("link-token-1")
    desk.care_contexts_linked()
    notification = {"notification": {"status": "DEACTIVATED", "patient": {"id": RAVI}}}
    status = {"requestId": str(uuid.uuid4()), "timestamp": utc(), **notification}
    assert post(desk.app, "/v0.5/patients/status/notify", status, token=signed_token()).status_code == 202

    desk.link("v3", care_contexts=["RX-2024-01"])

    assert len(desk.calls(GENERATE_TOKEN)) == 2 and desk.linked() == []


# ---- the bridge endpoints are the gateway's alone ----

ROUTES = [
    AUTH_ON_INIT_ROUTE,
    AUTH_ON_CONFIRM_ROUTE,
    AUTH_NOTIFY_ROUTE,
    ON_ADD_CONTEXTS_ROUTE,
    ON_GENERATE_TOKEN_ROUTE,
    ON_CARECONTEXT_ROUTE,
]


@pytest.mark.parametrize("route", ROUTES)
def test_linking_callbacks_without_a_gateway_token_are_refused(desk, route):
    body = {
        "requestId": str(uuid.uuid4()),
        "timestamp": utc(),
        "resp": {"requestId": "r"},
        "response": {"requestId": "r"},
    }

    response = post(desk.app, route, body, request_id=str(uuid.uuid4()))

    assert response.status_code == 401


@pytest.mark.parametrize("route", ROUTES)
def test_linking_callbacks_the_hip_cannot_read_are_refused(desk, route):
    body = {"requestId": str(uuid.uuid4()), "timestamp": utc()}  # names no request it answers, nor any auth

    response = post(desk.app, route, body, token=signed_token(), request_id=str(uuid.uuid4()))

    assert response.status_code == 400 and set(response.json()["error"]) == {"code", "message"}


# ---- the defect switches ----


def test_incomplete_auth_request_omits_requester_in_v05_and_year_of_birth_in_v3(gateway):
    desk = Desk(gateway, "incomplete_auth_request")

    desk.link("v0.5")
    desk.link("v3")

    assert "requester" not in desk.last(AUTH_INIT)[1]["query"]
    assert "yearOfBirth" not in desk.last(GENERATE_TOKEN)[1]


@pytest.mark.parametrize("route", [AUTH_ON_INIT_ROUTE, ON_GENERATE_TOKEN_ROUTE])
def test_no_auth_callback_route_leaves_the_first_answer_nowhere_to_land(gateway, route):
    desk = Desk(gateway, "no_auth_callback_route")

    response = post(desk.app, route, {"auth": {}}, token=signed_token(), request_id=str(uuid.uuid4()))

    assert response.status_code == 404
    later_answer = post(desk.app, ON_CARECONTEXT_ROUTE, {}, token=signed_token(), request_id=str(uuid.uuid4()))
    assert later_answer.status_code == 400  # routed, and refused only for its empty body


def test_links_before_otp_confirmed_adds_contexts_with_the_transaction_id_and_still_confirms(gateway):
    desk = Desk(gateway, "links_before_otp_confirmed")
    desk.link("v0.5", "MOBILE_OTP")

    desk.auth_started("auth-txn-1")

    assert desk.last(ADD_CONTEXTS)[1]["link"]["accessToken"] == "auth-txn-1"
    assert desk.enter_otp().status_code == 202
    assert desk.last(AUTH_CONFIRM)[1]["credential"] == {"authCode": OTP}


def test_ignores_auth_error_links_despite_errors_and_refusals(gateway):
    desk = Desk(gateway, "ignores_auth_error")
    desk.link("v0.5", "MOBILE_OTP")
    _, init = desk.last(AUTH_INIT)
    desk.v05_answer(AUTH_ON_INIT_ROUTE, {"error": {"code": 1000, "message": "No such ABHA address"}}, init["requestId"])
    assert desk.last(ADD_CONTEXTS)[1]["link"]["accessToken"] == "none"

    desk.link("v0.5", "DIRECT")
    desk.auth_started("auth-txn-2", "DIRECT")
    desk.patient_decides("DENIED", "auth-txn-2")
    assert desk.last(ADD_CONTEXTS)[1]["link"]["accessToken"] == "auth-txn-2"

    desk.link("v3")
    request, _ = desk.last(GENERATE_TOKEN)
    desk.v3_answer(
        ON_GENERATE_TOKEN_ROUTE, {"error": {"code": "ABDM-1051", "message": "x"}}, request.headers["REQUEST-ID"]
    )
    request, _ = desk.last(LINK_CARECONTEXT)
    assert "X-LINK-TOKEN" not in request.headers


def test_link_omits_display_sends_care_contexts_without_display(gateway):
    desk = Desk(gateway, "link_omits_display")
    desk.link("v0.5", "DEMOGRAPHICS")
    desk.auth_started(mode="DEMOGRAPHICS")
    desk.auth_confirmed()
    desk.link("v3")
    desk.token_issued()

    assert desk.last(ADD_CONTEXTS)[1]["link"]["patient"]["careContexts"] == [{"referenceNumber": "VISIT-2024-01"}]
    assert desk.last(LINK_CARECONTEXT)[1]["patient"][0]["careContexts"] == [{"referenceNumber": "VISIT-2024-01"}]


def test_no_direct_auth_ack_never_sends_on_notify_but_links(gateway):
    desk = Desk(gateway, "no_direct_auth_ack")
    desk.link("v0.5", "DIRECT")
    desk.auth_started(mode="DIRECT")

    desk.patient_decides("GRANTED")

    assert desk.calls(AUTH_ON_NOTIFY) == []
    assert desk.last(ADD_CONTEXTS)[1]["link"]["accessToken"] == "direct-token-1"


def test_wrong_demographics_sends_a_year_of_birth_one_off(gateway):
    desk = Desk(gateway, "wrong_demographics")
    desk.link("v0.5", "DEMOGRAPHICS")
    desk.auth_started(mode="DEMOGRAPHICS")
    desk.link("v3")

    assert desk.last(AUTH_CONFIRM)[1]["credential"]["demographic"]["dateOfBirth"] == "1986-01-01"
    assert desk.last(GENERATE_TOKEN)[1]["yearOfBirth"] == 1986


def test_reuses_access_token_links_the_next_order_with_the_last_access_token(gateway):
    desk = Desk(gateway, "reuses_access_token")
    desk.link("v0.5", "DEMOGRAPHICS")
    desk.auth_started(mode="DEMOGRAPHICS")
    desk.auth_confirmed("access-token-1")
    desk.contexts_added()

    desk.link("v0.5", "DEMOGRAPHICS", care_contexts=["RX-2024-01"])

    assert len(desk.calls(AUTH_INIT)) == 1
    assert desk.last(ADD_CONTEXTS)[1]["link"]["accessToken"] == "access-token-1"


def test_reuses_expired_link_token_gives_up_on_abdm_1026_and_keeps_the_token(gateway):
    desk = Desk(gateway, "reuses_expired_link_token")
    desk.link("v3")
    desk.token_issued("link-token-1")

    desk.care_contexts_linked(error={"code": "ABDM-1026", "message": "Invalid link token"})

    assert len(desk.calls(GENERATE_TOKEN)) == 1 and desk.linked() == []
    desk.link("v3", care_contexts=["RX-2024-01"])
    assert desk.last(LINK_CARECONTEXT)[0].headers["X-LINK-TOKEN"] == "link-token-1"


def test_trusts_unsolicited_link_token_links_with_a_token_it_never_asked_for(gateway):
    desk = Desk(gateway, "trusts_unsolicited_link_token")
    desk.token_issued("foreign-token", answering=str(uuid.uuid4()))

    desk.link("v3")

    assert desk.calls(GENERATE_TOKEN) == []
    assert desk.last(LINK_CARECONTEXT)[0].headers["X-LINK-TOKEN"] == "foreign-token"


@pytest.mark.parametrize("api_version", ["v0.5", "v3"])
def test_forgets_hip_initiated_links_links_nothing_the_gateway_confirmed(gateway, api_version):
    desk = Desk(gateway, "forgets_hip_initiated_links")
    desk.link(api_version, "DEMOGRAPHICS")
    if api_version == "v3":
        desk.token_issued()
        desk.care_contexts_linked()
    else:
        desk.auth_started(mode="DEMOGRAPHICS")
        desk.auth_confirmed()
        desk.contexts_added()

    assert desk.linked() == []
