"""Deliberate mistakes the reference HIP can be started with, to show the harness catches them.

Each switch is consulted at the one place its mistake happens; with no switch on, the
HIP behaves as ABDM expects.
"""

from __future__ import annotations

from collections.abc import Iterable

DEFECTS: dict[str, str] = {
    "no_token_check": "accepts bridge requests without a token or with one not signed by the gateway",
    "wrong_request_id": "callbacks carry a random response.requestId (v3) / resp.requestId (v0.5)",
    "new_transaction_id": "on-discover carries a fresh transactionId instead of echoing the received one",
    "missing_display": "on-discover care contexts omit display",
    "wrong_count": "v3 on-discover count is one more than the number of care contexts",
    "links_unselected_contexts": "on-confirm links and returns all the patient's care contexts, not only those asked",
    "accepts_wrong_otp": "link confirm accepts any OTP",
    "finds_anyone": "discovery of an unknown person returns the first patient in the store",
    "ignores_unknown_transaction": "link init accepted with an unknown transactionId or others' care contexts",
    "reuses_request_id": "every call to the gateway reuses one fixed REQUEST-ID (v3) / requestId (v0.5)",
    "ist_timestamp": "TIMESTAMP header / v0.5 timestamp in IST (+05:30) instead of UTC",
    "no_callback": "answers 202 to discover but never calls back",
    "garbage_callback": "on-discover is sent as text/html garbage",
    "hostile_display": "care-context displays carry script, markup, an Aadhaar number, a token and 200 KB of text",
    "slow_ack": "answers discover only after 3 seconds, past the harness's deadline for an answer",
    "server_error": "answers discover with HTTP 500",
    "acks_unknown_consent": "an HI request under a consent never received is served (the first patient's records)",
    "forgets_granted_consent": "GRANTED consent notifications are acknowledged but the consent is not saved",
    "serves_after_revoke": "REVOKED consent notifications are acknowledged but ignored",
    "serves_after_expiry": "EXPIRED consent notifications and a passed dataEraseAt are ignored",
    "ignores_consent_date_range": "a requested date range outside the consented one is served",
    "pushes_unconsented_hi_type": "pushes all the consent's patients' care contexts in range, whatever their HI type",
    "strips_gcm_tag": "pushed content is the ciphertext without its 16-byte GCM tag",
    "wrong_checksum": "pushed checksum is the MD5 of the ciphertext, not of the FHIR bundle",
    "composition_not_first": "pushed bundles have the Patient as first entry and the Composition second",
    "no_transfer_notify": "pushes the records but never sends the health-information notify",
    "wrong_transaction_in_push": "the data push carries a fresh transactionId instead of the request's",
    "keeps_consents_after_optout": "patient status DEACTIVATED/DELETED is acknowledged but nothing is forgotten",
    "same_token_number": "every profile share gets token number 1, whoever else holds it at the counter",
    "short_token_expiry": "v3 on-share announces a token expiry of 300 seconds instead of 1800",
    "sms_with_abha_address": "the deep-link SMS notify's phoneNo carries the patient's ABHA address, not the mobile",
    "incomplete_auth_request": "v0.5 users/auth/init omits requester; v3 generate-token omits yearOfBirth",
    "no_auth_callback_route": "the bridge has no route for v0.5 users/auth/on-init nor v3 on-generate-token (404)",
    "links_before_otp_confirmed": "v0.5 OTP linking sends add-contexts at on-init, the auth transactionId as token",
    "ignores_auth_error": "an auth error or DENIED still links: v0.5 with the transactionId as token, v3 tokenless",
    "link_omits_display": "care contexts in add-contexts / link/carecontext carry no display",
    "no_direct_auth_ack": "v0.5 users/auth/notify is answered 202 but never acknowledged with on-notify",
    "wrong_demographics": "the year of birth sent for linking is one off (v0.5 dateOfBirth, v3 yearOfBirth)",
    "reuses_access_token": "v0.5 links an ABHA address again with the access token of its last link (no auth/init)",
    "reuses_expired_link_token": "v3: a link refused with ABDM-1026 is given up, the token kept, no new one fetched",
    "trusts_unsolicited_link_token": "v3: an on-generate-token answering no request of the HIP's is kept as link token",
    "forgets_hip_initiated_links": "a successful on-add-contexts / on_carecontext is accepted but nothing is linked",
}


class Defects:
    """The switches turned on for one app instance."""

    def __init__(self, names: Iterable[str] = ()):
        self._on = frozenset(names)
        if unknown := self._on - DEFECTS.keys():
            raise ValueError(f"unknown defects {', '.join(sorted(unknown))}; valid: {', '.join(DEFECTS)}")

    def enabled(self, name: str) -> bool:
        if name not in DEFECTS:  # a misspelt switch in the app would otherwise silently never fire
            raise KeyError(name)
        return name in self._on
