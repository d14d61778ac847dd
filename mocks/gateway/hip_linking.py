"""The consent manager's side of HIP-initiated linking: it authenticates the patient for an
HIP, issues the token the HIP links with, and records what was linked.

v0.5: users/auth/init opens an authentication by mobile OTP, Aadhaar OTP, direct approval in the PHR app or
demographics; users/auth/confirm (or the patient's approval) yields an access token good for one add-contexts.
v3: generate-token checks the demographics and yields a link token for (ABHA address, HIP), valid for months,
presented in X-LINK-TOKEN. Sources: NHA's users/auth (v0.5) and link-token (v3) APIs, HIP-initiated linking.
Error codes are those NHA's v3 M2 errors page gives each situation (the OTP's from the M3 page); v0.5 sends
its ymls' one code for them all."""

from __future__ import annotations

import dataclasses
import re
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, ClassVar

from abdm_conformance import protocol
from abdm_conformance.config import TestPatient
from abdm_conformance.exchange import Exchange
from abdm_conformance.protocol import Api
from mocks.gateway.rules import CallbackFailure as Failure
from mocks.gateway.state import SimulatorState
from mocks.gateway.tokens import InvalidToken, TokenAuthority, TokenKind

AUTH_VALIDITY = timedelta(minutes=10)
OTP_ATTEMPTS = 3
ACCESS_TOKEN_LIFETIME = 30 * 60
LINK_TOKEN_LIFETIME = 180 * 24 * 3600  # v3 link tokens last six months

# NHA's v3 errors pages (M2 unless named), in their words:
UNKNOWN_PATIENT = "ABDM-9999"  # "User not found"
BAD_REQUEST = "ABDM-1006"  # "Bad Request, invalid request Body"
UNKNOWN_TRANSACTION = "ABDM-1017"  # "Invalid TransactionId"
WRONG_OTP = "ABDM-1035"  # M3: "OTP does not matched"
DEMOGRAPHICS_MISMATCH = "ABDM-1036"  # "Data does not matched"
INVALID_LINK_TOKEN = "ABDM-1026"  # "Invalid Link Token"
COUNT_MISMATCH = "ABDM-1037"  # "Counter and Care context count mismatch"
OTHER_HIP_TOKEN = "ABDM-1063"  # "HIP Id mismatch with Link token"
OTHER_PATIENT_TOKEN = "ABDM-1038"  # "ABHA address and Link token mismatch"


@dataclass
class Authentication:
    """One users/auth transaction (v0.5)."""

    id: str
    patient: TestPatient
    mode: str
    hip_id: str
    otp: str | None  # what the consent manager texts the patient in the OTP modes
    expires_at: datetime
    attempts_left: int = OTP_ATTEMPTS
    done: bool = False


@dataclass
class IssuedToken:
    abha_address: str
    hip_id: str
    single_use: bool  # a v0.5 access token links once; a v3 link token until it expires
    expires_at: float  # seconds since the epoch, as the token's exp claim
    used: bool = False
    expired: bool = False  # lapsed at the consent manager before its time (a scenario's doing)


