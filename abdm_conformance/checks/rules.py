"""The rules the checks enforce, each with a short id and where it comes from.

A failed check names its rule, so a verdict can be traced to the ABDM document that
requires the behaviour (Inferno-style requirement traceability). Two severities: a rule NHA
publishes fails the case (CheckFailed); what the harness adds beyond NHA only warns (warn),
shown beside the verdict without changing it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    statement: str
    source: str


class CheckFailed(AssertionError):
    """The app broke a rule. An AssertionError, so test runners report a failure, not an error."""

    def __init__(self, rule: Rule, detail: str):
        self.rule = rule
        self.detail = detail
        super().__init__(f"[{rule.id}] {detail} — rule: {rule.statement} ({rule.source})")


@dataclass(frozen=True)
class CheckWarning:
    """Something the app did that a rule beyond NHA's contract advises against; never fails a case."""

    rule: Rule
    detail: str

    def to_dict(self) -> dict[str, str]:
        return {
            "rule": self.rule.id,
            "detail": self.detail,
            "statement": self.rule.statement,
            "source": self.rule.source,
        }


_warnings: ContextVar[list[CheckWarning] | None] = ContextVar("warnings", default=None)


def warn(rule: Rule, detail: str) -> None:
    """Note a warning for the scenario being judged (nothing, when no scenario collects them)."""
    collected = _warnings.get()
    if collected is not None and CheckWarning(rule, detail) not in collected:
        collected.append(CheckWarning(rule, detail))


@contextmanager
def collecting_warnings() -> Iterator[list[CheckWarning]]:
    """The warnings the checks run inside this block give."""
    collected: list[CheckWarning] = []
    token = _warnings.set(collected)
    try:
        yield collected
    finally:
        _warnings.reset(token)


NHA_API = "NHA ABDM API (v0.5 OpenAPI, v3 docs)"
NHA_CASES = "NHA sandbox test cases"

ACKNOWLEDGED = Rule(
    "HTTP.ACK",
    "the app answers a gateway request with 202 Accepted (200 tolerated)",
    f"{NHA_API}: asynchronous request and callback",
)
CALLED_BACK = Rule(
    "CB.DEADLINE",
    "the app answers through the gateway's callback API within the deadline",
    f"{NHA_API}: asynchronous request and callback",
)
GATEWAY_ACCEPTS = Rule(
    "GW.HEADERS",
    "calls to the gateway carry a valid session token, X-CM-ID, a fresh REQUEST-ID and a UTC TIMESTAMP "
    "(v0.5: requestId/timestamp in the body) and a JSON body",
    f"{NHA_API}: request headers (REQUEST-ID, TIMESTAMP, X-CM-ID)",
)
SCHEMA = Rule(
    "MSG.SCHEMA",
    "every message conforms to NHA's published contract for it: required fields, types, enums, patterns, formats "
    "(any form NHA documents is accepted)",
    "NHA ABDM v0.5 OpenAPI (gateway, HIP, HIU), NHA ABDM v3 API documentation, NHA ABHA v3 API; each finding "
    "names its document",
)
DOCUMENTED_FORM = Rule(
    "MSG.DOCUMENTED_FORM",
    "a message follows NHA's current page for it; a form only an older or conflicting NHA page documents is "
    "accepted, with this warning",
    "NHA ABDM v3 API documentation, where two pages document one endpoint",
)
TEXT_HYGIENE = Rule(
    "ADV.TEXT",
    "free text a PHR app shows (display, name, message) carries no markup, Aadhaar number or token",
    "the harness's advice beyond NHA: NDHM Secure Application Development reference, output encoding and data "
    "minimisation",
)
CORRELATED = Rule(
    "CB.CORRELATION",
    "a callback's response.requestId (v3) / resp.requestId (v0.5) is the id of the request it answers",
    f"{NHA_API}: asynchronous request and callback",
)
TRANSACTION_REUSED = Rule(
    "TXN.REUSE",
    "the HIP answers with the transactionId of the discovery it belongs to",
    f"{NHA_API}: asynchronous request and callback; care-contexts/discover, links/link/init and confirm",
)
CARE_CONTEXTS = Rule(
    "DSC.CARE_CONTEXTS",
    "discovery returns exactly the patient's care contexts, each with its reference, display and HI type",
    f"{NHA_CASES}: USER_INIT_LINK_604; {NHA_API}: care-contexts/discover",
)
HI_TYPE_GROUPS = Rule(
    "DSC.HI_TYPE_GROUPS",
    "v3 on-discover has one patient entry per HI type whose count is the number of its care contexts",
    f"{NHA_API}: care-contexts/discover",
)
NOT_FOUND = Rule(
    "DSC.NOT_FOUND",
    "a person the HIP does not hold gets an error and no patient",
    f"{NHA_API}: care-contexts/discover",
)
OTP_SENT = Rule(
    "LNK.OTP_SENT",
    "link init is answered with a link reference and how the patient authenticates (DIRECT or MEDIATED)",
    "NHA sandbox test case USER_INIT_LINK_605; NHA ABDM v0.5 ndhm-hip.yml PatientLinkReferenceResult; NHA ABDM v3 "
    "link/care-context/on-init",
)
OTP_DETAILS = Rule(
    "LNK.OTP_DETAILS",
    "the HIP sends the patient an OTP for the link (MEDIATED) and says how and until when (link.meta)",
    "NHA sandbox test case USER_INIT_LINK_605 steps; NHA's specs also allow DIRECT and, in v0.5, no meta",
)
SELECTED_ONLY = Rule(
    "LNK.SELECTED_ONLY",
    "with the right OTP, exactly the care contexts the patient selected are linked",
    f"{NHA_CASES}: USER_INIT_LINK_605",
)
WRONG_OTP = Rule(
    "LNK.WRONG_OTP",
    "a wrong OTP is refused with an error and links nothing",
    f"{NHA_CASES}: USER_INIT_LINK_605",
)
VALIDATED = Rule(
    "LNK.VALIDATED",
    "a link request the HIP cannot match to its own discovery, patient and link reference is refused with an error",
    f"{NHA_CASES}: USER_INIT_LINK_606; {NHA_API}: links/link/init and confirm",
)
GATEWAY_TOKEN = Rule(
    "AUTH.GATEWAY_TOKEN",
    "the app (HIP or HIU) refuses a bridge request without a token signed by the gateway with 401 and does not "
    "act on it",
    f"{NHA_API}: the gateway's token on callbacks (gateway certs)",
)

