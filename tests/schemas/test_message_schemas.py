"""The message schemas accept the spec's own examples and point at what is wrong in broken ones.

Examples follow ../shared/reference/abdm-api.md §3.1, §4.4, §4.5, §5.1, §5.2, §5.3, §5.4, §5.5, §5.6, §5.7,
§6.1, §6.2, §6.3, §6.4, §6.5, §6.6 and §6.7.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from abdm_conformance.schemas import API_VERSIONS, SCHEMA_ROOT, message_names, validate_message

MESSAGES = [
    "consent-fetch",
    "consent-notify",
    "consent-request-init",
    "consent-request-status",
    "data-push",
    "discover",
    "gateway-error",
    "hi-notify",
    "hi-request",
    "hiu-consent-notify",
    "hiu-hi-notify",
    "hiu-hi-request",
    "link-confirm",
    "link-init",
    "on-consent-fetch",
    "on-consent-notify",
    "on-consent-request-init",
    "on-consent-request-status",
    "on-discover",
    "on-hi-request",
    "on-hiu-consent-notify",
    "on-hiu-hi-request",
    "on-link-confirm",
    "on-link-init",
    "on-profile-share",
    "on-sms-notify",
    "profile-share",
    "session-request",
    "session-response",
    "sms-notify",
]
V05_ONLY_MESSAGES = [
    "on-patient-status-notify",  # no v3 equivalent (§9 item 11)
    "patient-status-notify",
    # users/auth and add-contexts: v3 links with a link token instead (§4.4, §5.3)
    "add-contexts",
    "auth-confirm",
    "auth-init",
    "auth-notify",
    "on-add-contexts",
    "on-auth-confirm",
    "on-auth-init",
    "on-auth-notify",
    "on-patient-find",  # no v3 equivalent either (§6.1, §9 item 11)
    "patient-find",
]
V3_ONLY_MESSAGES = ["generate-token", "link-carecontext", "on-generate-token", "on-link-carecontext"]
REQUEST_ID = "5f7a535d-a3fd-416b-b069-c97d021fbacd"
ANSWERED_ID = "499a5a4a-7dda-4f20-9b67-e24589627061"
TRANSACTION_ID = "f901b782-bfdf-4224-9f8d-da2cadc20c0d"
TIMESTAMP = "2024-01-12T10:11:12.345Z"
OPD_VISIT = {"referenceNumber": "VISIT-2024-01", "display": "OPD 12 Jan 2024"}
SESSION_RESPONSE = {
    "accessToken": "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
    "expiresIn": 1200,
    "refreshExpiresIn": 1800,
    "refreshToken": "eyJhbGciOiJSUzI1NiJ9.e30.cmVm",
    "tokenType": "bearer",
}
RAVI = {"referenceNumber": "PUID-001", "display": "Ravi Kumar"}
V3_OPD = {**RAVI, "careContexts": [OPD_VISIT], "hiType": "OPConsultation", "count": 1}
V05_IDS = {"requestId": REQUEST_ID, "timestamp": TIMESTAMP}
V3_ANSWER = {"response": {"requestId": ANSWERED_ID}}
V05_ANSWER = {**V05_IDS, "resp": {"requestId": ANSWERED_ID}}
CONSENT_ID = "0f3a6d2c-9b1e-4c7a-8e5d-2a4b6c8d0e1f"
HIP_ID = "HIP-SBX-0042"
HIU_ID = "HIU-SBX-0007"
V05_CONSENT_DETAIL = {
    "schemaVersion": "v1",
    "consentId": CONSENT_ID,
    "createdAt": "2024-01-12T10:15:00.000Z",
    "patient": {"id": "ravi.kumar@sbx"},
    "careContexts": [{"patientReference": "PUID-001", "careContextReference": "VISIT-2024-01"}],
    "purpose": {
        "text": "Care Management",
        "code": "CAREMGT",
        "refUri": "http://terminology.hl7.org/ValueSet/v3-PurposeOfUse",
    },
    "hip": {"id": HIP_ID, "name": "City Clinic"},
    "consentManager": {"id": "sbx"},
    "hiTypes": ["OPConsultation", "Prescription"],
    "permission": {
        "accessMode": "VIEW",
        "dateRange": {"from": "2023-01-01T00:00:00.000Z", "to": "2024-01-12T00:00:00.000Z"},
        "dataEraseAt": "2024-07-12T00:00:00.000Z",
        "frequency": {"unit": "HOUR", "value": 1, "repeats": 0},
    },
}
V3_CONSENT_DETAIL = {
    **V05_CONSENT_DETAIL,
    "schemaVersion": "v3",
    "hip": {"id": HIP_ID, "name": "City Clinic", "type": "HIP"},
    "hiu": {"id": HIU_ID, "name": "Metro Diagnostics", "type": "HIU"},
    "requester": {
        "name": "Dr. Manju",
        "identifier": {"type": "REGNO", "value": "MH1001", "system": "https://www.mciindia.org"},
    },
    "hiTypes": ["OPConsultation", "Invoice"],
}
CONSENT_SIGNATURE = "e8nY601CYDsC0FKoDjSp+7GeQ2s2R8oZncLCz5ce+pEuDOr5bZV0aaHjwJg4b9S9V+twjt4hbojx3fl7egrt8+0c=="
HI_REQUEST = {
    "consent": {"id": CONSENT_ID},
    "dateRange": {"from": "2023-06-01T00:00:00.000Z", "to": "2024-01-12T00:00:00.000Z"},
    "dataPushUrl": "https://hiu.example/data/push",
    "keyMaterial": {
        "cryptoAlg": "ECDH",
        "curve": "Curve25519",
        "dhPublicKey": {
            "expiry": "2024-01-13T10:20:00.000Z",
            "parameters": "Curve25519/32byte random key",
            "keyValue": "BFN7KTdOT0jIAExG2A8Jg+01wMPWxptiGqwHRVvtiVEsUq2FR7P2UdqZxJyPJSeR6muai21iQhasNxnhh8I5M+g=",
        },
        "nonce": "6a3MzK5CqUoQ2n4E9g8YtB1xR7vW0pLs3dF5hJ2kN4A=",
    },
}
DATA_PUSH = {
    "pageNumber": 0,
    "pageCount": 1,
    "transactionId": TRANSACTION_ID,
    "entries": [
        {
            "content": "q1w2e3r4t5y6u7i8o9p0YWVzLWdjbS1jaXBoZXJ0ZXh0fHx0YWc=",
            "media": "application/fhir+json",
            "checksum": "XrY7u+Ae7tCTyyK7j1rNww==",
            "careContextReference": "VISIT-2024-01",
        }
    ],
    "keyMaterial": {
        "cryptoAlg": "ECDH",
        "curve": "Curve25519",
        "dhPublicKey": {
            "expiry": "2024-01-13T10:20:00.000Z",
            "parameters": "Curve25519/32byte random key",
            "keyValue": "BC9w3mN5kQ1rT7uY2iO4pA6sD8fG0hJ3kL5zX7cV9bN1mQ2wE4rT6yU8iO0pA2sD4fG6hJ8kL0zX2cV4bN6mQ8w=",
        },
        "nonce": "3kL5zX7cV9bN1mQ2wE4rT6yU8iO0pA2sD4fG6hJ8kL0=",
    },
}
HI_NOTIFICATION = {
    "consentId": CONSENT_ID,
    "transactionId": TRANSACTION_ID,
    "doneAt": "2024-01-12T10:30:00.000Z",
    "notifier": {"type": "HIP", "id": HIP_ID},
    "statusNotification": {
        "sessionStatus": "TRANSFERRED",
        "hipId": HIP_ID,
        "statusResponses": [
            {"careContextReference": "VISIT-2024-01", "hiStatus": "DELIVERED", "description": "Delivered"}
        ],
    },
}
HIU_NOTIFICATION = {  # the HIU's notify after decrypting, on the same endpoint
    **HI_NOTIFICATION,
    "notifier": {"type": "HIU", "id": HIU_ID},
    "statusNotification": {
        **HI_NOTIFICATION["statusNotification"],
        "statusResponses": [{"careContextReference": "VISIT-2024-01", "hiStatus": "OK", "description": "Decrypted"}],
    },
}

V3_SHARED_PROFILE = {
    "patient": {
        "abhaNumber": "91-1783-8610-1731",
        "abhaAddress": "ravi.kumar@sbx",
        "name": "Ravi Kumar",
        "gender": "M",
        "dayOfBirth": 14,
        "monthOfBirth": 8,
        "yearOfBirth": 1986,
        "address": {"line": "12 MG Road", "district": "Pune", "state": "Maharashtra", "pincode": "411001"},
        "phoneNumber": "9876543210",
    }
}
V05_SHARED_PROFILE = {
    "hipCode": "COUNTER-7",
    "patient": {
        "healthId": "ravi.kumar@sbx",
        "healthIdNumber": "91-1783-8610-1731",
        "name": "Ravi Kumar",
        "gender": "M",
        "yearOfBirth": 1986,
        "address": {"line": "12 MG Road", "district": "Pune", "state": "Maharashtra", "pincode": "411001"},
        "identifiers": [{"type": "MOBILE", "value": "9876543210"}],
    },
}
LINK_TOKEN = "eyJhbGciOiJSUzUxMiJ9.eyJzdWIiOiJyYXZpLmt1bWFyQHNieCJ9.c2ln"
TOKEN_ABHA_ADDRESS = "91178386101731@sbx"  # §4.4 and §5.3 examples
AUTH_PATIENT = {  # PatientDemographicResponse
    "id": "ravi.kumar@sbx",
    "name": "Ravi Kumar",
    "gender": "M",
    "yearOfBirth": 1986,
    "monthOfBirth": 8,
    "dayOfBirth": 14,
    "address": V05_SHARED_PROFILE["patient"]["address"],
    "identifiers": V05_SHARED_PROFILE["patient"]["identifiers"],
}
DEMOGRAPHIC = {"name": "Ravi Kumar", "gender": "M", "dateOfBirth": "1986-08-14"}
CONSENT_REQUEST_ID = "e3c74829-3f82-4f94-959e-e10f57bcd57b"
V05_CONSENT_REQUEST = {  # §6.2
    "purpose": V05_CONSENT_DETAIL["purpose"],
    "patient": {"id": "ravi.kumar@sbx"},
    "hiu": {"id": HIU_ID},
    "requester": V3_CONSENT_DETAIL["requester"],
    "hiTypes": ["OPConsultation", "Prescription"],
    "permission": V05_CONSENT_DETAIL["permission"],
}
V3_CONSENT_REQUEST = {**V05_CONSENT_REQUEST, "hiu": {"id": HIU_ID, "name": "Metro Diagnostics"}}
V05_FETCHED_DETAIL = {**V05_CONSENT_DETAIL, "hiu": {"id": HIU_ID}, "requester": V3_CONSENT_DETAIL["requester"]}
V3_FETCHED_DETAIL = {  # S4's on-fetch layout: dataEraseAt and frequency beside permission (§6.5, §9 item 4)
    **V3_CONSENT_DETAIL,
    "permission": {"accessMode": "VIEW", "dateRange": V05_CONSENT_DETAIL["permission"]["dateRange"]},
    "dataEraseAt": V05_CONSENT_DETAIL["permission"]["dataEraseAt"],
    "frequency": V05_CONSENT_DETAIL["permission"]["frequency"],
    "lastUpdated": "2024-01-12T10:15:00.000Z",
}
GRANTED_REQUEST = {
    "consentRequestId": CONSENT_REQUEST_ID,
    "status": "GRANTED",
    "consentArtefacts": [{"id": CONSENT_ID}],
}
V3_HIU_NOTIFICATION = {  # the HIU's v3 word for a received push (§6.7, §9 item 6)
    **HIU_NOTIFICATION,
    "statusNotification": {**HIU_NOTIFICATION["statusNotification"], "sessionStatus": "RECEIVED"},
}

VALID: dict[tuple[str, str], dict[str, Any]] = {
    ("v3", "session-request"): {"clientId": "SBX_000000", "clientSecret": "s3cret", "grantType": "client_credentials"},
    ("v3", "session-response"): SESSION_RESPONSE,
    ("v3", "gateway-error"): {"error": {"code": "ABDM-1017", "message": "Invalid TransactionId"}},
    ("v3", "discover"): {
        **V05_IDS,  # v3 carries them as headers, but a body may repeat them
        "transactionId": TRANSACTION_ID,
        "patient": {
            "id": "ravi.kumar@sbx",
            "verifiedIdentifiers": [
                {"type": "MOBILE", "value": "9876543210"},
                {"type": "ABHA_NUMBER", "value": "91-1783-8610-1731"},
            ],
            "unverifiedIdentifiers": [{"type": "MR", "value": "MR-7781"}],
            "name": "Ravi Kumar",
            "gender": "M",
            "yearOfBirth": 1986,
        },
    },
    ("v3", "on-discover"): {"transactionId": TRANSACTION_ID, "patient": [V3_OPD], "matchedBy": ["MOBILE"], **V3_ANSWER},
    ("v3", "link-init"): {"transactionId": TRANSACTION_ID, "abhaAddress": "ravi.kumar@sbx", "patient": [V3_OPD]},
    ("v3", "on-link-init"): {
        "transactionId": TRANSACTION_ID,
        "link": {
            "referenceNumber": "LINK-REF-1",
            "authenticationType": "DIRECT",
            "meta": {
                "communicationMedium": "MOBILE",
                "communicationHint": "OTP",
                "communicationExpiry": "2024-01-12T10:21:12.345Z",
            },
        },
        **V3_ANSWER,
    },
    ("v3", "link-confirm"): {"confirmation": {"linkRefNumber": "LINK-REF-1", "token": "123456"}},
    ("v3", "on-link-confirm"): {"patient": [V3_OPD], **V3_ANSWER},
    ("v3", "consent-notify"): {
        "notification": {
            "status": "GRANTED",
            "consentId": CONSENT_ID,
            "consentDetail": V3_CONSENT_DETAIL,
            "signature": CONSENT_SIGNATURE,
            "grantAcknowledgement": False,
        }
    },
    ("v3", "on-consent-notify"): {"acknowledgement": {"status": "OK", "consentId": CONSENT_ID}, **V3_ANSWER},
    ("v3", "hi-request"): {"transactionId": TRANSACTION_ID, "hiRequest": HI_REQUEST},
    ("v3", "on-hi-request"): {
        "hiRequest": {"transactionId": TRANSACTION_ID, "sessionStatus": "ACKNOWLEDGED"},
        **V3_ANSWER,
    },
    ("v3", "data-push"): DATA_PUSH,
    ("v3", "hi-notify"): {"notification": HI_NOTIFICATION},
    ("v3", "profile-share"): {
        "intent": "PROFILE_SHARE",
        "metaData": {
            "hipId": HIP_ID,
            "context": "COUNTER-7",
            "hprId": None,
            "latitude": "18.5204",
            "longitude": "73.8567",
        },
        "profile": V3_SHARED_PROFILE,
    },
    ("v3", "on-profile-share"): {
        "acknowledgement": {
            "abhaAddress": "ravi.kumar@sbx",
            "status": "SUCCESS",
            "profile": {"context": "COUNTER-7", "tokenNumber": "42", "expiry": "1800"},
        },
        **V3_ANSWER,
    },
    ("v0.5", "session-request"): {"clientId": "SBX_000000", "clientSecret": "s3cret"},
    ("v0.5", "session-response"): SESSION_RESPONSE,
    ("v0.5", "gateway-error"): {"error": {"code": 1016, "message": "Invalid timestamp"}},
    ("v0.5", "discover"): {
        **V05_IDS,
        "transactionId": TRANSACTION_ID,
        "patient": {
            "id": "ravi.kumar@sbx",
            "verifiedIdentifiers": [{"type": "MOBILE", "value": "+919800083232"}],
            "unverifiedIdentifiers": [],
            "name": "Ravi Kumar",
            "gender": "M",
            "yearOfBirth": 1986,
        },
    },
    ("v0.5", "on-discover"): {
        "transactionId": TRANSACTION_ID,
        "patient": {**RAVI, "careContexts": [OPD_VISIT], "matchedBy": ["MOBILE"]},
        **V05_ANSWER,
    },
    ("v0.5", "link-init"): {
        **V05_IDS,
        "transactionId": TRANSACTION_ID,
        "patient": {
            "id": "ravi.kumar@sbx",
            "referenceNumber": "PUID-001",
            "careContexts": [{"referenceNumber": "VISIT-2024-01"}],
        },
    },
    ("v0.5", "on-link-init"): {
        "transactionId": TRANSACTION_ID,
        "link": {
            "referenceNumber": "LINK-REF-1",
            "authenticationType": "MEDIATED",
            "meta": {"communicationMedium": "MOBILE"},
        },
        **V05_ANSWER,
    },
    ("v0.5", "link-confirm"): {**V05_IDS, "confirmation": {"linkRefNumber": "LINK-REF-1", "token": "123456"}},
    ("v0.5", "on-link-confirm"): {"patient": {**RAVI, "careContexts": [OPD_VISIT]}, **V05_ANSWER},
    ("v0.5", "consent-notify"): {
        **V05_IDS,
        "notification": {
            "status": "GRANTED",
            "consentId": CONSENT_ID,
            "consentDetail": V05_CONSENT_DETAIL,
            "signature": CONSENT_SIGNATURE,
            "grantAcknowledgement": False,
        },
    },
    ("v0.5", "on-consent-notify"): {"acknowledgement": {"status": "OK", "consentId": CONSENT_ID}, **V05_ANSWER},
    ("v0.5", "hi-request"): {**V05_IDS, "transactionId": TRANSACTION_ID, "hiRequest": HI_REQUEST},
    ("v0.5", "on-hi-request"): {
        "hiRequest": {"transactionId": TRANSACTION_ID, "sessionStatus": "ACKNOWLEDGED"},
        **V05_ANSWER,
    },
    ("v0.5", "data-push"): DATA_PUSH,
    ("v0.5", "hi-notify"): {**V05_IDS, "notification": HI_NOTIFICATION},
    ("v0.5", "profile-share"): {
        **V05_IDS,
        "intent": {"type": "REGISTRATION"},
        "location": {"latitude": "18.5204", "longitude": "73.8567"},
        "profile": V05_SHARED_PROFILE,
    },
    ("v0.5", "on-profile-share"): {
        "acknowledgement": {"status": "SUCCESS", "healthId": "ravi.kumar@sbx", "tokenNumber": "42"},
        **V05_ANSWER,
    },
    ("v0.5", "patient-status-notify"): {
        **V05_IDS,
        "notification": {"status": "DEACTIVATED", "patient": {"id": "ravi.kumar@sbx"}},
    },
    ("v0.5", "on-patient-status-notify"): {"acknowledgment": {"status": "OK"}, **V05_ANSWER},
    ("v3", "sms-notify"): {"notification": {"phoneNo": "+91-9876543210", "hip": {"id": HIP_ID, "name": "City Clinic"}}},
    ("v3", "on-sms-notify"): {"acknowledgement": {"status": "SUCCESS"}, **V3_ANSWER},
    ("v0.5", "sms-notify"): {
        **V05_IDS,
        "notification": {"phoneNo": "+91-9876543210", "hip": {"id": HIP_ID, "name": "City Clinic"}},
    },
    ("v0.5", "on-sms-notify"): {"status": "ACKNOWLEDGED", **V05_ANSWER},
    ("v0.5", "auth-init"): {
        **V05_IDS,
        "query": {
            "id": "ravi.kumar@sbx",
            "purpose": "KYC_AND_LINK",
            "authMode": "MOBILE_OTP",
            "requester": {"type": "HIP", "id": HIP_ID},
        },
    },
    ("v0.5", "on-auth-init"): {
        "auth": {"transactionId": TRANSACTION_ID, "mode": "MOBILE_OTP", "meta": {"hint": None, "expiry": TIMESTAMP}},
        **V05_ANSWER,
    },
    ("v0.5", "auth-confirm"): {**V05_IDS, "transactionId": TRANSACTION_ID, "credential": {"authCode": "123456"}},
    ("v0.5", "on-auth-confirm"): {"auth": {"accessToken": LINK_TOKEN, "patient": AUTH_PATIENT}, **V05_ANSWER},
    ("v0.5", "auth-notify"): {
        **V05_IDS,
        "auth": {
            "transactionId": TRANSACTION_ID,
            "status": "GRANTED",
            "accessToken": LINK_TOKEN,
            "validity": {
                "purpose": "LINK",
                "requester": {"type": "HIP", "id": HIP_ID},
                "expiry": TIMESTAMP,
                "limit": 1,
            },
            "patient": AUTH_PATIENT,
        },
    },
    ("v0.5", "on-auth-notify"): {"acknowledgement": {"status": "OK"}, **V05_ANSWER},
    ("v0.5", "add-contexts"): {
        **V05_IDS,
        "link": {"accessToken": LINK_TOKEN, "patient": {**RAVI, "careContexts": [OPD_VISIT]}},
    },
    ("v0.5", "on-add-contexts"): {"acknowledgement": {"status": "SUCCESS"}, **V05_ANSWER},
    ("v3", "generate-token"): {
        "abhaNumber": 91178386101731,
        "abhaAddress": TOKEN_ABHA_ADDRESS,
        "name": "Mayur Bapu Chaskar",
        "gender": "M",
        "yearOfBirth": 1994,
    },
    ("v3", "on-generate-token"): {"abhaAddress": TOKEN_ABHA_ADDRESS, "linkToken": LINK_TOKEN, **V3_ANSWER},
    ("v3", "link-carecontext"): {
        "abhaNumber": "91178386101731",
        "abhaAddress": TOKEN_ABHA_ADDRESS,
        "patient": [V3_OPD],
    },
    ("v3", "on-link-carecontext"): {
        "abhaAddress": TOKEN_ABHA_ADDRESS,
        "status": "Successfully Linked care context",
        **V3_ANSWER,
    },
    ("v0.5", "patient-find"): {
        **V05_IDS,
        "query": {"patient": {"id": "ravi.kumar@sbx"}, "requester": {"type": "HIU", "id": HIU_ID}},
    },
    ("v0.5", "on-patient-find"): {"patient": {"id": "ravi.kumar@sbx", "name": "Ravi Kumar"}, **V05_ANSWER},
    ("v3", "consent-request-init"): {"consent": V3_CONSENT_REQUEST},
    ("v3", "on-consent-request-init"): {"consentRequest": {"id": CONSENT_REQUEST_ID}, **V3_ANSWER},
    ("v3", "consent-request-status"): {"consentRequestId": CONSENT_REQUEST_ID},
    ("v3", "on-consent-request-status"): {
        "consentRequest": {"id": CONSENT_REQUEST_ID, "status": "GRANTED", "consentArtefacts": [{"id": CONSENT_ID}]},
        **V3_ANSWER,
    },
    ("v3", "hiu-consent-notify"): {"notification": {**GRANTED_REQUEST, "reason": None}},
    ("v3", "on-hiu-consent-notify"): {"acknowledgement": [{"status": "OK", "consentId": CONSENT_ID}], **V3_ANSWER},
    ("v3", "consent-fetch"): {"consentId": CONSENT_ID},
    ("v3", "on-consent-fetch"): {
        "consent": {"status": "GRANTED", "consentDetail": V3_FETCHED_DETAIL, "signature": CONSENT_SIGNATURE},
        "error": None,
        **V3_ANSWER,
    },
    ("v3", "hiu-hi-request"): {"hiRequest": HI_REQUEST},
    ("v3", "on-hiu-hi-request"): {
        "hiRequest": {"transactionId": TRANSACTION_ID, "sessionStatus": "REQUESTED"},
        **V3_ANSWER,
    },
    ("v3", "hiu-hi-notify"): {"notification": V3_HIU_NOTIFICATION},
    ("v0.5", "consent-request-init"): {**V05_IDS, "consent": V05_CONSENT_REQUEST},
    ("v0.5", "on-consent-request-init"): {"consentRequest": {"id": CONSENT_REQUEST_ID}, **V05_ANSWER},
    ("v0.5", "consent-request-status"): {**V05_IDS, "consentRequestId": CONSENT_REQUEST_ID},
    ("v0.5", "on-consent-request-status"): {
        "consentRequest": {"id": CONSENT_REQUEST_ID, "status": "GRANTED", "consentArtefacts": [{"id": CONSENT_ID}]},
        **V05_ANSWER,
    },
    ("v0.5", "hiu-consent-notify"): {**V05_IDS, "notification": GRANTED_REQUEST},
    ("v0.5", "on-hiu-consent-notify"): {"acknowledgement": [{"status": "OK", "consentId": CONSENT_ID}], **V05_ANSWER},
    ("v0.5", "consent-fetch"): {**V05_IDS, "consentId": CONSENT_ID},
    ("v0.5", "on-consent-fetch"): {
        "consent": {"status": "GRANTED", "consentDetail": V05_FETCHED_DETAIL, "signature": CONSENT_SIGNATURE},
        **V05_ANSWER,
    },
    ("v0.5", "hiu-hi-request"): {**V05_IDS, "hiRequest": HI_REQUEST},
    ("v0.5", "on-hiu-hi-request"): {
        "hiRequest": {"transactionId": TRANSACTION_ID, "sessionStatus": "REQUESTED"},
        **V05_ANSWER,
    },
    ("v0.5", "hiu-hi-notify"): {**V05_IDS, "notification": HIU_NOTIFICATION},
}

# Further bodies the specs allow that the examples above do not show.
LINK_ENTRY = {**DATA_PUSH["entries"][0], "link": "https://hip.example/fhir/bundle/7781"}
del LINK_ENTRY["content"]
OTHER_VALID: list[tuple[str, str, dict[str, Any]]] = [
    ("v3", "consent-notify", {"notification": {"status": "REVOKED", "consentId": CONSENT_ID}}),
    (
        "v3",
        "consent-notify",
        {"notification": {"status": "EXPIRED", "consentId": CONSENT_ID, "consentDetail": None, "signature": None}},
    ),
    ("v3", "on-consent-notify", {"acknowledgement": {"status": "UNKNOWN", "consentId": CONSENT_ID}, **V3_ANSWER}),
    ("v3", "on-hi-request", {"hiRequest": {"transactionId": TRANSACTION_ID, "sessionStatus": "ERRORED"}, **V3_ANSWER}),
    ("v3", "data-push", {**DATA_PUSH, "entries": [LINK_ENTRY]}),
    ("v3", "data-push", {**DATA_PUSH, "pageNumber": 2, "pageCount": 3, "entries": []}),
    (
        "v3",
        "hi-notify",
        {
            "notification": {
                **HIU_NOTIFICATION,
                "statusNotification": {**HIU_NOTIFICATION["statusNotification"], "sessionStatus": "RECEIVED"},
            }
        },
    ),
    (
        "v3",
        "hi-notify",
        {"notification": {**HI_NOTIFICATION, "statusNotification": {"sessionStatus": "FAILED", "hipId": HIP_ID}}},
    ),
    (
        "v0.5",
        "consent-notify",
        {
            **V05_IDS,
            "notification": {
                "status": "REVOKED",
                "consentId": CONSENT_ID,
                "consentDetail": V05_CONSENT_DETAIL,
                "signature": "",
                "grantAcknowledgement": False,
            },
        },
    ),
    (
        "v3",
        "on-profile-share",
        {  # HIE_CM_Profile_Share.yml's flat acknowledgement
            "acknowledgement": {
                "abhaAddress": "ravi.kumar@sbx",
                "status": "SUCCESS",
                "context": "43",
                "tokenNumber": "3",
                "expiry": 180,
            },
            **V3_ANSWER,
        },
    ),
    (
        "v3",
        "profile-share",
        {
            "intent": "PROFILE_SHARE",
            "metaData": {"hipId": HIP_ID, "context": 123, "latitude": 20.5937, "longitude": 78.9629},
            "profile": V3_SHARED_PROFILE,
        },
    ),
    ("v0.5", "data-push", {**DATA_PUSH, "entries": [LINK_ENTRY, DATA_PUSH["entries"][0]]}),
    ("v0.5", "hi-notify", {**V05_IDS, "notification": HIU_NOTIFICATION}),
    (
        "v0.5",
        "patient-status-notify",
        {**V05_IDS, "notification": {"status": "REACTIVATED", "patient": {"id": "ravi.kumar@sbx"}}},
    ),
    ("v3", "sms-notify", {"notification": {"phoneNo": "9876543210", "hip": {"id": HIP_ID, "name": "City Clinic"}}}),
    ("v0.5", "sms-notify", {**V05_IDS, "notification": {"phoneNo": "9876543210"}}),  # hip optional in notify2
    ("v0.5", "sms-notify", {**V05_IDS, "notification": {"phoneNo": "+91-9876543210", "hip": {"id": HIP_ID}}}),
    ("v0.5", "on-sms-notify", V05_ANSWER),  # status is optional in the spec
    (
        "v0.5",
        "auth-confirm",
        {
            **V05_IDS,
            "transactionId": TRANSACTION_ID,
            "credential": {
                "authCode": None,
                "demographic": {**DEMOGRAPHIC, "identifier": {"type": "MOBILE", "value": "+919800083232"}},
            },
        },
    ),
    ("v0.5", "auth-notify", {**V05_IDS, "auth": {"transactionId": TRANSACTION_ID, "status": "DENIED"}}),
    ("v0.5", "on-auth-init", {"auth": {"transactionId": TRANSACTION_ID, "mode": "DIRECT"}, **V05_ANSWER}),
    ("v3", "generate-token", {**VALID["v3", "generate-token"], "abhaNumber": "91-1783-8610-1731"}),
    ("v3", "generate-token", {**VALID["v3", "generate-token"], "abhaNumber": None}),
    ("v3", "link-carecontext", {"abhaAddress": "ravi.kumar@sbx", "patient": [V3_OPD]}),
    (
        "v3",
        "consent-request-init",
        {  # S4 init page: any HIP, all care contexts, self-requested
            "consent": {
                **V3_CONSENT_REQUEST,
                "purpose": {"text": "Self Requested", "code": "PATRQST"},
                "hip": None,
                "careContexts": None,
            }
        },
    ),
    (
        "v0.5",
        "consent-request-init",
        {
            **V05_IDS,
            "consent": {
                **V05_CONSENT_REQUEST,
                "hip": {"id": HIP_ID},
                "careContexts": [{"patientReference": "PUID-001", "careContextReference": "VISIT-2024-01"}],
            },
        },
    ),
    (
        "v3",
        "on-consent-request-status",
        {"consentRequest": {"id": CONSENT_REQUEST_ID, "status": "REQUESTED"}, "resp": None, **V3_ANSWER},
    ),
    (
        "v3",
        "hiu-consent-notify",
        {"notification": {"consentRequestId": CONSENT_REQUEST_ID, "status": "DENIED", "reason": "Denied by patient"}},
    ),
    (
        "v3",
        "hiu-consent-notify",
        {"notification": {"consentRequestId": CONSENT_REQUEST_ID, "status": "EXPIRED", "consentArtefacts": None}},
    ),
    ("v3", "hiu-consent-notify", {"notification": {**GRANTED_REQUEST, "status": "REVOKED"}}),
    (
        "v0.5",
        "hiu-consent-notify",
        {**V05_IDS, "notification": {"consentRequestId": CONSENT_REQUEST_ID, "status": "EXPIRED"}},
    ),
    (
        "v0.5",
        "on-hiu-consent-notify",
        {
            "acknowledgement": [{"status": "OK", "consentId": CONSENT_REQUEST_ID}],
            **V05_ANSWER,
        },  # DENIED: keyed by request
    ),
    (
        "v3",
        "on-consent-fetch",
        {  # dataEraseAt and frequency nested in permission, as the HIP's consent notify has them
            "consent": {"status": "GRANTED", "consentDetail": V3_CONSENT_DETAIL, "signature": CONSENT_SIGNATURE},
            **V3_ANSWER,
        },
    ),
    (
        "v3",
        "hiu-hi-request",
        {
            "hiRequest": {**HI_REQUEST, "keyMaterial": {**HI_REQUEST["keyMaterial"], "curve": "curve25519"}}
        },  # S4 example
    ),
    (
        "v0.5",
        "on-hiu-hi-request",
        {"hiRequest": {"transactionId": TRANSACTION_ID, "sessionStatus": "ACKNOWLEDGED"}, **V05_ANSWER},
    ),
    (
        "v3",
        "hiu-hi-notify",
        {
            "notification": {
                **HIU_NOTIFICATION,
                "statusNotification": {
                    "sessionStatus": "FAILED",
                    "hipId": HIP_ID,
                    "statusResponses": [
                        {"careContextReference": "VISIT-2024-01", "hiStatus": "ERRORED", "description": "Bad checksum"}
                    ],
                },
            }
        },
    ),
]

# Failure replies: error instead of the success payload, which may be absent, null or empty.
V3_NOT_FOUND = {"error": {"code": "ABDM-1010", "message": "Patient not found"}, **V3_ANSWER}
V3_UNKNOWN_TRANSACTION = {"error": {"code": "ABDM-1017", "message": "Invalid TransactionId"}, **V3_ANSWER}
V05_NOT_FOUND = {"error": {"code": 1000, "message": "Patient not found"}, **V05_ANSWER}
V05_UNKNOWN_TRANSACTION = {"error": {"code": 1000, "message": "Invalid TransactionId"}, **V05_ANSWER}
FAILURES: list[tuple[str, str, dict[str, Any]]] = [
    ("v3", "on-discover", {"transactionId": TRANSACTION_ID, **V3_NOT_FOUND}),
    ("v3", "on-discover", {"transactionId": TRANSACTION_ID, "patient": [], **V3_NOT_FOUND}),
    ("v3", "on-link-init", {"transactionId": TRANSACTION_ID, "link": None, **V3_UNKNOWN_TRANSACTION}),
    ("v3", "on-link-confirm", {"error": {"code": "ABDM-1035", "message": "Incorrect OTP"}, **V3_ANSWER}),
    ("v0.5", "on-discover", {"transactionId": TRANSACTION_ID, "patient": None, **V05_NOT_FOUND}),
    ("v0.5", "on-link-init", {"transactionId": TRANSACTION_ID, **V05_UNKNOWN_TRANSACTION}),
    ("v0.5", "on-link-confirm", {"error": {"code": 1000, "message": "Incorrect OTP"}, **V05_ANSWER}),
    (
        "v3",
        "on-consent-notify",
        {"error": {"code": "ABDM-1112", "message": "Invalid consent artefact id"}, **V3_ANSWER},
    ),
    ("v3", "on-hi-request", {"error": {"code": "ABDM-1061", "message": "Consent EXPIRED"}, **V3_ANSWER}),
    (
        "v3",
        "on-hi-request",
        {"hiRequest": None, "error": {"code": "ABDM-1063", "message": "Invalid date range"}, **V3_ANSWER},
    ),
    (
        "v0.5",
        "on-consent-notify",
        {"acknowledgement": None, "error": {"code": 1000, "message": "Unknown consent"}, **V05_ANSWER},
    ),
    ("v0.5", "on-hi-request", {"error": {"code": 1000, "message": "Consent EXPIRED"}, **V05_ANSWER}),
    ("v3", "on-profile-share", {"acknowledgement": None, **V3_NOT_FOUND}),
    ("v0.5", "on-profile-share", {"error": {"code": 1000, "message": "Invalid profile"}, **V05_ANSWER}),
    (
        "v3",
        "on-sms-notify",
        {
            "acknowledgement": {"status": "ERRORED"},
            "error": {"code": "ABDM-1010", "message": "SMS not sent"},
            **V3_ANSWER,
        },
    ),
    (
        "v0.5",
        "on-sms-notify",
        {"status": "ERRORED", "error": {"code": 1000, "message": "SMS not sent"}, **V05_ANSWER},
    ),
    ("v0.5", "on-auth-init", {"error": {"code": 1000, "message": "Invalid patient id"}, **V05_ANSWER}),
    ("v0.5", "on-auth-confirm", {"auth": None, "error": {"code": 1000, "message": "Invalid OTP"}, **V05_ANSWER}),
    ("v0.5", "on-auth-notify", {"error": {"code": 1000, "message": "Unknown transaction"}, **V05_ANSWER}),
    ("v0.5", "on-add-contexts", {"error": {"code": 1000, "message": "Invalid access token"}, **V05_ANSWER}),
    (
        "v3",
        "on-generate-token",
        {"error": {"code": "ABDM-1027", "message": "You are blocked. Please try again after 24 hours."}, **V3_ANSWER},
    ),
    (
        "v3",
        "on-link-carecontext",
        {
            "abhaAddress": TOKEN_ABHA_ADDRESS,
            "status": None,
            "error": {"code": "ABDM-1026", "message": "Invalid link token"},
            **V3_ANSWER,
        },
    ),
    ("v0.5", "on-patient-find", V05_NOT_FOUND),
    ("v0.5", "on-patient-find", {"patient": None, **V05_NOT_FOUND}),
    ("v3", "on-consent-request-init", {"consentRequest": None, **V3_NOT_FOUND}),
    ("v0.5", "on-consent-request-init", {"error": {"code": 1000, "message": "Invalid purpose"}, **V05_ANSWER}),
    ("v3", "on-consent-request-status", {"error": {"code": "ABDM-1001", "message": "No data found"}, **V3_ANSWER}),
    ("v0.5", "on-consent-request-status", {"consentRequest": None, **V05_NOT_FOUND}),
    (
        "v3",
        "on-hiu-consent-notify",
        {"acknowledgement": [], "error": {"code": "ABDM-1001", "message": "DB down"}, **V3_ANSWER},
    ),
    ("v0.5", "on-hiu-consent-notify", {"error": {"code": 1000, "message": "Unknown consent request"}, **V05_ANSWER}),
    (
        "v3",
        "on-consent-fetch",
        {"consent": None, "error": {"code": "ABDM-1112", "message": "Invalid consent artefact id"}, **V3_ANSWER},
    ),
    ("v0.5", "on-consent-fetch", {"error": {"code": 1000, "message": "Invalid consent artefact id"}, **V05_ANSWER}),
    ("v3", "on-hiu-hi-request", {"error": {"code": "ABDM-1061", "message": "Consent EXPIRED"}, **V3_ANSWER}),
    (
        "v0.5",
        "on-hiu-hi-request",
        {"hiRequest": None, "error": {"code": 1000, "message": "Consent EXPIRED"}, **V05_ANSWER},
    ),
]

REMOVE = object()

# (version, message, element to change as a dotted path, new value or REMOVE, path of the one expected finding)
BROKEN: list[tuple[str, str, str, Any, str]] = [
    ("v3", "session-request", "grantType", REMOVE, "$.grantType"),
    ("v3", "session-response", "expiresIn", "1200", "$.expiresIn"),
    ("v3", "gateway-error", "error.code", 1017, "$.error.code"),
    ("v3", "discover", "patient.gender", "X", "$.patient.gender"),
    ("v3", "discover", "requestId", "not-a-uuid", "$.requestId"),
    ("v3", "discover", "patient.verifiedIdentifiers.0.type", "HEALTH_ID", "$.patient.verifiedIdentifiers[0].type"),
    ("v3", "on-discover", "patient.0.careContexts.0.display", REMOVE, "$.patient[0].careContexts[0].display"),
    ("v3", "on-discover", "response", REMOVE, "$.response"),
    ("v3", "on-discover", "patient.0.count", 0, "$.patient[0].count"),
    ("v3", "on-discover", "patient", [], "$.patient"),
    ("v3", "link-init", "patient.0.hiType", "LabReport", "$.patient[0].hiType"),
    ("v3", "on-link-init", "link.authenticationType", "MEDIATE", "$.link.authenticationType"),
    ("v3", "on-link-init", "link.meta.communicationExpiry", REMOVE, "$.link.meta.communicationExpiry"),
    ("v3", "on-link-init", "link", REMOVE, "$.link"),
    ("v3", "link-confirm", "confirmation.token", REMOVE, "$.confirmation.token"),
    ("v3", "on-link-confirm", "response.requestId", "REQ-1", "$.response.requestId"),
    ("v3", "consent-notify", "notification.consentDetail", REMOVE, "$.notification.consentDetail"),  # GRANTED needs it
    ("v3", "consent-notify", "notification.consentDetail", None, "$.notification.consentDetail"),
    ("v3", "consent-notify", "notification.signature", REMOVE, "$.notification.signature"),
    ("v3", "consent-notify", "notification.status", "APPROVED", "$.notification.status"),
    ("v3", "consent-notify", "notification.consentDetail.hiu.name", REMOVE, "$.notification.consentDetail.hiu.name"),
    ("v3", "consent-notify", "notification.consentDetail.requester", REMOVE, "$.notification.consentDetail.requester"),
    (
        "v3",
        "consent-notify",
        "notification.consentDetail.hiTypes.0",
        "LabReport",
        "$.notification.consentDetail.hiTypes[0]",
    ),
    (
        "v3",
        "consent-notify",
        "notification.consentDetail.permission.dataEraseAt",
        "2024-07-12",
        "$.notification.consentDetail.permission.dataEraseAt",
    ),
    (
        "v3",
        "on-consent-notify",
        "acknowledgement",
        [{"status": "OK", "consentId": CONSENT_ID}],
        "$.acknowledgement",
    ),  # HIU shape
    ("v3", "on-consent-notify", "acknowledgement.status", "ERROR", "$.acknowledgement.status"),
    ("v3", "on-consent-notify", "response", REMOVE, "$.response"),
    (
        "v3",
        "hi-request",
        "hiRequest.keyMaterial.dhPublicKey.keyValue",
        REMOVE,
        "$.hiRequest.keyMaterial.dhPublicKey.keyValue",
    ),
    ("v3", "hi-request", "hiRequest.dateRange.from", "06-10-2023", "$.hiRequest.dateRange.from"),
    ("v3", "hi-request", "hiRequest.dataPushUrl", REMOVE, "$.hiRequest.dataPushUrl"),
    ("v3", "on-hi-request", "hiRequest.sessionStatus", "TRANSFERRED", "$.hiRequest.sessionStatus"),
    ("v3", "on-hi-request", "hiRequest", REMOVE, "$.hiRequest"),
    ("v3", "on-hi-request", "hiRequest.transactionId", REMOVE, "$.hiRequest.transactionId"),
    ("v3", "data-push", "pageCount", 0, "$.pageCount"),
    ("v3", "data-push", "pageNumber", "0", "$.pageNumber"),
    ("v3", "data-push", "entries.0.content", REMOVE, "$.entries[0]"),  # neither content nor link
    ("v3", "data-push", "entries.0.media", "application/json", "$.entries[0].media"),
    ("v3", "data-push", "keyMaterial.nonce", REMOVE, "$.keyMaterial.nonce"),
    (
        "v3",
        "hi-notify",
        "notification.statusNotification.sessionStatus",
        "DONE",
        "$.notification.statusNotification.sessionStatus",
    ),
    ("v3", "hi-notify", "notification.notifier.type", "CM", "$.notification.notifier.type"),
    ("v3", "hi-notify", "notification.doneAt", REMOVE, "$.notification.doneAt"),
    (
        "v3",
        "hi-notify",
        "notification.statusNotification.statusResponses.0.hiStatus",
        "SUCCESS",
        "$.notification.statusNotification.statusResponses[0].hiStatus",
    ),
    ("v0.5", "session-request", "clientSecret", REMOVE, "$.clientSecret"),
    ("v0.5", "session-response", "accessToken", "", "$.accessToken"),
    ("v0.5", "gateway-error", "error.code", "ABDM-1016", "$.error.code"),
    ("v0.5", "discover", "timestamp", REMOVE, "$.timestamp"),
    ("v0.5", "discover", "patient.gender", "D", "$.patient.gender"),  # valid in v3 only
    ("v0.5", "discover", "patient.verifiedIdentifiers", [], "$.patient.verifiedIdentifiers"),
    ("v0.5", "on-discover", "patient.careContexts.0.display", REMOVE, "$.patient.careContexts[0].display"),
    ("v0.5", "on-discover", "resp.requestId", "REQ-1", "$.resp.requestId"),
    ("v0.5", "link-init", "patient.careContexts", [], "$.patient.careContexts"),
    ("v0.5", "on-link-init", "link.meta.communicationMedium", REMOVE, "$.link.meta.communicationMedium"),
    ("v0.5", "link-confirm", "timestamp", "12/01/2024 10:11", "$.timestamp"),
    ("v0.5", "on-link-confirm", "patient", REMOVE, "$.patient"),
    ("v0.5", "on-link-confirm", "patient.display", REMOVE, "$.patient.display"),
    ("v0.5", "consent-notify", "timestamp", REMOVE, "$.timestamp"),
    ("v0.5", "consent-notify", "notification.grantAcknowledgement", REMOVE, "$.notification.grantAcknowledgement"),
    ("v0.5", "consent-notify", "notification.consentId", "CONSENT-1", "$.notification.consentId"),
    (
        "v0.5",
        "consent-notify",
        "notification.consentDetail.hiTypes.1",
        "Invoice",
        "$.notification.consentDetail.hiTypes[1]",
    ),  # v3 only
    (
        "v0.5",
        "consent-notify",
        "notification.consentDetail.careContexts.0.patientReference",
        REMOVE,
        "$.notification.consentDetail.careContexts[0].patientReference",
    ),
    (
        "v0.5",
        "consent-notify",
        "notification.consentDetail.permission.accessMode",
        "READ",
        "$.notification.consentDetail.permission.accessMode",
    ),
    ("v0.5", "on-consent-notify", "resp", REMOVE, "$.resp"),
    ("v0.5", "on-consent-notify", "acknowledgement.consentId", REMOVE, "$.acknowledgement.consentId"),
    ("v0.5", "on-consent-notify", "acknowledgement", REMOVE, "$.acknowledgement"),
    (
        "v0.5",
        "hi-request",
        "hiRequest.keyMaterial.nonce",
        REMOVE,
        "$.hiRequest.keyMaterial.nonce",
    ),  # optional in v3 only
    ("v0.5", "hi-request", "transactionId", "TXN-1", "$.transactionId"),
    ("v0.5", "hi-request", "requestId", REMOVE, "$.requestId"),
    ("v0.5", "on-hi-request", "hiRequest.sessionStatus", "ERRORED", "$.hiRequest.sessionStatus"),  # v3 only
    ("v0.5", "on-hi-request", "resp.requestId", "REQ-1", "$.resp.requestId"),
    ("v0.5", "data-push", "transactionId", "TXN-1", "$.transactionId"),
    ("v0.5", "data-push", "entries.0.checksum", REMOVE, "$.entries[0].checksum"),
    ("v0.5", "data-push", "pageNumber", -1, "$.pageNumber"),
    ("v0.5", "data-push", "keyMaterial.dhPublicKey.expiry", REMOVE, "$.keyMaterial.dhPublicKey.expiry"),
    ("v0.5", "hi-notify", "requestId", REMOVE, "$.requestId"),
    (
        "v0.5",
        "hi-notify",
        "notification.statusNotification.sessionStatus",
        "RECEIVED",
        "$.notification.statusNotification.sessionStatus",
    ),  # v3 only
    ("v0.5", "hi-notify", "notification.notifier.id", REMOVE, "$.notification.notifier.id"),
    ("v0.5", "hi-notify", "notification.statusNotification.hipId", REMOVE, "$.notification.statusNotification.hipId"),
    ("v3", "profile-share", "intent", "profile_share", "$.intent"),
    ("v3", "profile-share", "metaData.latitude", REMOVE, "$.metaData.latitude"),
    ("v3", "profile-share", "profile.patient.address.line", REMOVE, "$.profile.patient.address.line"),
    ("v3", "profile-share", "profile.patient.phoneNumber", REMOVE, "$.profile.patient.phoneNumber"),
    ("v3", "on-profile-share", "acknowledgement.status", "success", "$.acknowledgement.status"),  # yml example
    ("v3", "on-profile-share", "acknowledgement.profile.tokenNumber", "", "$.acknowledgement"),  # neither shape
    ("v3", "on-profile-share", "acknowledgement.profile.expiry", "30 min", "$.acknowledgement"),
    ("v3", "on-profile-share", "acknowledgement", REMOVE, "$.acknowledgement"),
    ("v3", "on-profile-share", "response", REMOVE, "$.response"),
    ("v0.5", "profile-share", "intent", REMOVE, "$.intent"),
    ("v0.5", "profile-share", "location.longitude", REMOVE, "$.location.longitude"),
    ("v0.5", "profile-share", "profile.patient.healthIdNumber", REMOVE, "$.profile.patient.healthIdNumber"),
    ("v0.5", "profile-share", "profile.patient.gender", "D", "$.profile.patient.gender"),  # valid in v3 only
    ("v0.5", "on-profile-share", "acknowledgement.tokenNumber", REMOVE, "$.acknowledgement.tokenNumber"),
    ("v0.5", "on-profile-share", "acknowledgement.status", "OK", "$.acknowledgement.status"),
    ("v0.5", "on-profile-share", "resp", REMOVE, "$.resp"),
    ("v0.5", "patient-status-notify", "notification.status", "ACTIVE", "$.notification.status"),
    ("v0.5", "patient-status-notify", "notification.patient.id", REMOVE, "$.notification.patient.id"),
    ("v0.5", "on-patient-status-notify", "acknowledgment", REMOVE, "$.acknowledgment"),
    ("v0.5", "on-patient-status-notify", "acknowledgment.status", "UNKNOWN", "$.acknowledgment.status"),
    ("v0.5", "on-patient-status-notify", "resp", REMOVE, "$.resp"),
    ("v3", "sms-notify", "notification.phoneNo", "ravi.kumar@sbx", "$.notification.phoneNo"),  # ABHA address
    ("v3", "sms-notify", "notification.phoneNo", "+91 98765 43210", "$.notification.phoneNo"),
    ("v3", "sms-notify", "notification.phoneNo", REMOVE, "$.notification.phoneNo"),
    ("v3", "sms-notify", "notification.hip.name", REMOVE, "$.notification.hip.name"),  # optional in v0.5 only
    ("v3", "sms-notify", "notification.hip", REMOVE, "$.notification.hip"),
    ("v3", "on-sms-notify", "acknowledgement.status", "ACKNOWLEDGED", "$.acknowledgement.status"),  # v0.5 word
    ("v3", "on-sms-notify", "acknowledgement.status", "ERRORED", "$.error"),  # ERRORED without error
    ("v3", "on-sms-notify", "acknowledgement", REMOVE, "$.acknowledgement"),
    ("v3", "on-sms-notify", "response", REMOVE, "$.response"),
    ("v0.5", "sms-notify", "notification.phoneNo", "ravi.kumar@sbx", "$.notification.phoneNo"),  # ABHA address
    ("v0.5", "sms-notify", "notification.hip.id", REMOVE, "$.notification.hip.id"),
    ("v0.5", "sms-notify", "timestamp", REMOVE, "$.timestamp"),
    ("v0.5", "on-sms-notify", "status", "SUCCESS", "$.status"),  # v3 word
    ("v0.5", "on-sms-notify", "status", "ERRORED", "$.error"),  # ERRORED without error
    ("v0.5", "on-sms-notify", "resp.requestId", "REQ-1", "$.resp.requestId"),
    ("v0.5", "auth-init", "query.purpose", "LINKING", "$.query.purpose"),
    ("v0.5", "auth-init", "query.authMode", "OTP", "$.query.authMode"),
    ("v0.5", "auth-init", "query.requester.id", REMOVE, "$.query.requester.id"),
    ("v0.5", "auth-init", "requestId", REMOVE, "$.requestId"),
    ("v0.5", "on-auth-init", "auth.mode", "SMS_OTP", "$.auth.mode"),
    ("v0.5", "on-auth-init", "auth.transactionId", REMOVE, "$.auth.transactionId"),
    ("v0.5", "on-auth-init", "auth.meta.expiry", "30 min", "$.auth.meta.expiry"),
    ("v0.5", "on-auth-init", "auth", REMOVE, "$.auth"),  # neither auth nor error
    ("v0.5", "auth-confirm", "credential.authCode", REMOVE, "$.credential"),  # neither authCode nor demographic
    ("v0.5", "auth-confirm", "credential.demographic", DEMOGRAPHIC, "$.credential"),  # both
    (
        "v0.5",
        "auth-confirm",
        "credential",
        {"demographic": {**DEMOGRAPHIC, "dateOfBirth": "14-08-1986"}},
        "$.credential.demographic.dateOfBirth",
    ),
    ("v0.5", "auth-confirm", "transactionId", REMOVE, "$.transactionId"),
    ("v0.5", "on-auth-confirm", "auth.accessToken", REMOVE, "$.auth.accessToken"),
    ("v0.5", "on-auth-confirm", "auth.patient.gender", "D", "$.auth.patient.gender"),  # valid in v3 only
    ("v0.5", "on-auth-confirm", "resp", REMOVE, "$.resp"),
    ("v0.5", "auth-notify", "auth.accessToken", REMOVE, "$.auth.accessToken"),  # GRANTED needs it
    ("v0.5", "auth-notify", "auth.status", "APPROVED", "$.auth.status"),
    ("v0.5", "auth-notify", "auth.validity.limit", REMOVE, "$.auth.validity.limit"),
    ("v0.5", "auth-notify", "auth", REMOVE, "$.auth"),
    ("v0.5", "on-auth-notify", "acknowledgement.status", "SUCCESS", "$.acknowledgement.status"),
    ("v0.5", "on-auth-notify", "acknowledgement", REMOVE, "$.acknowledgement"),
    ("v0.5", "on-auth-notify", "resp", REMOVE, "$.resp"),
    ("v0.5", "add-contexts", "link.accessToken", "", "$.link.accessToken"),
    ("v0.5", "add-contexts", "link.patient.careContexts", [], "$.link.patient.careContexts"),
    ("v0.5", "add-contexts", "link.patient.careContexts.0.display", REMOVE, "$.link.patient.careContexts[0].display"),
    ("v0.5", "add-contexts", "timestamp", REMOVE, "$.timestamp"),
    ("v0.5", "on-add-contexts", "acknowledgement.status", "OK", "$.acknowledgement.status"),
    ("v0.5", "on-add-contexts", "acknowledgement", REMOVE, "$.acknowledgement"),
    ("v0.5", "on-add-contexts", "resp.requestId", "REQ-1", "$.resp.requestId"),
    ("v3", "generate-token", "abhaAddress", "ravi.kumar@ndhm", "$.abhaAddress"),
    ("v3", "generate-token", "abhaAddress", REMOVE, "$.abhaAddress"),
    ("v3", "generate-token", "abhaNumber", 9117838610173, "$.abhaNumber"),  # 13 digits
    ("v3", "generate-token", "abhaNumber", "91-17838610-1731", "$.abhaNumber"),
    ("v3", "generate-token", "gender", "X", "$.gender"),
    ("v3", "generate-token", "yearOfBirth", 9999, "$.yearOfBirth"),  # the yml's example
    ("v3", "on-generate-token", "linkToken", REMOVE, "$.linkToken"),  # neither linkToken nor error
    ("v3", "on-generate-token", "error", {"code": 1027, "message": "Blocked"}, "$.error.code"),
    ("v3", "on-generate-token", "response", REMOVE, "$.response"),
    ("v3", "link-carecontext", "patient.0.count", 21, "$.patient[0].count"),
    ("v3", "link-carecontext", "patient.0.hiType", REMOVE, "$.patient[0].hiType"),  # hiTypes spelling (§9 item 2)
    ("v3", "link-carecontext", "patient.0.careContexts", [], "$.patient[0].careContexts"),
    ("v3", "link-carecontext", "abhaNumber", "9117838610173", "$.abhaNumber"),
    ("v3", "link-carecontext", "patient", [], "$.patient"),
    ("v3", "on-link-carecontext", "status", REMOVE, "$.status"),  # neither status nor error
    ("v3", "on-link-carecontext", "abhaAddress", "91178386101731", "$.abhaAddress"),
    ("v3", "on-link-carecontext", "response.requestId", "REQ-1", "$.response.requestId"),
    ("v0.5", "patient-find", "query.requester.type", "HIP", "$.query.requester.type"),  # the HIU's own call
    ("v0.5", "patient-find", "query.patient.id", REMOVE, "$.query.patient.id"),
    ("v0.5", "patient-find", "timestamp", REMOVE, "$.timestamp"),
    ("v0.5", "on-patient-find", "patient.name", REMOVE, "$.patient.name"),
    ("v0.5", "on-patient-find", "patient", REMOVE, "$.patient"),  # neither patient nor error
    ("v0.5", "on-patient-find", "resp", REMOVE, "$.resp"),
    ("v3", "consent-request-init", "consent.hiu.name", REMOVE, "$.consent.hiu.name"),  # optional in v0.5 only
    ("v3", "consent-request-init", "consent.purpose.code", "CARE", "$.consent.purpose.code"),
    ("v3", "consent-request-init", "consent.hiTypes", [], "$.consent.hiTypes"),
    ("v3", "consent-request-init", "consent.hiTypes.0", "LabReport", "$.consent.hiTypes[0]"),
    ("v3", "consent-request-init", "consent.permission.accessMode", "READ", "$.consent.permission.accessMode"),
    (
        "v3",
        "consent-request-init",
        "consent.permission.frequency.repeats",
        REMOVE,
        "$.consent.permission.frequency.repeats",
    ),
    (
        "v3",
        "consent-request-init",
        "consent.requester.identifier.value",
        REMOVE,
        "$.consent.requester.identifier.value",
    ),
    ("v0.5", "consent-request-init", "consent.hiTypes.1", "Invoice", "$.consent.hiTypes[1]"),  # v3 only
    (
        "v0.5",
        "consent-request-init",
        "consent.permission.dataEraseAt",
        "2024-07-12",
        "$.consent.permission.dataEraseAt",
    ),
    ("v0.5", "consent-request-init", "consent.permission.dateRange.to", REMOVE, "$.consent.permission.dateRange.to"),
    ("v0.5", "consent-request-init", "consent.permission.frequency.value", "1", "$.consent.permission.frequency.value"),
    ("v0.5", "consent-request-init", "consent.patient", REMOVE, "$.consent.patient"),
    ("v0.5", "consent-request-init", "requestId", REMOVE, "$.requestId"),
    ("v3", "on-consent-request-init", "consentRequest.id", "CR-1", "$.consentRequest.id"),
    ("v3", "on-consent-request-init", "consentRequest", REMOVE, "$.consentRequest"),  # neither request nor error
    ("v3", "on-consent-request-init", "response", REMOVE, "$.response"),
    ("v0.5", "on-consent-request-init", "consentRequest", None, "$.consentRequest"),
    ("v0.5", "on-consent-request-init", "resp.requestId", "REQ-1", "$.resp.requestId"),
    ("v3", "consent-request-status", "consentRequestId", REMOVE, "$.consentRequestId"),
    ("v3", "consent-request-status", "consentRequestId", "", "$.consentRequestId"),
    ("v0.5", "consent-request-status", "consentRequestId", REMOVE, "$.consentRequestId"),
    ("v0.5", "consent-request-status", "timestamp", REMOVE, "$.timestamp"),
    ("v3", "on-consent-request-status", "consentRequest.status", "APPROVED", "$.consentRequest.status"),
    (
        "v3",
        "on-consent-request-status",
        "consentRequest.consentArtefacts.0.id",
        REMOVE,
        "$.consentRequest.consentArtefacts[0].id",
    ),
    ("v3", "on-consent-request-status", "response", REMOVE, "$.response"),
    ("v0.5", "on-consent-request-status", "consentRequest.id", REMOVE, "$.consentRequest.id"),
    ("v0.5", "on-consent-request-status", "consentRequest", REMOVE, "$.consentRequest"),
    ("v3", "hiu-consent-notify", "notification.consentArtefacts", REMOVE, "$.notification.consentArtefacts"),
    ("v3", "hiu-consent-notify", "notification.consentArtefacts", [], "$.notification.consentArtefacts"),
    ("v3", "hiu-consent-notify", "notification.status", "REQUESTED", "$.notification.status"),  # never notified
    ("v3", "hiu-consent-notify", "notification.consentRequestId", REMOVE, "$.notification.consentRequestId"),
    ("v0.5", "hiu-consent-notify", "notification.consentArtefacts", None, "$.notification.consentArtefacts"),
    (
        "v0.5",
        "hiu-consent-notify",
        "notification.consentArtefacts.0.id",
        REMOVE,
        "$.notification.consentArtefacts[0].id",
    ),
    ("v0.5", "hiu-consent-notify", "notification.status", "APPROVED", "$.notification.status"),
    ("v0.5", "hiu-consent-notify", "requestId", REMOVE, "$.requestId"),
    (
        "v3",
        "on-hiu-consent-notify",
        "acknowledgement",
        {"status": "OK", "consentId": CONSENT_ID},
        "$.acknowledgement",
    ),  # HIP shape
    ("v3", "on-hiu-consent-notify", "acknowledgement", [], "$.acknowledgement"),
    ("v3", "on-hiu-consent-notify", "acknowledgement.0.status", "ERROR", "$.acknowledgement[0].status"),
    ("v3", "on-hiu-consent-notify", "response", REMOVE, "$.response"),
    ("v0.5", "on-hiu-consent-notify", "acknowledgement.0.consentId", REMOVE, "$.acknowledgement[0].consentId"),
    ("v0.5", "on-hiu-consent-notify", "acknowledgement", REMOVE, "$.acknowledgement"),
    ("v0.5", "on-hiu-consent-notify", "resp", REMOVE, "$.resp"),
    ("v3", "consent-fetch", "consentId", REMOVE, "$.consentId"),
    ("v0.5", "consent-fetch", "consentId", "", "$.consentId"),
    ("v0.5", "consent-fetch", "requestId", "REQ-1", "$.requestId"),
    ("v3", "on-consent-fetch", "consent.consentDetail.dataEraseAt", REMOVE, "$.consent.consentDetail"),  # nowhere
    ("v3", "on-consent-fetch", "consent.consentDetail.hiu", REMOVE, "$.consent.consentDetail.hiu"),
    (
        "v3",
        "on-consent-fetch",
        "consent.consentDetail.frequency.unit",
        "FORTNIGHT",
        "$.consent.consentDetail.frequency.unit",
    ),
    (
        "v3",
        "on-consent-fetch",
        "consent.consentDetail.permission.dateRange",
        REMOVE,
        "$.consent.consentDetail.permission.dateRange",
    ),
    ("v3", "on-consent-fetch", "consent.signature", REMOVE, "$.consent.signature"),
    ("v3", "on-consent-fetch", "consent", None, "$.consent"),  # null without error
    (
        "v0.5",
        "on-consent-fetch",
        "consent.consentDetail.permission.dataEraseAt",
        REMOVE,
        "$.consent.consentDetail.permission.dataEraseAt",
    ),  # v3 may carry it beside permission
    ("v0.5", "on-consent-fetch", "consent.consentDetail.requester", REMOVE, "$.consent.consentDetail.requester"),
    ("v0.5", "on-consent-fetch", "consent.consentDetail.hiu.id", REMOVE, "$.consent.consentDetail.hiu.id"),
    ("v0.5", "on-consent-fetch", "consent.consentDetail.hiTypes.0", "Invoice", "$.consent.consentDetail.hiTypes[0]"),
    ("v0.5", "on-consent-fetch", "consent.status", "ACTIVE", "$.consent.status"),
    ("v0.5", "on-consent-fetch", "resp", REMOVE, "$.resp"),
    (
        "v3",
        "hiu-hi-request",
        "hiRequest.keyMaterial.nonce",
        REMOVE,
        "$.hiRequest.keyMaterial.nonce",
    ),  # optional in the gateway's hi-request only
    ("v3", "hiu-hi-request", "hiRequest.keyMaterial.curve", "P-256", "$.hiRequest.keyMaterial.curve"),
    ("v3", "hiu-hi-request", "hiRequest.dataPushUrl", "hiu.example/data/push", "$.hiRequest.dataPushUrl"),
    ("v3", "hiu-hi-request", "hiRequest.consent.id", "CONSENT-1", "$.hiRequest.consent.id"),
    ("v0.5", "hiu-hi-request", "hiRequest.keyMaterial.cryptoAlg", "RSA", "$.hiRequest.keyMaterial.cryptoAlg"),
    ("v0.5", "hiu-hi-request", "hiRequest.dateRange.from", REMOVE, "$.hiRequest.dateRange.from"),
    (
        "v0.5",
        "hiu-hi-request",
        "hiRequest.keyMaterial.dhPublicKey.expiry",
        "tomorrow",
        "$.hiRequest.keyMaterial.dhPublicKey.expiry",
    ),
    ("v0.5", "hiu-hi-request", "timestamp", REMOVE, "$.timestamp"),
    ("v3", "on-hiu-hi-request", "hiRequest.sessionStatus", "ERRORED", "$.hiRequest.sessionStatus"),  # the HIP's word
    ("v3", "on-hiu-hi-request", "hiRequest.transactionId", REMOVE, "$.hiRequest.transactionId"),
    ("v3", "on-hiu-hi-request", "hiRequest", REMOVE, "$.hiRequest"),
    ("v0.5", "on-hiu-hi-request", "hiRequest.transactionId", "TXN-1", "$.hiRequest.transactionId"),
    ("v0.5", "on-hiu-hi-request", "resp.requestId", REMOVE, "$.resp.requestId"),
    (
        "v3",
        "hiu-hi-notify",
        "notification.statusNotification.sessionStatus",
        "TRANSFERRED",
        "$.notification.statusNotification.sessionStatus",
    ),  # the HIP's and v0.5's word (§9 item 6)
    (
        "v3",
        "hiu-hi-notify",
        "notification.statusNotification.statusResponses.0.hiStatus",
        "DELIVERED",
        "$.notification.statusNotification.statusResponses[0].hiStatus",
    ),  # the HIP's word
    (
        "v3",
        "hiu-hi-notify",
        "notification.statusNotification.statusResponses",
        REMOVE,
        "$.notification.statusNotification.statusResponses",
    ),
    ("v3", "hiu-hi-notify", "notification.notifier.type", "HIP", "$.notification.notifier.type"),
    (
        "v0.5",
        "hiu-hi-notify",
        "notification.statusNotification.sessionStatus",
        "RECEIVED",
        "$.notification.statusNotification.sessionStatus",
    ),  # v3 only
    ("v0.5", "hiu-hi-notify", "notification.transactionId", "TXN-1", "$.notification.transactionId"),
    ("v0.5", "hiu-hi-notify", "notification.doneAt", REMOVE, "$.notification.doneAt"),
    ("v0.5", "hiu-hi-notify", "requestId", REMOVE, "$.requestId"),
]


def edited(body: dict[str, Any], dotted_path: str, value: Any) -> dict[str, Any]:
    """A copy of body with the element at dotted_path ("patient.0.display") replaced, or removed."""
    changed = copy.deepcopy(body)
    *parents, last = [int(key) if key.isdigit() else key for key in dotted_path.split(".")]
    container = changed
    for key in parents:
        container = container[key]
    if value is REMOVE:
        del container[last]
    else:
        container[last] = value
    return changed


SCHEMA_FILES = sorted(SCHEMA_ROOT.glob("*/*.json"))


@pytest.mark.parametrize("schema_file", SCHEMA_FILES, ids=lambda path: f"{path.parent.name}/{path.stem}")
def test_every_schema_file_is_a_draft_2020_12_schema_naming_its_source(schema_file: Path):
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:abdm-conformance:schema:{schema_file.parent.name}:{schema_file.stem}"
    assert "../shared/" in schema["$comment"]


@pytest.mark.parametrize("version", API_VERSIONS)
def test_both_versions_have_the_same_messages_but_for_their_own(version: str):
    own = V05_ONLY_MESSAGES if version == "v0.5" else V3_ONLY_MESSAGES
    assert message_names(version) == sorted(MESSAGES + own)


@pytest.mark.parametrize(("version", "message"), sorted(VALID))
def test_spec_example_is_accepted(version: str, message: str):
    assert validate_message(version, message, VALID[version, message]) == []


@pytest.mark.parametrize(("version", "message", "body"), OTHER_VALID)
def test_other_body_the_spec_allows_is_accepted(version: str, message: str, body: dict[str, Any]):
    assert validate_message(version, message, body) == []


@pytest.mark.parametrize(("version", "message", "body"), FAILURES)
def test_failure_reply_needs_no_success_payload(version: str, message: str, body: dict[str, Any]):
    assert validate_message(version, message, body) == []


@pytest.mark.parametrize(("version", "message", "dotted_path", "value", "expected_path"), BROKEN)
def test_broken_message_is_reported_at_the_offending_element(version, message, dotted_path, value, expected_path):
    body = edited(VALID[version, message], dotted_path, value)
    assert [finding.path for finding in validate_message(version, message, body)] == [expected_path]


def test_a_v05_revocation_still_needs_the_consent_detail_the_spec_requires():
    body = {**V05_IDS, "notification": {"status": "REVOKED", "consentId": CONSENT_ID}}
    assert [finding.path for finding in validate_message("v0.5", "consent-notify", body)] == [
        "$.notification.consentDetail",
        "$.notification.grantAcknowledgement",
        "$.notification.signature",
    ]


def test_the_hip_consent_acknowledgement_is_spelled_with_an_e_and_the_patient_status_one_without():
    consent_ack = {"acknowledgment": {"status": "OK", "consentId": CONSENT_ID}, **V05_ANSWER}
    status_ack = {"acknowledgement": {"status": "OK"}, **V05_ANSWER}
    assert [f.path for f in validate_message("v0.5", "on-consent-notify", consent_ack)] == ["$.acknowledgement"]
    assert [f.path for f in validate_message("v0.5", "on-patient-status-notify", status_ack)] == ["$.acknowledgment"]


def test_a_body_that_is_not_an_object_is_reported_at_the_root():
    assert [finding.path for finding in validate_message("v3", "on-discover", ["not", "an", "object"])] == ["$"]


def test_a_huge_offending_value_is_not_echoed_in_full():
    body = edited(VALID["v3", "discover"], "patient.gender", "X" * 100_000)
    [finding] = validate_message("v3", "discover", body)
    assert len(finding.message) == 200


@pytest.mark.parametrize(("version", "message", "named"), [("v4", "discover", "'v4'"), ("v3", "share", "'share'")])
def test_unknown_version_or_message_is_refused_by_name(version: str, message: str, named: str):
    with pytest.raises(ValueError, match=named):
        validate_message(version, message, {})