@dataclass
class LinkingAuthority:
    MESSAGES: ClassVar[frozenset[str]] = frozenset(
        {"auth-init", "auth-confirm", "add-contexts", "generate-token", "link-carecontext"}
    )
    tokens: TokenAuthority
    state: SimulatorState = field(default_factory=lambda: SimulatorState(None))
    patients: dict[str, TestPatient] = field(default_factory=dict)  # the ABHA accounts, by address
    authentications: dict[str, Authentication] = field(default_factory=dict)
    issued: dict[str, IssuedToken] = field(default_factory=dict)  # by token id
    linked: dict[str, set[str]] = field(default_factory=dict)  # care-context references per ABHA address

    def __post_init__(self) -> None:
        # Tokens of earlier runs an app may still hold: honoured, or refused, as before, until they expire.
        now = time.time()
        for token_id, kept in self.state.link_tokens().items():
            try:
                issued = IssuedToken(**kept)
            except TypeError:
                continue  # a record of an older version of the harness: as if never issued
            if issued.expires_at > now:
                self.issued[token_id] = issued

    def register(self, patient: TestPatient) -> None:
        """An ABHA account the consent manager knows, as the patient's PHR app does."""
        self.patients[patient.abha_address.lower()] = patient

    def answer(self, api: Api, message: str, exchange: Exchange) -> dict[str, Any]:
        """The body of the callback answering the app's request (without its correlation)."""
        handler = {
            "auth-init": self._init,
            "auth-confirm": self._confirm,
            "add-contexts": self._add_contexts,
            "generate-token": self._generate_token,
            "link-carecontext": self._link_care_contexts,
        }[message]
        body = exchange.request_json
        try:
            if not isinstance(body, dict):
                raise Failure(BAD_REQUEST, "Request body must be a JSON object")
            return handler(body, exchange)
        except Failure as failure:
            answer = protocol.failure_body(api, failure.code, failure.message)
            if message == "link-carecontext" and isinstance(body, dict) and "abhaAddress" in body:
                answer["abhaAddress"] = body["abhaAddress"]
            return answer

    # ---- v0.5 users/auth ----

    def _init(self, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        query = _object(body, "query")
        patient = self._patient(query.get("id"))
        mode = query.get("authMode")
        if not isinstance(mode, str) or mode not in protocol.AUTH_MODES:
            raise Failure(BAD_REQUEST, f"authMode must be one of {', '.join(sorted(protocol.AUTH_MODES))}")
        if not isinstance(query.get("purpose"), str) or query.get("purpose") not in protocol.LINK_PURPOSES:
            raise Failure(BAD_REQUEST, "purpose must be LINK or KYC_AND_LINK to link care contexts")
        requester = _object(query, "requester")
        if requester.get("type") != "HIP" or not requester.get("id"):
            raise Failure(BAD_REQUEST, "query.requester must name the HIP (type HIP and its id)")
        authentication = Authentication(
            id=str(uuid.uuid4()),
            patient=patient,
            mode=mode,
            hip_id=str(requester["id"]),
            otp=f"{secrets.randbelow(10**6):06d}" if mode in protocol.OTP_MODES else None,
            expires_at=datetime.now(timezone.utc) + AUTH_VALIDITY,
        )
        self.authentications[authentication.id] = authentication
        return protocol.auth_started_body(authentication.id, mode, authentication.expires_at)

    def _confirm(self, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        authentication = self._open_authentication(body.get("transactionId"))
        credential = _object(body, "credential")
        if authentication.mode in protocol.OTP_MODES:
            if credential.get("authCode") != authentication.otp:
                authentication.attempts_left -= 1
                authentication.done = authentication.attempts_left == 0
                raise Failure(WRONG_OTP, "Invalid OTP")
        elif authentication.mode == "DEMOGRAPHICS":
            demographic = _object(credential, "demographic")
            date_of_birth = str(demographic.get("dateOfBirth", ""))
            _match_demographics(
                authentication.patient, demographic.get("name"), demographic.get("gender"), date_of_birth[:4]
            )
        else:
            raise Failure(BAD_REQUEST, f"a {authentication.mode} authentication is not confirmed by the HIP")
        authentication.done = True
        token = self._issue(authentication.patient, authentication.hip_id, ACCESS_TOKEN_LIFETIME, single_use=True)
        return protocol.auth_confirmed_body(token, authentication.patient)

    def decide(self, transaction_id: str, granted: bool) -> tuple[Authentication, str | None]:
        """The patient's answer, in the PHR app, to a direct-auth request: the token if granted."""
        authentication = self._open_authentication(transaction_id)
        authentication.done = True
        if not granted:
            return authentication, None
        token = self._issue(authentication.patient, authentication.hip_id, ACCESS_TOKEN_LIFETIME, single_use=True)
        return authentication, token

    def _add_contexts(self, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        link = _object(body, "link")
        issued = self._valid_token(link.get("accessToken"), exchange)
        self._link(issued, _object(link, "patient").get("careContexts"))
        return protocol.contexts_added_body()

    # ---- v3 link token ----

    def _generate_token(self, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        patient = self._patient(body.get("abhaAddress"))
        number = body.get("abhaNumber")
        if number is not None and _digits(number) != _digits(patient.abha_number):
            raise Failure(DEMOGRAPHICS_MISMATCH, "abhaNumber is not the ABHA number of abhaAddress")
        _match_demographics(patient, body.get("name"), body.get("gender"), str(body.get("yearOfBirth", "")))
        hip_id = exchange.header("X-HIP-ID")
        if not hip_id:
            raise Failure(BAD_REQUEST, "X-HIP-ID header is missing")
        token = self._issue(patient, hip_id, LINK_TOKEN_LIFETIME, single_use=False)
        return protocol.link_token_body(patient.abha_address, token)

    def _link_care_contexts(self, body: dict[str, Any], exchange: Exchange) -> dict[str, Any]:
        issued = self._valid_token(exchange.header("X-LINK-TOKEN"), exchange)
        address = str(body.get("abhaAddress", ""))
        if address.lower() != issued.abha_address.lower():
            raise Failure(OTHER_PATIENT_TOKEN, "The link token was issued for another ABHA address")
        groups = body.get("patient")
        if not isinstance(groups, list) or not groups:
            raise Failure(BAD_REQUEST, "patient must list the care contexts to link")
        contexts = []
        for group in groups:
            if not isinstance(group, dict):
                raise Failure(BAD_REQUEST, "each patient entry must be an object")
            group_contexts = group.get("careContexts")
            if not isinstance(group_contexts, list) or group.get("count") != len(group_contexts):
                raise Failure(COUNT_MISMATCH, "count must be the number of careContexts")
            contexts.extend(group_contexts)
        self._link(issued, contexts)
        return protocol.care_contexts_linked_body(address)

    def expire_link_tokens(self, abha_address: str) -> None:
        """Let every token issued for this ABHA address lapse, as six months would."""
        for issued in self.issued.values():
            if issued.abha_address.lower() == abha_address.lower():
                issued.expired = True
        self._keep()

    def foreign_link_token(self, patient: TestPatient, hip_id: str) -> str:
        """A genuine link token for this patient, issued to another HIP."""
        return self._issue(patient, hip_id, LINK_TOKEN_LIFETIME, single_use=False)

    def holder(self, token: Any) -> str | None:
        """The ABHA address a linking token was issued for; None for anything the authority never issued."""
        try:
            claims = self.tokens.verify(str(token), TokenKind.LINK)
        except InvalidToken:
            return None
        issued = self.issued.get(str(claims.get("jti")))
        return issued.abha_address if issued else None

    # ---- shared ----

    def _patient(self, abha_address: Any) -> TestPatient:
        patient = self.patients.get(str(abha_address).lower())
        if patient is None:
            raise Failure(UNKNOWN_PATIENT, f"No ABHA account {abha_address!r}")
        return patient

    def _open_authentication(self, transaction_id: Any) -> Authentication:
        authentication = self.authentications.get(str(transaction_id))
        if authentication is None:
            raise Failure(UNKNOWN_TRANSACTION, f"Unknown auth transactionId {transaction_id!r}")
        if authentication.done or datetime.now(timezone.utc) >= authentication.expires_at:
            raise Failure(UNKNOWN_TRANSACTION, "The authentication has ended; start a new one")
        return authentication

    def _issue(self, patient: TestPatient, hip_id: str, lifetime: int, single_use: bool) -> str:
        token, token_id = self.tokens.linking_token(patient.abha_address, hip_id, lifetime)
        self.issued[token_id] = IssuedToken(patient.abha_address, hip_id, single_use, time.time() + lifetime)
        self._keep()
        return token

    def _keep(self) -> None:
        self.state.keep_link_tokens({token_id: dataclasses.asdict(t) for token_id, t in self.issued.items()})

    def _valid_token(self, token: Any, exchange: Exchange) -> IssuedToken:
        if not isinstance(token, str) or not token:
            raise Failure(INVALID_LINK_TOKEN, "No linking token presented")
        try:
            claims = self.tokens.verify(token, TokenKind.LINK)
        except InvalidToken as error:
            raise Failure(INVALID_LINK_TOKEN, f"The linking token is not valid: {error}") from None
        issued = self.issued.get(str(claims.get("jti")))
        if issued is None:
            raise Failure(INVALID_LINK_TOKEN, "The token was not issued for linking")
        if issued.expired:
            raise Failure(INVALID_LINK_TOKEN, "The link token has expired")
        if issued.single_use and issued.used:
            raise Failure(INVALID_LINK_TOKEN, "The access token has already been used")
        if issued.hip_id != exchange.header("X-HIP-ID"):
            raise Failure(OTHER_HIP_TOKEN, f"The token was issued to HIP {issued.hip_id}, not this one")
        return issued

    def _link(self, issued: IssuedToken, care_contexts: Any) -> None:
        if not isinstance(care_contexts, list) or not care_contexts:
            raise Failure(BAD_REQUEST, "careContexts must name at least one care context")
        references = {str(c.get("referenceNumber")) for c in care_contexts if isinstance(c, dict)}
        issued.used = True
        self._keep()
        self.linked.setdefault(issued.abha_address.lower(), set()).update(references)


def _object(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if not isinstance(value, dict):
        raise Failure(BAD_REQUEST, f"{key} must be an object")
    return value


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value))


def _match_demographics(patient: TestPatient, name: Any, gender: Any, year: str) -> None:
    """The demographics the patient gave must be those of their ABHA account (year of birth only:
    the test patients carry no full date)."""
    same_name = " ".join(str(name).split()).casefold() == " ".join(patient.name.split()).casefold()
    if not same_name or gender != patient.gender or year != str(patient.year_of_birth):
        raise Failure(DEMOGRAPHICS_MISMATCH, "The demographic details do not match the ABHA account")