CONSENT_ACKNOWLEDGED = Rule(
    "CNS.ACK",
    "the HIP acknowledges a consent notification with status OK for its consent id",
    f"{NHA_API}: consents/hip/notify; {NHA_CASES}, HIP sheet rows 7.1–9.1",
)
HI_ACKNOWLEDGED = Rule(
    "HI.ACK",
    "the HIP acknowledges a health-information request under a valid consent (ACKNOWLEDGED, same transactionId)",
    f"{NHA_API}: health-information/hip/request, transfer, notify step 2",
)
HI_REFUSED = Rule(
    "HI.REFUSED",
    "a health-information request no valid consent covers (never granted, revoked, expired, dates outside it, "
    "patient opted out) is refused with an error and nothing is pushed",
    f"{NHA_API}: health-information/hip/request, transfer, notify step 2;"
    f" {NHA_CASES}, HIP sheet rows 8.1, 9.1, 10.1, 11.1",
)
TRANSFER_DEADLINE = Rule(
    "HI.DEADLINE",
    "the records are pushed to the data-push URL within the transfer deadline (ABDM: 20 minutes; test case: 2 hours)",
    f"{NHA_CASES}, HIP sheet row 11.1; {NHA_API}: health-information/hip/request, transfer, notify",
)
PUSH_TRANSACTION = Rule(
    "PUSH.TRANSACTION",
    "every pushed page carries the request's transactionId and consistent page numbers",
    f"{NHA_API}: health-information/hip/request, transfer, notify step 3",
)
PUSH_DECRYPTS = Rule(
    "PUSH.DECRYPTS",
    "every entry decrypts with the HIU's key material (ECDH on Curve25519, HKDF-SHA256, AES-256-GCM)",
    f"{NHA_API}: data push encryption (ECDH Curve25519, AES-GCM); ABDM Fidelius reference implementation",
)
PUSH_CHECKSUM = Rule(
    "PUSH.CHECKSUM",
    "each entry's checksum is the base64 MD5 of its plaintext",
    f"{NHA_API}: data push encryption (ECDH Curve25519, AES-GCM)",
)
PUSH_CONSENTED = Rule(
    "PUSH.CONSENTED",
    "only care contexts and HI types the consent covers are pushed",
    f"{NHA_CASES}, HIP sheet row 11.1 step 4",
)
PUSH_COMPLETE = Rule(
    "PUSH.COMPLETE",
    "every consented care context the HIP holds is pushed",
    f"{NHA_CASES}: HIP sheet row 11.1, PHR sheet row 1.5",
)
RECORD_PROFILE = Rule(
    "FHIR.PROFILE",
    "every record is a FHIR R4 document valid against the NRCeS profile of its HI type",
    f"{NHA_CASES}, HIP sheet row 1.1 (Health_RECORD_CREATION_101); NRCeS FHIR implementation guide for ABDM",
)
TRANSFER_NOTIFIED = Rule(
    "HI.NOTIFY",
    "the HIP closes the transfer with a health-information notify: TRANSFERRED, one DELIVERED status per record sent",
    f"{NHA_API}: health-information/hip/request, transfer, notify step 4",
)
OPTED_OUT = Rule(
    "CNS.OPTOUT",
    "the HIP acknowledges a patient's ABHA deactivation (acknowledgment OK) and forgets the patient's consents",
    f"{NHA_API}: patients/status/notify; {NHA_CASES}, HIP sheet row 10.1",
)

