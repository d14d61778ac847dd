"""The reference HIU's defect switches: name → the deliberate mistake it turns on, to show the
harness catches it. How a switch is turned on and consulted: common/defects.py.
"""

from __future__ import annotations

DEFECTS: dict[str, str] = {
    "find_without_requester": "the v0.5 patient find omits query.requester",
    "past_data_erase_at": "consent init's dataEraseAt is yesterday",
    "unknown_hi_type": 'consent init lists "Prescriptions" in place of "Prescription"',
    "status_never_updated": "consent notify and on-status do not change the stored consent request status",
    "fetches_after_denial": "on DENIED calls consents/fetch with the consentRequestId and requests data under it",
    "skips_artefact_fetch": "on GRANTED requests data under the artefact ids without fetching the artefacts",
    "trusts_other_hiu_artefact": "requests data under a fetched artefact that names another HIU",
    "reuses_key_material": "one key pair and nonce for every health-information request of the process",
    "ignores_gcm_tag": "decrypts without verifying the GCM tag: an entry with a corrupted tag is stored and OK",
    "accepts_wrong_transaction": "a push with an unknown transactionId is answered 202 and stored under the last one",
    "stores_duplicate_pages": "a page pushed again is stored again",
    "keeps_data_after_revoke": "REVOKED consent notifications erase nothing",
    "keeps_data_after_expiry": "EXPIRED consent notifications erase nothing",
    "ignores_data_erase_at": "records are kept, and pushes taken, past the artefact's dataEraseAt",
    "accepts_push_after_revoke": "a push under a revoked consent is answered 202 and stored",
    "no_transfer_notify": "receives the pushed records but never sends the health-information notify",
    "notify_all_ok": "the transfer notify's statusResponses say OK for every entry, errored or not",
    "mislabels_hi_type": "every record is shown under the first HI type its consent request asked for",
    "no_token_check": "accepts bridge requests without a token or with one not signed by the gateway",
}
