"""Every defect switch of the reference apps turns its test case to failed, naming the rule broken.

A check that cannot fail is a defect of the harness: this is the proof that each can.
"""

from __future__ import annotations

import pytest

from abdm_conformance.config import REPO_ROOT
from reference_apps.hip.defects import DEFECTS as HIP_DEFECTS
from reference_apps.hiu.defects import DEFECTS as HIU_DEFECTS
from reference_apps.registration_desk.defects import DEFECTS as DESK_DEFECTS
from tests.selftest.conftest import with_defect, write_target

# (reference app, defect switch, API version, test case that must fail, rule its reason must name)
CAUGHT_BY = [
    ("hip", "no_token_check", "v3", "ADV_HIP_GATEWAY_TOKEN", "AUTH.GATEWAY_TOKEN"),
    ("hip", "wrong_request_id", "v0.5", "USER_INIT_LINK_603", "CB.CORRELATION"),
    ("hip", "new_transaction_id", "v3", "USER_INIT_LINK_604", "TXN.REUSE"),
    ("hip", "missing_display", "v0.5", "USER_INIT_LINK_604", "MSG.SCHEMA"),
    ("hip", "wrong_count", "v3", "USER_INIT_LINK_604", "DSC.HI_TYPE_GROUPS"),
    ("hip", "finds_anyone", "v3", "USER_INIT_LINK_604", "DSC.NOT_FOUND"),
    ("hip", "links_unselected_contexts", "v3", "USER_INIT_LINK_605", "LNK.SELECTED_ONLY"),
    ("hip", "accepts_wrong_otp", "v0.5", "USER_INIT_LINK_605", "LNK.WRONG_OTP"),
    ("hip", "ignores_unknown_transaction", "v3", "USER_INIT_LINK_606", "LNK.VALIDATED"),
    ("hip", "reuses_request_id", "v3", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("hip", "request_id_in_capitals", "v3", "USER_INIT_LINK_603", "GW.HEADERS"),  # one id, another spelling
    ("hip", "presents_refresh_token", "v3", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("hip", "presents_refresh_token", "v0.5", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("hip", "presents_link_token", "v3", "HIP_INTI_LINK_505", "GW.HEADERS"),
    ("hip", "ist_timestamp", "v0.5", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("hip", "garbage_callback", "v3", "USER_INIT_LINK_603", "GW.HEADERS"),
    ("hip", "deep_json_callback", "v3", "USER_INIT_LINK_604", "MSG.SCHEMA"),
    ("hip", "non_utf8_callback", "v3", "USER_INIT_LINK_604", "GW.HEADERS"),  # refused with 400
    ("hip", "huge_callback", "v3", "USER_INIT_LINK_604", "GW.HEADERS"),  # refused unread with 413
    ("hip", "no_callback", "v3", "USER_INIT_LINK_603", "CB.DEADLINE"),
    ("hip", "server_error", "v3", "USER_INIT_LINK_603", "HTTP.ACK"),
    ("hip", "acks_unknown_consent", "v3", "HIP_INIT_SHARE_CARECONTEXT", "HI.REFUSED"),
    ("hip", "serves_after_revoke", "v0.5", "HIP_INIT_REVOKE_CONSENT", "HI.REFUSED"),
    ("hip", "serves_after_expiry", "v3", "HIP_INIT_EXPIRE_CONSENT", "HI.REFUSED"),
    ("hip", "ignores_consent_date_range", "v0.5", "HIP_INIT_SHARE_CARECONTEXT", "HI.REFUSED"),
    ("hip", "pushes_unconsented_hi_type", "v3", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.CONSENTED"),
    ("hip", "strips_gcm_tag", "v3", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.DECRYPTS"),
    ("hip", "wrong_checksum", "v0.5", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.CHECKSUM"),
    ("hip", "composition_not_first", "v3", "Health_RECORD_CREATION_101", "FHIR.PROFILE"),
    ("hip", "no_transfer_notify", "v3", "HIP_INIT_SHARE_CARECONTEXT", "HI.NOTIFY"),
    ("hip", "wrong_transaction_in_push", "v0.5", "HIP_INIT_SHARE_CARECONTEXT", "PUSH.TRANSACTION"),
    ("hip", "keeps_consents_after_optout", "v0.5", "HIP_INIT_ABHA_OPTOUT_DEACTIVATE", "HI.REFUSED"),
    ("hip", "slow_ack", "v3", "USER_INIT_LINK_603", "HTTP.ACK"),
    ("hip", "hostile_display", "v3", "USER_INIT_LINK_604", "MSG.SCHEMA"),  # NHA's v3 display pattern
    ("hip", "hostile_display", "v0.5", "USER_INIT_LINK_604", "DSC.CARE_CONTEXTS"),
    ("hip", "same_token_number", "v0.5", "SHARE_PATIENT_PROFILE_701", "PROFILE.TOKEN_UNIQUE"),
    ("hip", "short_token_expiry", "v3", "SHARE_PATIENT_PROFILE_701", "PROFILE.TOKEN_VALIDITY"),
    ("hip", "sms_with_abha_address", "v0.5", "HIP_INIT_NOTIFY_HIECM", "SMS.MOBILE"),
    ("hip", "forgets_granted_consent", "v3", "HIP_INIT_GRANT_CONSENT_", "HI.ACK"),
    ("hip", "strips_gcm_tag", "v0.5", "USER_INIT_LINK_607", "PUSH.DECRYPTS"),
    ("hip", "incomplete_auth_request", "v0.5", "HIP_INTI_LINK_201", "MSG.SCHEMA"),
    ("hip", "no_auth_callback_route", "v0.5", "HIP_INTI_LINK_202", "HTTP.ACK"),
    ("hip", "links_before_otp_confirmed", "v0.5", "HIP_INTI_LINK_203", "LNK.TOKEN_FIRST"),
    ("hip", "ignores_auth_error", "v0.5", "HIP_INTI_LINK_203", "LNK.NOTHING_LINKED"),
    ("hip", "link_omits_display", "v0.5", "HIP_INTI_LINK_204", "MSG.SCHEMA"),
    ("hip", "link_omits_display", "v0.5", "HIP_INTI_LINK_205", "MSG.SCHEMA"),
    ("hip", "forgets_hip_initiated_links", "v0.5", "HIP_INTI_LINK_206", "PUSH.COMPLETE"),
    ("hip", "incomplete_auth_request", "v0.5", "HIP_INTI_LINK_301", "MSG.SCHEMA"),
    ("hip", "no_auth_callback_route", "v0.5", "HIP_INTI_LINK_302", "HTTP.ACK"),
    ("hip", "links_before_otp_confirmed", "v0.5", "HIP_INTI_LINK_303", "LNK.TOKEN_FIRST"),
    ("hip", "link_omits_display", "v0.5", "HIP_INTI_LINK_304", "MSG.SCHEMA"),
    ("hip", "link_omits_display", "v0.5", "HIP_INTI_LINK_305", "MSG.SCHEMA"),
    ("hip", "forgets_hip_initiated_links", "v0.5", "HIP_INTI_LINK_306", "PUSH.COMPLETE"),
    ("hip", "ignores_auth_error", "v0.5", "HIP_INTI_LINK_401", "LNK.NOTHING_LINKED"),
    ("hip", "no_direct_auth_ack", "v0.5", "HIP_INTI_LINK_402", "CB.DEADLINE"),
    ("hip", "link_omits_display", "v0.5", "HIP_INTI_LINK_403", "MSG.SCHEMA"),
    ("hip", "link_omits_display", "v0.5", "HIP_INTI_LINK_404", "MSG.SCHEMA"),
    ("hip", "forgets_hip_initiated_links", "v0.5", "HIP_INTI_LINK_405", "PUSH.COMPLETE"),
    ("hip", "incomplete_auth_request", "v3", "HIP_INTI_LINK_501", "MSG.SCHEMA"),
    ("hip", "wrong_demographics", "v0.5", "HIP_INTI_LINK_502", "LNK.CREDENTIAL"),
    ("hip", "wrong_demographics", "v3", "HIP_INTI_LINK_503", "LNK.CREDENTIAL"),
    ("hip", "ignores_auth_error", "v3", "HIP_INTI_LINK_503", "LNK.NOTHING_LINKED"),
    ("hip", "no_auth_callback_route", "v3", "HIP_INTI_LINK_504", "HTTP.ACK"),
    ("hip", "reuses_access_token", "v0.5", "HIP_INTI_LINK_504", "LNK.TOKEN_FRESH"),
    ("hip", "reuses_expired_link_token", "v3", "HIP_INTI_LINK_504", "LNK.TOKEN_FRESH"),
    ("hip", "trusts_unsolicited_link_token", "v3", "HIP_INTI_LINK_504", "LNK.TOKEN_FRESH"),
    ("hip", "link_omits_display", "v3", "HIP_INTI_LINK_505", "MSG.SCHEMA"),
    ("hip", "forgets_hip_initiated_links", "v3", "HIP_INTI_LINK_505", "LNK.HELD"),
    ("hip", "forgets_hip_initiated_links", "v3", "HIP_INTI_LINK_506", "PUSH.COMPLETE"),
    # No step of 607 names the push's schema: the plugin judges every exchange against NHA's contract.
    ("hip", "push_omits_key_expiry", "v3", "USER_INIT_LINK_607", "MSG.SCHEMA"),
    ("hip", "push_omits_key_expiry", "v0.5", "Health_RECORD_CREATION_101", "MSG.SCHEMA"),
    ("hiu", "find_without_requester", "v0.5", "HIU_FLOW_101", "MSG.SCHEMA"),
    ("hiu", "past_data_erase_at", "v3", "HIU_FLOW_102", "CNS.REQUEST"),
    ("hiu", "unknown_hi_type", "v0.5", "HIU_FLOW_103", "MSG.SCHEMA"),
    ("hiu", "status_never_updated", "v3", "HIU_FLOW_104", "CNS.LIST"),
    ("hiu", "fetches_after_denial", "v3", "HIU_FLOW_105", "CNS.FETCH"),
    ("hiu", "skips_artefact_fetch", "v0.5", "HIU_FLOW_106", "CNS.FETCH"),
    ("hiu", "trusts_other_hiu_artefact", "v3", "HIU_FLOW_106", "HIU.HI_REQUEST"),
    ("hiu", "reuses_key_material", "v0.5", "HIU_FLOW_106", "HIU.HI_REQUEST"),
    ("hiu", "ignores_gcm_tag", "v3", "HIU_FLOW_106", "HIU.NOTIFY"),
    ("hiu", "notify_all_ok", "v0.5", "HIU_FLOW_106", "HIU.NOTIFY"),
    ("hiu", "accepts_wrong_transaction", "v0.5", "HIU_FLOW_106", "HIU.RECORDS"),
    ("hiu", "stores_duplicate_pages", "v3", "HIU_FLOW_106", "HIU.RECORDS"),
    ("hiu", "no_transfer_notify", "v3", "HIU_FLOW_107", "APP.REQUEST"),
    ("hiu", "no_transfer_notify", "v0.5", "HIU_FLOW_108", "APP.REQUEST"),
    ("hiu", "no_transfer_notify", "v3", "HIU_FLOW_109", "APP.REQUEST"),
    ("hiu", "no_transfer_notify", "v0.5", "HIU_FLOW_110", "APP.REQUEST"),
    ("hiu", "no_transfer_notify", "v3", "HIU_FLOW_111", "APP.REQUEST"),
    ("hiu", "no_transfer_notify", "v0.5", "HIU_FLOW_112", "APP.REQUEST"),
    ("hiu", "no_transfer_notify", "v3", "HIU_FLOW_113", "APP.REQUEST"),
    ("hiu", "status_never_updated", "v0.5", "HIU_FLOW_201", "CNS.LIST"),
    ("hiu", "keeps_data_after_revoke", "v3", "HIU_FLOW_202", "HIU.RECORDS"),
    ("hiu", "accepts_push_after_revoke", "v0.5", "HIU_FLOW_202", "HIU.RECORDS"),
    ("hiu", "keeps_data_after_expiry", "v0.5", "HIU_FLOW_301", "HIU.RECORDS"),
    ("hiu", "ignores_data_erase_at", "v0.5", "HIU_FLOW_301", "HIU.DATA_ERASE_AT"),
    ("hiu", "mislabels_hi_type", "v3", "HIU_FLOW_106", "HIU.HI_TYPE"),
    ("hiu", "no_token_check", "v3", "ADV_HIU_GATEWAY_TOKEN", "AUTH.GATEWAY_TOKEN"),
    ("desk", "sends_aadhaar_unencrypted", "v3", "CRT_ABHA_101", "ABHA.ENCRYPTION"),
    ("desk", "sends_aadhaar_unencrypted", "v3", "VRFY_ABHA_401", "ABHA.ENCRYPTION"),
    ("desk", "wrong_consent_version", "v3", "CRT_ABHA_102", "ABHA.CONSENT"),
    ("desk", "no_aadhaar_check", "v3", "CRT_ABHA_104", "ABHA.INPUT"),
    ("desk", "pkcs1_padding", "v3", "CRT_ABHA_105", "ABHA.ENCRYPTION"),
    ("desk", "omits_otp_system", "v3", "CRT_ABHA_101", "ABHA.CALL"),
    ("desk", "omits_otp_system", "v3", "CRT_ABHA_105", "ABHA.CALL"),
    ("desk", "otp_unencrypted", "v3", "CRT_ABHA_107", "ABHA.ENCRYPTION"),
    ("desk", "pkcs1_padding", "v3", "CRT_ABHA_108", "ABHA.ENCRYPTION"),
    ("desk", "skips_mobile_verification", "v3", "CRT_ABHA_109", "ABHA.MOBILE"),
    ("desk", "no_address_suggestions", "v3", "CRT_ABHA_112", "ABHA.ADDRESS"),
    ("desk", "stores_wrong_abha_number", "v3", "CRT_ABHA_113", "ABHA.HELD"),
    ("desk", "stores_wrong_abha_number", "v3", "VRFY_ABHA_303", "ABHA.HELD"),
    ("desk", "stores_wrong_abha_number", "v3", "VRFY_ABHA_404", "ABHA.HELD"),
    ("desk", "never_registers_found_patient", "v3", "VRFY_ABHA_303", "ABHA.HELD"),
    ("desk", "picks_first_account", "v3", "VRFY_ABHA_301", "ABHA.ACCOUNTS"),
    ("desk", "swallows_abha_errors", "v3", "CRT_ABHA_107", "ABHA.REFUSAL"),
    ("desk", "swallows_abha_errors", "v3", "VRFY_ABHA_302", "ABHA.REFUSAL"),
    ("desk", "swallows_abha_errors", "v3", "VRFY_ABHA_304", "ABHA.REFUSAL"),
    ("desk", "swallows_abha_errors", "v3", "VRFY_ABHA_402", "ABHA.REFUSAL"),
    ("desk", "swallows_abha_errors", "v3", "VRFY_ABHA_403", "ABHA.REFUSAL"),
    ("desk", "resend_keeps_first_transaction", "v3", "VRFY_ABHA_305", "ABHA.RESEND"),
    ("desk", "resend_keeps_first_transaction", "v3", "VRFY_ABHA_405", "ABHA.RESEND"),
    ("desk", "no_card_download", "v3", "CRT_ABHA_114", "ABHA.CARD"),
    ("desk", "no_dl_flow_scope", "v3", "CRT_ABHA_401", "ABHA.CALL"),
    ("desk", "wrong_consent_version", "v3", "CRT_ABHA_402", "ABHA.CONSENT"),
    ("desk", "skips_mobile_verification", "v3", "CRT_ABHA_403", "ABHA.MOBILE"),
    ("desk", "swallows_abha_errors", "v3", "CRT_ABHA_404", "ABHA.REFUSAL"),
    ("desk", "swallows_abha_errors", "v3", "CRT_ABHA_405", "ABHA.REFUSAL"),
    ("desk", "omits_back_photo", "v3", "CRT_ABHA_406", "MSG.SCHEMA"),
    ("desk", "stores_wrong_abha_number", "v3", "CRT_ABHA_408", "ABHA.HELD"),
    ("desk", "accepts_13_digit_abha", "v3", "VRFY_ABHA_101", "ABHA.INPUT"),
    ("desk", "pkcs1_padding", "v3", "VRFY_ABHA_201", "ABHA.ENCRYPTION"),
    ("desk", "pkcs1_padding", "v3", "VRFY_ABHA_102", "ABHA.ENCRYPTION"),
    ("desk", "stores_wrong_abha_number", "v3", "VRFY_ABHA_202", "ABHA.HELD"),
    ("desk", "duplicate_patient_ids", "v3", "TAGGING_UNIQUEPATIENTID_UNIQUEABHANUMBER", "ABHA.HELD"),
]
# Every case the harness judges automatically; operator-attested ones (@attest) have no switch.
AUTOMATED_CASES = {
    path.stem
    for path in (REPO_ROOT / "features").rglob("*.feature")
    if "@attest" not in path.read_text().split("\n")[0]
}


@pytest.mark.parametrize(("app", "defects"), [("hip", HIP_DEFECTS), ("hiu", HIU_DEFECTS), ("desk", DESK_DEFECTS)])
def test_every_switch_is_covered(app, defects):
    assert {defect for on, defect, *_ in CAUGHT_BY if on == app} == set(defects)


def test_a_message_no_step_names_is_still_judged():
    """No step of 607 looks at the pushed pages' schema: push_omits_key_expiry fails it all the same."""
    feature = REPO_ROOT / "features" / "m2" / "consent_and_records" / "USER_INIT_LINK_607.feature"
    assert "schema" not in feature.read_text(encoding="utf-8")
    assert ("hip", "push_omits_key_expiry", "v3", "USER_INIT_LINK_607", "MSG.SCHEMA") in CAUGHT_BY


def test_every_test_case_is_shown_to_fail():
    assert {case for *_, case, _ in CAUGHT_BY} == AUTOMATED_CASES


# One suite run per switch and API version, judging every case it must fail.
RUNS: dict[tuple[str, str, str], dict[str, str]] = {}
for app, defect, api, case_id, rule in CAUGHT_BY:
    RUNS.setdefault((app, defect, api), {})[case_id] = rule


@pytest.mark.parametrize(("app", "defect", "api"), RUNS, ids=[f"{d}-{a}" for _, d, a in RUNS])
def test_defect_is_caught(suite, tmp_path, app, defect, api):
    target = write_target(
        tmp_path,
        {
            **with_defect(app, defect),
            "callback_seconds = 10": "callback_seconds = 2",
            "silence_seconds = 2": "silence_seconds = 1",
            "transfer_seconds = 1200": "transfer_seconds = 2",
            "http_seconds = 5": "http_seconds = 1",
        },
    )
    rules = RUNS[app, defect, api]
    run = suite("--target", str(target), "--api", api, *(f"--case={case_id}" for case_id in rules))
    for case_id, rule in rules.items():
        case = run.case(case_id)
        assert case["verdict"] == "failed", (case_id, run.output)
        assert any(f"[{rule}]" in reason for reason in case["reasons"]), (case_id, case["reasons"])
    mandatory = any(run.case(case_id)["marking"] == "mandatory" for case_id in rules)
    assert run.exit_code == (1 if mandatory else 0)
