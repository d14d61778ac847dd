"""Every defect switch of the reference HIP turns its test case to failed, naming the rule broken.

A check that cannot fail is a defect of the harness: this is the proof that each can.
"""

from __future__ import annotations

import pytest

from abdm_conformance.config import REPO_ROOT
from reference_apps.hip.defects import DEFECTS
from tests.selftest.conftest import write_target

# (defect switch, API version, test case that must fail, rule its reason must name)
CAUGHT_BY = [
    ("no_token_check", "v3", "ADV_HIP_GATEWAY_TOKEN", "AUTH.GATEWAY_TOKEN"),
    ("wrong_request_id", "v0.5", "USER_INIT_LINK_603", "CB.CORRELATION"),
    ("new_transaction_id", "v3", "USER_INIT_LINK_604", "TXN.REUSE"),
    ("missing_display", "v0.5", "USER_INIT_LINK_604", "MSG.SCHEMA"),
    ("wrong_count", "v3", "USER_INIT_LINK_604", "DSC.HI_TYPE_GROUPS"),
    ("finds_anyone", "v3", "USER_INIT_LINK_604", "DSC.NOT_FOUND"),
    ("links_unselected_contexts", "v3", "USER_INIT_LINK_605", "LNK.SELECTED_ONLY"),
    ("accepts_wrong_otp", "v0.5", "USER_INIT_LINK_605", "LNK.WRONG_OTP"),
    ("ignores_unknown_transaction", "v3", "USER_INIT_LINK_606", "LNK.VALIDATED"),
    ("reuses_request_id", "v3", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("ist_timestamp", "v0.5", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("garbage_callback", "v3", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("no_callback", "v3", "USER_INIT_LINK_603", "CB.DEADLINE"),
    ("server_error", "v3", "USER_INIT_LINK_603", "HTTP.ACK"),
    ("acks_unknown_consent", "v3", "HIP_INIT_SHARE_CARECONTEXT", "HI.REFUSED"),
    ("serves_after_revoke", "v0.5", "HIP_INIT_REVOKE_CONSENT", "HI.REFUSED"),
    ("serves_after_expiry", "v3", "HIP_INIT_EXPIRE_CONSENT", "HI.REFUSED"),
    ("ignores_consent_date_range", "v0.5", "HIP_INIT_SHARE_CARECONTEXT", "HI.REFUSED"),
    ("pushes_unconsented_hi_type", "v3", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.CONSENTED"),
    ("strips_gcm_tag", "v3", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.DECRYPTS"),
    ("wrong_checksum", "v0.5", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.CHECKSUM"),
    ("composition_not_first", "v3", "Health_RECORD_CREATION_101", "FHIR.PROFILE"),
    ("no_transfer_notify", "v3", "HIP_INIT_SHARE_CARECONTEXT", "HI.NOTIFY"),
    ("wrong_transaction_in_push", "v0.5", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.TRANSACTION"),
    ("keeps_consents_after_optout", "v0.5", "HIP_INIT_ABHA_OPTOUT_DEACTIVATE", "HI.REFUSED"),
    ("slow_ack", "v3", "USER_INIT_LINK_603", "HTTP.ACK"),
    ("hostile_display", "v3", "USER_INIT_LINK_604", "DSC.CARE_CONTEXTS"),
    ("same_token_number", "v0.5", "SHARE_PATIENT_PROFILE_701", "PROFILE.TOKEN_UNIQUE"),
    ("short_token_expiry", "v3", "SHARE_PATIENT_PROFILE_701", "PROFILE.TOKEN_VALIDITY"),
    ("sms_with_abha_address", "v0.5", "HIP_INIT_NOTIFY_HIECM", "SMS.MOBILE"),
    ("forgets_granted_consent", "v3", "HIP_INIT_GRANT_CONSENT_", "HI.ACK"),
    ("strips_gcm_tag", "v0.5", "USER_INIT_LINK_607", "PUSH.DECRYPTS"),
]
# Every case the harness judges automatically; operator-attested ones (@attest) have no switch.
AUTOMATED_CASES = {
    path.stem
    for path in (REPO_ROOT / "features").rglob("*.feature")
    if "@attest" not in path.read_text().split("\n")[0]
}


def test_every_switch_is_covered():
    assert {defect for defect, *_ in CAUGHT_BY} == set(DEFECTS)


def test_every_test_case_is_shown_to_fail():
    assert {case for _, _, case, _ in CAUGHT_BY} == AUTOMATED_CASES


@pytest.mark.parametrize(("defect", "api", "case_id", "rule"), CAUGHT_BY, ids=[f"{d}-{c}" for d, _, c, _ in CAUGHT_BY])
def test_defect_is_caught(suite, tmp_path, defect, api, case_id, rule):
    target = write_target(
        tmp_path,
        {
            "options = { defects = [] }": f'options = {{ defects = ["{defect}"] }}',
            "callback_seconds = 10": "callback_seconds = 2",
            "silence_seconds = 2": "silence_seconds = 1",
            "transfer_seconds = 1200": "transfer_seconds = 2",
            "http_seconds = 5": "http_seconds = 1",
        },
    )
    run = suite("--target", str(target), "--api", api, "--case", case_id)
    case = run.case(case_id)
    assert case["verdict"] == "failed", run.output
    assert any(f"[{rule}]" in reason for reason in case["reasons"]), case["reasons"]
    assert run.exit_code == (0 if case["marking"] == "advisory" else 1)