PROFILE_TOKEN = Rule(
    "PROFILE.TOKEN",
    "a profile shared by scanning the HIP's QR code is acknowledged (SUCCESS, the patient's ABHA address) "
    "with a token number",
    f"{NHA_CASES}, PHR sheet row 2.1 (SHARE_PATIENT_PROFILE_701); {NHA_API}: patients/profile/share",
)
PROFILE_TOKEN_VALIDITY = Rule(
    "PROFILE.TOKEN_VALIDITY",
    "the token is valid for 30 minutes (expiry 1800 s)",
    f"{NHA_CASES}, PHR sheet row 2.1 (SHARE_PATIENT_PROFILE_701) step 6",
)
PROFILE_TOKEN_UNIQUE = Rule(
    "PROFILE.TOKEN_UNIQUE",
    "patients sharing at the same counter get different token numbers",
    f"{NHA_CASES}, PHR sheet row 2.1 (SHARE_PATIENT_PROFILE_701)",
)
DRIVER_ACCEPTED = Rule(
    "DRIVER.ACCEPTED",
    "the app's test driver accepts the action it is asked to take (2xx)",
    "README: the test driver contract",
)
APP_REQUESTED = Rule(
    "APP.REQUEST",
    "the app sends the gateway the request its action calls for, within the deadline",
    f"{NHA_API}: asynchronous request and callback",
)
SMS_BY_MOBILE = Rule(
    "SMS.MOBILE",
    "the deep-link SMS notify names the patient by mobile number (not ABHA address) and the HIP by its id",
    f"{NHA_CASES}, HIP sheet row 6.1 (HIP_INIT_NOTIFY_HIECM); {NHA_API}: patients/sms/notify2",
)
AUTH_REQUESTED = Rule(
    "LNK.AUTH_REQUEST",
    "HIP-initiated linking starts with a request naming the patient's ABHA address: v0.5 users/auth/init with "
    "purpose LINK (or KYC_AND_LINK), the chosen auth mode and the HIP as requester; v3 generate-token",
    f"{NHA_CASES}: HIP_INTI_LINK_201, 301, 401, 501; {NHA_API}: users/auth (v0.5), token/generate-token (v3)",
)
CREDENTIAL_SENT = Rule(
    "LNK.CREDENTIAL",
    "the HIP completes the authentication it opened with what the patient gave: the OTP, or the name, gender "
    "and year of birth",
    f"{NHA_CASES}: HIP_INTI_LINK_203, 303, 502, 503; {NHA_API}: users/auth (v0.5), token/generate-token (v3)",
)
TOKEN_FIRST = Rule(
    "LNK.TOKEN_FIRST",
    "the HIP links care contexts only once the gateway issued it a linking token, and with that token "
    "(v0.5 link.accessToken, v3 X-LINK-TOKEN)",
    f"{NHA_CASES}: HIP_INTI_LINK_204, 403, 504; {NHA_API}: users/auth (v0.5), token/generate-token (v3);"
    " links/link/add-contexts (v0.5), link/carecontext (v3)",
)
TOKEN_FRESH = Rule(
    "LNK.TOKEN_FRESH",
    "a v0.5 access token links once; a v3 link token the gateway calls invalid is replaced by a new one; "
    "a token the HIP did not ask for is never used",
    f"{NHA_API}: users/auth (v0.5), token/generate-token (v3); links/link/add-contexts (v0.5), link/carecontext (v3)",
)
CONTEXTS_LINKED = Rule(
    "LNK.CONTEXTS",
    "the HIP links the care contexts chosen, each with its reference and display (v3: one entry per HI type "
    "with its count), and the gateway links them",
    f"{NHA_CASES}: HIP_INTI_LINK_205, 305, 404, 505; {NHA_API}: links/link/add-contexts (v0.5), link/carecontext (v3)",
)
NOTHING_LINKED = Rule(
    "LNK.NOTHING_LINKED",
    "when the authentication fails (wrong OTP, demographics that do not match, the patient rejects) the HIP "
    "links nothing",
    f"{NHA_CASES}: HIP_INTI_LINK_401; {NHA_API}: users/auth (v0.5), token/generate-token (v3)",
)
HELD_AS_LINKED = Rule(
    "LNK.HELD",
    "the HIP's records show as linked to the ABHA address what the gateway linked, and nothing it did not",
    f"{NHA_CASES}: HIP_INTI_LINK_205",
)
PATIENT_FOUND = Rule(
    "HIU.FIND",
    "the HIU looks the patient up through the gateway (v0.5 patients/find, naming itself as requester) and shows "
    "whom it found, or that nobody was",
    f"{NHA_CASES}: HIU_FLOW_101; {NHA_API}: patients/find",
)
CONSENT_REQUESTED = Rule(
    "CNS.REQUEST",
    "a consent request names the patient, the HIU, an ABDM purpose code, the HI types and date range asked for, "
    "and an expiry (dataEraseAt) in the future, and is accepted by the consent manager",
    f"{NHA_CASES}: HIU_FLOW_102, 103; {NHA_API}: consent-requests/init",
)
REQUESTS_LISTED = Rule(
    "CNS.LIST",
    "the HIU lists each consent request with the patient's ABHA address, its dates and its current status, "
    "and can ask the consent manager for the status",
    f"{NHA_CASES}: HIU_FLOW_104, 201; {NHA_API}: consent-requests/status",
)
ARTEFACTS_FETCHED = Rule(
    "CNS.FETCH",
    "the HIU acknowledges every artefact it is notified of, fetches each granted artefact, and fetches or asks "
    "for nothing under a denied request",
    f"{NHA_CASES}: HIU_FLOW_105, 106; {NHA_API}: consents/hiu/notify; consents/fetch",
)
HIU_ASKS = Rule(
    "HIU.HI_REQUEST",
    "the HIU asks for data only under a granted artefact issued to it, within the artefact's date range, with "
    "key material it never used before (a valid curve point, a 32-byte nonce) and a data-push URL that takes pushes",
    f"{NHA_CASES}: HIU_FLOW_106; {NHA_API}: health-information/cm/request;"
    " data push encryption (ECDH Curve25519, AES-GCM)",
)
HIU_NOTIFIES = Rule(
    "HIU.NOTIFY",
    "the HIU notifies the transfer with a status per care context: OK for a record that decrypts and matches "
    "its checksum, ERRORED for one that does not",
    f"{NHA_CASES}: HIU_FLOW_106; {NHA_API}: health-information/transfer and notify (HIU)",
)
RECORDS_HELD = Rule(
    "HIU.RECORDS",
    "the HIU shows exactly the records pushed under a granted consent, each once, and none once the consent is "
    "revoked or expired; a push under an unknown transaction or an ended consent is refused or discarded",
    f"{NHA_CASES}: HIU_FLOW_106–113, 202, 301; {NHA_API}: health-information/transfer and notify (HIU)",
)
RECORD_HI_TYPE = Rule(
    "HIU.HI_TYPE",
    "the HIU labels each record it shows with the HI type of the record pushed: the ABDM hiType whose NRCeS profile "
    "the bundle's Composition.type names",
    f"{NHA_CASES}: HIU_FLOW_106–113; NRCeS FHIR implementation guide for ABDM (Composition.type of each profile)",
)
ERASED_AT = Rule(
    "HIU.DATA_ERASE_AT",
    "the HIU no longer shows the records of a consent artefact once its dataEraseAt has passed, whether or not an "
    "EXPIRED notification came",
    f"{NHA_CASES}: HIU_FLOW_301; NHA ndhm-hiu.yml v0.5 /v0.5/consents/on-fetch permission.dataEraseAt",
)
OTHER_BRIDGE_PATH = Rule(
    "MSG.BRIDGE_PATH",
    "the app takes each gateway call at the path the harness calls first; another path NHA documents for the same "
    "call is accepted, with this warning",
    "NHA ndhm-hiu.yml v0.5 /v0.5/health-information/hiu/on-request and ndhm-gateway-v1.yml v0.5 "
    "/v0.5/health-information/cm/on-request; NHA ABDM v3 API documentation, consent notification to an HIU bridge",
)
ABHA_ACCEPTS = Rule(
    "ABHA.CALL",
    "the app calls ABHA's APIs as NHA documents them (session token, REQUEST-ID, TIMESTAMP, scopes, login hints, "
    "OTP systems, transaction ids) and ABHA accepts each call",
    "NHA ABHA v3 API: enrollment, login and profile; NHA ABHA v3 OpenAPI (abha_enrollment_api.yml)",
)
ABHA_ENCRYPTED = Rule(
    "ABHA.ENCRYPTION",
    "the Aadhaar number, OTPs and login ids are encrypted with ABHA's public key as "
    "RSA/ECB/OAEPWithSHA-1AndMGF1Padding",
    "NHA ABHA v3 API: enrollment",
)
ABHA_CONSENT = Rule(
    "ABHA.CONSENT",
    "enrolment by Aadhaar records the patient's consent as code abha-enrollment, version 1.4",
    f"{NHA_CASES}: CRT_ABHA_102; NHA ABHA v3 API: enrollment",
)
ABHA_INPUT = Rule(
    "ABHA.INPUT",
    "an Aadhaar number that is not 12 digits with a valid Verhoeff check digit, or an ABHA number that is not 14 "
    "digits, is refused with an error before anything is sent to ABHA",
    f"{NHA_CASES}: CRT_ABHA_104",
)
ABHA_MOBILE = Rule(
    "ABHA.MOBILE",
    "a communication mobile other than the Aadhaar-linked one is verified by OTP before the ABHA is completed; "
    "the Aadhaar-linked one needs no second OTP",
    f"{NHA_CASES}: CRT_ABHA_108, 109, CRT_ABHA_403",
)
ABHA_ADDRESS = Rule(
    "ABHA.ADDRESS",
    "the app asks ABHA for address suggestions and creates the ABHA address from them",
    f"{NHA_CASES}: CRT_ABHA_112",
)
ABHA_HELD = Rule(
    "ABHA.HELD",
    "the app holds the ABHA number and address ABHA issued or verified, under exactly one patient id",
    f"{NHA_CASES}: CRT_ABHA_113, TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER",
)
ABHA_CARD = Rule(
    "ABHA.CARD",
    "the app gets the ABHA card from ABHA's API with the patient's X-token",
    f"{NHA_CASES}: CRT_ABHA_114; NHA ABHA v3 API: profile/account",
)
ABHA_DOCUMENT = Rule(
    "ABHA.DOCUMENT",
    "an enrolment by driving licence sends the licence's details as printed on it and the photos of both its sides",
    f"{NHA_CASES}: CRT_ABHA_405, 406; NHA ABHA v3 API: enrollment",
)
ABHA_REFUSAL = Rule(
    "ABHA.REFUSAL",
    "when ABHA refuses (a wrong OTP, no ABHA number for that mobile or Aadhaar number, a licence's details that "
    "do not match) the app shows the error and registers no one",
    f"{NHA_CASES}: CRT_ABHA_107, 404, 405, VRFY_ABHA_302, 304, 402, 403",
)
ABHA_ACCOUNTS = Rule(
    "ABHA.ACCOUNTS",
    "after a login by mobile the app shows every ABHA number on that mobile and goes on (verify/user with the "
    "T-token) with the one the patient picks",
    f"{NHA_CASES}: VRFY_ABHA_301, 303; NHA ABHA v3 API: profile/login",
)
ABHA_RESEND = Rule(
    "ABHA.RESEND",
    "an OTP sent again is asked of ABHA anew and verified under the transaction ABHA sent it with",
    f"{NHA_CASES}: VRFY_ABHA_305, 405",
)
