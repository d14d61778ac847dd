"""What the HIU holds, in memory: the patients it looked up, the consent requests it made and
the artefacts granted under them, its open health-information requests and transfers, and
the records received — until a consent's revocation, expiry or dataEraseAt erases them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from reference_apps.common.fidelius import KeyPair

if TYPE_CHECKING:
    from reference_apps.hiu.data_push import Outcome
    from reference_apps.hiu.versions import ApiVersion

# The consent request's status until the consent manager answers the init; then ABDM's statuses.
PENDING = "PENDING"
FAILED = "FAILED"  # the gateway refused the init, or on-init reported an error
REQUESTED, GRANTED, DENIED, REVOKED, EXPIRED = "REQUESTED", "GRANTED", "DENIED", "REVOKED", "EXPIRED"
REJECTED = "REJECTED"  # an artefact the HIU will not use: not granted, or not for this HIU


@dataclass(frozen=True)
class DateRange:
    start: datetime  # the wire's "from"
    end: datetime  # the wire's "to"


@dataclass
class PatientLookup:
    """The answer to a patient find: None until it comes."""

    found: bool | None = None
    name: str | None = None


@dataclass
class ConsentRequest:
    abha_address: str
    created_at: datetime
    date_range: DateRange
    data_erase_at: datetime  # as sent in the init
    hi_types: tuple[str, ...]  # as sent in the init
    init_request_id: str  # on-init names it, and so tells which request it created
    id: str | None = None  # the consent manager's consentRequest.id, once on-init came
    status: str = PENDING
    artefact_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ArtefactDetail:
    """What a fetched, accepted artefact grants."""

    hip_id: str
    date_range: DateRange
    data_erase_at: datetime


@dataclass
class Artefact:
    id: str
    consent_request: ConsentRequest
    status: str = GRANTED  # as notified; REJECTED once fetched if unusable; REVOKED or EXPIRED later
    detail: ArtefactDetail | None = None  # once fetched and accepted
    rejection: str | None = None  # why it was rejected


@dataclass(frozen=True)
class DataRequest:
    """A health-information request sent, waiting for on-request to name its transaction."""

    consent_id: str
    keys: KeyPair
    nonce: bytes


@dataclass
class Transfer:
    """A transaction whose pages the HIP pushes, decrypted with the request's keys."""

    transaction_id: str
    consent_id: str
    keys: KeyPair
    nonce: bytes
    version: ApiVersion  # of the request: the transfer notify goes in it
    page_count: int = 0
    received: set[int] = field(default_factory=set)  # page numbers accepted
    processed: set[int] = field(default_factory=set)  # page numbers decrypted and stored
    outcomes: list[Outcome] = field(default_factory=list)  # one per entry, in arrival order
    notified: bool = False


@dataclass(frozen=True)
class Record:
    consent_id: str
    abha_address: str
    care_context_reference: str
    hi_type: str  # ABDM's HI type, as the bundle's Composition.type says
    bundle: dict[str, Any]


@dataclass
class Store:
    patients: dict[str, PatientLookup] = field(default_factory=dict)  # by lower-cased ABHA address
    pending_finds: dict[str, str] = field(default_factory=dict)  # find requestId → lower-cased ABHA address
    consent_requests: list[ConsentRequest] = field(default_factory=list)  # in the order made
    artefacts: dict[str, Artefact] = field(default_factory=dict)  # by consent artefact id
    pending_fetches: dict[str, Artefact] = field(default_factory=dict)  # by the fetch's requestId
    pending_data_requests: dict[str, DataRequest] = field(default_factory=dict)  # by the request's requestId
    transfers: dict[str, Transfer] = field(default_factory=dict)  # by transactionId, in the order opened
    records: list[Record] = field(default_factory=list)

    def consent_request(self, consent_request_id: str) -> ConsentRequest | None:
        return next((r for r in self.consent_requests if r.id == consent_request_id), None)

    def consent_request_sent_as(self, init_request_id: str) -> ConsentRequest | None:
        return next((r for r in self.consent_requests if r.init_request_id == init_request_id), None)

    def last_transfer(self) -> Transfer | None:
        return next(reversed(self.transfers.values()), None)

    def erase(self, consent_ids: Iterable[str]) -> None:
        """Drop every record received under these artefacts."""
        erased = set(consent_ids)
        self.records = [record for record in self.records if record.consent_id not in erased]
