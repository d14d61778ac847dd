"""The pytest side of the harness: options, the simulator fixture, verdicts and evidence.

Scenarios come from the feature files; this plugin turns each one's outcome into a
verdict for its official test case, writes the masked evidence of every exchange,
attaches it to the Allure step that caused it, and sets the exit status from the
mandatory cases only.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import allure
import pytest
from _pytest.junitxml import xml_key as junit_xml_key
from pytest_bdd.scenario import scenario_wrapper_template_registry

from abdm_conformance import __version__, resources, schemas
from abdm_conformance.attestations import Attestation, load_attestations
from abdm_conformance.attribution import Ledger
from abdm_conformance.checks import CheckFailed, contract
from abdm_conformance.checks.records import Record
from abdm_conformance.checks.rules import SCHEMA, CheckWarning, collecting_warnings
from abdm_conformance.config import (
    CareContext,
    ConfigError,
    Target,
    TestPatient,
    load_target,
    output_folder,
)
from abdm_conformance.exchange import AppRequest, Exchange, Interaction, Transfer
from abdm_conformance.masking import Masker
from abdm_conformance.protocol import Consent, FoundCareContext
from abdm_conformance.reporting import terminal
from abdm_conformance.reporting.errors import ReportError
from abdm_conformance.reporting.manifest import load_signing_key
from abdm_conformance.reporting.publish import publish
from abdm_conformance.results import (
    INTERRUPTED_EXIT_CODE,
    CaseInfo,
    ScenarioResult,
    clear_run_outputs,
    exit_code,
    milestone_outcomes,
    scrub_files,
    suite_fingerprint,
    summarise,
    write_evidence,
    write_results,
)
from abdm_conformance.sharding import HTTP_WORKERS_REFUSED, parse_shard
from mocks.abha.identities import Identity
from mocks.gateway.consent_manager import PushedRecord
from mocks.gateway.host import HostError, SimulatorHost
from mocks.gateway.simulator import Credential
from steps.xdist_groups import is_worker, keep_groups_together

MILESTONES = ("M1", "M2", "M3")
MARKINGS = ("mandatory", "optional", "conditional", "advisory")
API_ONLY_TAGS = {"v3-only": "v3", "v0.5-only": "v0.5"}
SUITE_DIRS = (resources.STEPS, resources.FEATURES)

_target_key = pytest.StashKey[Target]()
_results_key = pytest.StashKey[list[ScenarioResult]]()
_out_key = pytest.StashKey[Path]()
_started_key = pytest.StashKey[str]()
_attestations_key = pytest.StashKey[dict[str, Attestation]]()
_attested_key = pytest.StashKey[Attestation]()
_host_key = pytest.StashKey[SimulatorHost]()
_case_key = pytest.StashKey[CaseInfo]()
_first_seq_key = pytest.StashKey[int]()  # the first exchange of a scenario
_attached_key = pytest.StashKey[int]()  # the last exchange attached to an Allure step
_warnings_key = pytest.StashKey[list[CheckWarning]]()  # what the scenario's checks advise, beyond NHA's rules
_simulator_violations_key = pytest.StashKey[list[dict[str, Any]]]()  # harness bugs: NHA's contract broken
_ledger_key = pytest.StashKey[Ledger]()  # which scenario each correlation id belongs to
ATTEST_PREFIX = "attest: "  # skip reason marking a case that awaits an operator's attestation
NOT_SELECTED = "not selected in this run (--case, --milestone)"
_not_run_reason_key = pytest.StashKey[str]()  # why a scenario left out is not run, when not NOT_SELECTED


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("abdm-conformance", "ABDM conformance suite")
    group.addoption(
        "--abdm-target",
        dest="target",
        help="target file (TOML) describing the app under test; default: the bundled reference HIP. Given, any "
        "pytest runs the installed suite (the repository's conftest.py adds --target as well)",
    )
    group.addoption("--api", choices=("v3", "v0.5"), help="ABDM API version; default: the target file's")
    group.addoption(
        "--transport", choices=("http", "in-process"), help="how to reach the app; default: the target file's"
    )
    group.addoption("--milestone", action="append", default=[], help="run only this milestone (M1, M2, M3); repeatable")
    group.addoption("--case", action="append", default=[], help="run only this official test-case id; repeatable")
    group.addoption("--out", default=None, help="output folder for results.json, evidence, junit.xml, allure-results")
    group.addoption("--state", default=None, help="folder of the simulator's keys and tokens, kept between runs")
    group.addoption("--sign-key", default=None, help="Ed25519 PEM key of the testing party, to sign the manifest")
    group.addoption("--no-pdf", action="store_true", help="skip the PDF of the report (it needs Chromium)")
    group.addoption("--attestations", default=None, help="TOML file of operator attestations for screen-only cases")
    group.addoption(
        "--interactive", action="store_true", help="without a test driver, ask an operator to make the app act"
    )
    group.addoption(
        "--shard",
        type=parse_shard,
        default=None,
        help="K/N: run only the K-th of N slices of the test cases (round-robin over sorted case ids); the others "
        "are not_run. `abdm-conformance merge` joins the shards' folders",
    )


def _feature_tags() -> set[str]:
    return {
        word[1:]
        for path in resources.FEATURES.rglob("*.feature")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("@")
        for word in line.split()
    }


def _runs_suite(config: pytest.Config) -> bool:
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    return any(path == d or d in path.parents for path in paths for d in SUITE_DIRS)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Feature tags become pytest markers; official test-case ids among them are registered here.
    for tag in sorted(_feature_tags()):
        config.addinivalue_line("markers", f"{tag}: tag of the ABDM conformance suite")
    if not _runs_suite(config):
        return
    try:
        target = load_target(config.getoption("target"))
        target = target.with_overrides(
            api_version=config.getoption("api"),
            transport=config.getoption("transport"),
            interactive=config.getoption("interactive"),
            state_dir=config.getoption("state"),
        )
        if sign_key := config.getoption("sign_key"):
            load_signing_key(Path(sign_key))
        attestations_file = config.getoption("attestations")
        config.stash[_attestations_key] = load_attestations(attestations_file) if attestations_file else {}
        out = output_folder(config.getoption("out") or resources.DEFAULT_OUT)
    except (ConfigError, ReportError) as error:
        raise pytest.UsageError(str(error)) from None
    if not is_worker(config):  # a worker of `--workers` (pytest-xdist): the controller cleared it
        clear_run_outputs(out)
    config.stash[_target_key] = target
    config.stash[_results_key] = []
    config.stash[_simulator_violations_key] = []
    config.stash[_ledger_key] = Ledger()
    config.stash[_out_key] = out
    config.stash[_started_key] = _now()
    # The same outputs whether the suite is started by the CLI or by plain pytest.
    config.option.xmlpath = config.option.xmlpath or str(out / "junit.xml")
    config.option.allure_report_dir = config.option.allure_report_dir or str(out / "allure-results")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _target_key not in config.stash:
        return
    target = config.stash[_target_key]
    milestones = {m.upper() for m in config.getoption("milestone")}
    chosen = _chosen_by_case(config.getoption("case"), milestones, items)  # node ids; None: no --case given
    selected, deselected = [], []
    for item in items:
        case = _case_of(item)
        item.stash[_case_key] = case
        if (chosen is not None and item.nodeid not in chosen) or (milestones and case.milestone not in milestones):
            deselected.append(item)
            continue
        selected.append(item)
        for tag, version in API_ONLY_TAGS.items():
            if item.get_closest_marker(tag) and version != target.api_version:
                item.add_marker(pytest.mark.skip(reason=f"not applicable to API {target.api_version}"))
        if case.milestone == "M3" and target.hiu is None:
            item.add_marker(pytest.mark.skip(reason="not applicable: the target file names no HIU ([hiu])"))
        if case.milestone == "M2" and target.hip_id is None:  # a target file of role HIU or desk
            item.add_marker(pytest.mark.skip(reason="not applicable: the target file names no HIP"))
        if case.milestone == "M1" and target.desk is None and target.role != "HIP":  # the HIP's: skipped by its steps
            item.add_marker(pytest.mark.skip(reason="not applicable: the target file names no registration desk"))
    if shard := config.getoption("shard"):  # whole cases only; the others are not_run, saying why
        mine = shard.cases(item.stash[_case_key].id for item in selected)
        for item in selected:
            if item.stash[_case_key].id not in mine:
                item.stash[_not_run_reason_key] = shard.not_run_reason
                deselected.append(item)
        selected = [item for item in selected if item.stash[_case_key].id in mine]
    if deselected:
        # pytest_deselected (below) records them as not run, as it does scenarios `-k` or `-m` leave out.
        config.hook.pytest_deselected(items=deselected)
        items[:] = selected


def _chosen_by_case(entries: list[str], milestones: set[str], items: list[pytest.Item]) -> set[str] | None:
    """The node ids --case selects: a test case's id its every scenario; a scenario's id (`604_2`, or
    `USER_INIT_LINK_605:605_2` where several cases have a `605_2`) that scenario alone. An id matching nothing, or
    a scenario id of several cases of the milestones selected, is a usage error: one line, nothing run."""
    if not entries:
        return None
    scenarios = []  # (node id, test case, scenario id) of the milestones selected
    for item in items:
        case = _case_of(item)
        if not milestones or case.milestone in milestones:
            scenarios.append((item.nodeid, case.id, _scenario_name(item).split(" ", 1)[0]))
    chosen: set[str] = set()
    for entry in entries:
        case_id, _, sub_id = entry.rpartition(":")
        matches = [
            (nodeid, of_case)
            for nodeid, of_case, scenario in scenarios
            if of_case == entry or (scenario == sub_id and case_id in ("", of_case))
        ]
        if not matches:
            raise pytest.UsageError(
                f"--case {entry}: no test case matches the selection "
                "(give a test-case id such as USER_INIT_LINK_604 or a scenario id such as 604_2)"
            )
        if len(cases := sorted({of_case for _, of_case in matches})) > 1:
            raise pytest.UsageError(
                f"--case {entry}: scenarios of several test cases have this id ({', '.join(cases)}); "
                f"name one, e.g. --case {cases[-1]}:{entry}"
            )
        chosen.update(nodeid for nodeid, _ in matches)
    return chosen


def _case_of(item: pytest.Item) -> CaseInfo:
    template = scenario_wrapper_template_registry[item.obj]  # type: ignore[attr-defined]
    feature = template.feature
    case_id, _, title = feature.name.partition(" ")
    tags = feature.tags
    if case_id not in tags:
        raise pytest.UsageError(f"{feature.rel_filename}: the feature name must start with its test-case id tag")
    return CaseInfo(
        id=case_id,
        milestone=next((t for t in MILESTONES if t in tags), "unknown"),
        title=title.strip(),
        marking=next((t for t in MARKINGS if t in tags), "mandatory"),
        description=" ".join(feature.description.split()),
        judged_by="attestation" if "attest" in tags else "automatic",
    )


# ---- fixtures: the API the steps use ----


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config) -> Target:
    return pytestconfig.stash[_target_key]


@pytest.fixture(scope="session")
def gateway(pytestconfig: pytest.Config, target: Target) -> Any:
    try:
        host = SimulatorHost(target).start()
    except (HostError, ConfigError) as error:
        pytest.fail(f"the harness could not start: {error}", pytrace=False)
    pytestconfig.stash[_host_key] = host
    yield host
    host.stop()


@pytest.fixture(scope="session", autouse=True)
def milestone_properties(pytestconfig: pytest.Config, record_testsuite_property: Any) -> Any:
    """Each milestone's outcome as a JUnit property (milestone.M2 = passed | failed | not_tested), so a CI
    dashboard never reads a partial run as a milestone passed."""
    yield
    if _results_key in pytestconfig.stash:
        cases = [asdict(c) for c in summarise(pytestconfig.stash[_results_key])]
        for milestone, outcome in milestone_outcomes(cases).items():
            record_testsuite_property(f"milestone.{milestone}", outcome["outcome"])


@dataclass
class HipLink:
    """An HIP-initiated linking flow: what the clerk was asked to link, and what the app sent since."""

    method: str  # MOBILE_OTP, AADHAAR_OTP, DIRECT or DEMOGRAPHICS
    chosen: list[CareContext]
    demographics: dict[str, Any]  # what the patient told the clerk
    abha_address: str = ""  # the patient's, to tell this flow's requests from an earlier one's
    origin: int = 0  # the last exchange before the clerk started linking
    start: int = 0  # the last exchange before the app was last made to act
    wait: float = 0.0  # how long the app may take to act (an operator takes minutes)
    requests: dict[str, AppRequest] = field(default_factory=dict)  # the app's requests, by message
    otp: str | None = None  # what the patient read out to the clerk
    token_answer: Exchange | None = None  # the gateway's message issuing the linking token
    token: str | None = None
    earlier_tokens: list[str] = field(default_factory=list)  # tokens of earlier links, and unasked ones
    owns: Callable[[Exchange], bool] = lambda exchange: True  # the scenario's (Conversation.owns)
    claim: Callable[..., None] = lambda *ids: None  # ids its flow created (Conversation.claim)


@dataclass
class HiuFlow:
    """What the HIU was asked to request, and what it and the harness have exchanged since."""

    asked: dict[str, Any]  # the consent the HIU user asked for: HI types, date range, expiry
    start: int = 0  # the last exchange before the HIU was last made to act
    requests: dict[str, AppRequest] = field(default_factory=dict)  # the HIU's requests, by message
    request_id: str | None = None  # the consent manager's id for the consent request
    transaction_id: str | None = None  # of the HIU's health-information request
    pushes: list[Exchange] = field(default_factory=list)
    pushed: list[PushedRecord] = field(default_factory=list)
    used_keys: set[str] = field(default_factory=set)  # public keys and nonces the HIU sent so far


@dataclass
class DeskVisit:
    """One patient at the registration desk: who they are, and what the desk did since."""

    identity: Identity
    abha_number: str | None = None  # the ABHA number ABHA issued or the patient gave
    abha_address: str | None = None  # the ABHA address the patient holds
    mobile: str | None = None  # the mobile the patient gives to find their ABHA
    start: int = 0  # the last exchange before the desk was last made to act
    trigger: Exchange | None = None
    calls: dict[str, Exchange] = field(default_factory=dict)  # the desk's ABHA calls by path, the latest of each
    patients_before: Any = None
    owns: Callable[[Exchange], bool] = lambda exchange: True  # the scenario's (Conversation.owns)
    claim: Callable[..., None] = lambda *ids: None  # ids its flow created (Conversation.claim)


@dataclass
class Conversation:
    """What one scenario has said and heard so far."""

    scenario: str = ""  # "<case> <scenario>": whose correlation ids this scenario claims
    ledger: Ledger = field(default_factory=Ledger)
    patient: TestPatient | None = None
    discovery: Interaction | None = None
    last: Interaction | None = None
    credential: Credential = Credential.GATEWAY
    offered: list[FoundCareContext] = field(default_factory=list)  # what discovery returned
    selected: list[FoundCareContext] = field(default_factory=list)  # what the patient asked to link
    link_reference: str | None = None
    consent: Consent | None = None
    transfer: Transfer | None = None
    records: list[Record] = field(default_factory=list)  # decrypted from the transfer
    tokens: list[str] = field(default_factory=list)  # token numbers handed out at a counter
    asked: AppRequest | None = None  # what the app was asked to do through its test driver
    hip_link: HipLink | None = None  # the HIP-initiated linking under way
    linked: list[CareContext] = field(default_factory=list)  # what the patient has linked at the HIP
    hiu: HiuFlow | None = None  # the consent request an HIU is making
    desk: DeskVisit | None = None  # the patient at the registration desk

    @property
    def discovery_transaction_id(self) -> str:
        return self.discovery.request.request_json["transactionId"]

    def record(self, interaction: Interaction) -> Interaction:
        self.last = interaction
        return interaction

    def claim(self, *ids: Any) -> None:
        """Ids this scenario created or was handed: an exchange naming them is this scenario's, even late."""
        self.ledger.claim(self.scenario, ids)

    def owns(self, exchange: Exchange) -> bool:
        """Whether `exchange` is this scenario's, not late traffic of an earlier one (names none of its ids)."""
        return self.ledger.late_for(exchange, self.scenario) is None


@pytest.fixture
def conversation(gateway: SimulatorHost, request: pytest.FixtureRequest) -> Conversation:
    request.node.stash[_first_seq_key] = len(gateway.simulator.exchanges)
    case = request.node.stash[_case_key]
    # Allure groups by epic (milestone) and shows the official id and marking on every result.
    allure.dynamic.epic(case.milestone)
    allure.dynamic.label("test_case", case.id)
    allure.dynamic.label("marking", case.marking)
    allure.dynamic.label("api_version", request.config.stash[_target_key].api_version)
    return Conversation(_scenario_label(request.node), request.config.stash[_ledger_key])


class Operator:
    """The person at the app's screens, in interactive mode: told what to do, on the terminal."""

    def __init__(self, config: pytest.Config):
        self._reporter = config.pluginmanager.get_plugin("terminalreporter")
        self._capture = config.pluginmanager.get_plugin("capturemanager")

    def instruct(self, instruction: str, seconds: float) -> None:
        # Past pytest's output capture, or the operator would never see it.
        with self._capture.global_and_fixture_disabled():
            self._reporter.write_line(f"OPERATOR, within {seconds:g} s: {instruction}", yellow=True, bold=True)
            self._reporter.flush()


@pytest.fixture
def operator(pytestconfig: pytest.Config) -> Operator:
    return Operator(pytestconfig)


@pytest.fixture
def attestation(request: pytest.FixtureRequest) -> Attestation:
    """The operator's attestation for this scenario's case; the case awaits one if there is none."""
    case = request.node.stash[_case_key]
    found = request.config.stash[_attestations_key].get(case.id)
    if found is None:
        pytest.skip(f'{ATTEST_PREFIX}awaiting the operator\'s attestation (--attestations FILE, case = "{case.id}")')
    request.node.stash[_attested_key] = found
    return found


# ---- evidence: attached to the step that caused it, and one file per scenario ----


def _masker(config: pytest.Config) -> Masker:
    target = config.stash[_target_key]
    host = config.stash.get(_host_key, None)
    issued = host.simulator.tokens.issued if host else []
    return Masker([*target.secrets(), *issued, *config.stash.get(_worker_secrets_key, [])])


def _exchanges_since(item: pytest.Item, key: pytest.StashKey[int]) -> list[Exchange]:
    host = item.config.stash.get(_host_key, None)
    if host is None or _first_seq_key not in item.stash:
        return []
    start = item.stash.get(key, item.stash[_first_seq_key])
    return host.simulator.exchanges[start:]


def _attach_new_exchanges(request: pytest.FixtureRequest) -> None:
    item = request.node
    new = _exchanges_since(item, _attached_key)
    if not new:
        return
    item.stash[_attached_key] = new[-1].seq
    masker = _masker(item.config)
    for exchange in new:
        allure.attach(
            json.dumps(masker.data(exchange.to_dict()), indent=2, ensure_ascii=False),
            name=exchange.summary(),
            attachment_type=allure.attachment_type.JSON,
        )


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_after_step(request: pytest.FixtureRequest, **_: Any) -> None:
    _attach_new_exchanges(request)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request: pytest.FixtureRequest, **_: Any) -> None:
    _attach_new_exchanges(request)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """Run the scenario collecting its warnings, then judge every exchange it caused against NHA's contract:
    a breach no step looked at still fails it."""
    if _results_key not in item.config.stash or _case_key not in item.stash:
        return (yield)
    with collecting_warnings() as warnings:
        item.stash[_warnings_key] = warnings
        try:
            result = yield
        finally:
            breaches = _judge_contract(item)
            for warning in warnings:
                item.user_properties.append(("warning", f"[{warning.rule.id}] {warning.detail}"))
            if warnings:
                allure.attach(
                    json.dumps([w.to_dict() for w in warnings], indent=2, ensure_ascii=False),
                    name=f"Warnings ({len(warnings)}): advice beyond NHA's rules, the verdict stands",
                    attachment_type=allure.attachment_type.JSON,
                )
    if breaches:
        raise CheckFailed(SCHEMA, "; ".join(breaches))
    return result


def _judge_contract(item: pytest.Item) -> list[str]:
    """The app's breaches of NHA's contract in this scenario's exchanges, late traffic of an earlier scenario
    left out; the simulator's breaches are kept apart."""
    evidence = _exchanges_since(item, _first_seq_key)
    late = _late_traffic(item, evidence)
    app_breaches, simulator_breaches = contract.judge_scenario([e for e in evidence if e.seq not in late])
    scenario = {"case": item.stash[_case_key].id, "scenario": _scenario_name(item)}
    item.config.stash[_simulator_violations_key].extend({**scenario, **v.to_dict()} for v in simulator_breaches)
    return app_breaches


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    report = yield
    config = item.config
    if _results_key not in config.stash or _case_key not in item.stash:
        return report
    if report.when == "call" or (report.when == "setup" and not report.passed):
        verdict, reason = _verdict(report, call)
        masker = _masker(config)
        if reason:
            reason = masker.text(reason)
        if report.failed:  # what JUnit and the terminal show: the reason, not the harness's traceback
            report.longrepr = reason if verdict == "failed" else masker.text(str(report.longrepr))
        case = item.stash[_case_key]
        evidence = _exchanges_since(item, _first_seq_key)
        scenario = _scenario_name(item)
        attestation = item.stash.get(_attested_key, None)
        if attestation is not None and verdict == "passed":
            verdict = "attested"
        late = _late_traffic(item, evidence)
        path = (
            write_evidence(config.stash[_out_key], case.id, scenario, evidence, masker, attestation, late)
            if evidence or attestation
            else None
        )
        warnings = [w.to_dict() for w in item.stash.get(_warnings_key, [])]
        result = ScenarioResult(case, scenario, verdict, reason, path, report.duration, warnings)
        config.stash[_results_key].append(result)
        if is_worker(config):  # the controller alone writes the results: it rebuilds them from the report
            setattr(report, SCENARIO_ATTRIBUTE, {**asdict(result), "of_case": _case_totals(item.session)[case.id]})
    return report


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _verdict(report: pytest.TestReport, call: pytest.CallInfo[None]) -> tuple[str, str | None]:
    if report.skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        if reason.startswith(ATTEST_PREFIX):
            return "attest", reason.removeprefix(ATTEST_PREFIX)
        return ("not_applicable" if "not applicable" in reason else "skipped"), reason
    if report.passed:
        return "passed", None
    error = call.excinfo.value if call.excinfo else None
    if isinstance(error, CheckFailed):
        return "failed", str(error)
    if isinstance(error, AssertionError):
        return "failed", str(error) or "assertion failed"
    if isinstance(error, pytest.fail.Exception):  # pytest.fail(): the harness could not run
        return "broken", str(error)
    return "broken", f"{type(error).__name__}: {error}" if error else report.longreprtext


def _late_traffic(item: pytest.Item, evidence: list[Exchange]) -> dict[int, str]:
    """seq → the earlier scenario whose late traffic the exchange is: in the evidence, not judged here."""
    return item.config.stash[_ledger_key].late_traffic(evidence, _scenario_label(item))


def _scenario_label(item: pytest.Item) -> str:
    return f"{item.stash[_case_key].id} {_scenario_name(item)}"


def _scenario_name(item: pytest.Item) -> str:
    template = scenario_wrapper_template_registry[item.obj]  # type: ignore[attr-defined]
    example = item.callspec.params.get("_pytest_bdd_example") if hasattr(item, "callspec") else None
    return template.render(example or {}).name


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
    if _results_key not in config.stash or not (config.stash[_results_key] or interrupted):
        return
    if is_worker(config):
        _hand_over(config)
        return
    out = config.stash[_out_key]
    target = config.stash[_target_key]
    cases = summarise(config.stash[_results_key])
    run = {
        "harness": "abdm-conformance",
        "harness_version": __version__,
        "suite_fingerprint": suite_fingerprint(resources.fingerprinted()),
        "started_at": config.stash[_started_key],
        "finished_at": _now(),
        "target": {
            "name": target.name,
            "file": str(target.source),
            "hip_id": target.hip_id,
            "bridge_url": target.bridge_url,
        },
        "api_version": target.api_version,
        "transport": target.transport,
        "app_actions": target.app_actions,
        "report": dict(target.report),
        "simulator_violations": config.stash[_simulator_violations_key],
        "interpretations": schemas.interpretations(),
    }
    if shard := config.getoption("shard"):
        run["shard"] = str(shard)  # cases of the other shards are not_run: `abdm-conformance merge` joins them
    masker = _masker(config)
    write_results(out, run, cases, masker, interrupted)
    scrub_files(out, masker)
    sign_key = config.getoption("sign_key")
    warnings = publish(out, pdf=not config.getoption("no_pdf"), signing_key=Path(sign_key) if sign_key else None)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if violations := config.stash[_simulator_violations_key]:
        warnings.append(
            f"HARNESS BUG: the simulator sent {len(violations)} message(s) NHA's contract refuses "
            "(results.json run.simulator_violations); please report it"
        )
    for line in [*warnings, f"results, report and evidence: {out}"]:
        if reporter is not None:
            reporter.write_line(line)
    if interrupted:
        session.exitstatus = INTERRUPTED_EXIT_CODE
    elif exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        session.exitstatus = exit_code(cases)


# ---- test names carrying the scenario id, and the terminal for people: a line per test case, a table at the end ----

_pending_key = pytest.StashKey[dict[str, int]]()  # test case → its scenarios still to run
_seconds_key = pytest.StashKey[dict[str, float]]()  # test case → seconds its scenarios took so far


@pytest.hookimpl(tryfirst=True)
def pytest_collectstart(collector: pytest.Collector) -> None:
    """Name each scenario's test after the scenario with its id (`test_605_2_a_wrong_otp_…`, where pytest-bdd
    drops leading digits: `test_2_a_wrong_otp_…`), so `-k 605_2` finds it; other names and the order stay."""
    if not isinstance(collector, pytest.Module) or _target_key not in collector.config.stash:
        return
    try:
        namespace = vars(collector.obj)
    except Exception:  # the module does not import: collecting it reports why
        return
    renamed, changed = {}, False
    for name, obj in namespace.items():
        template = scenario_wrapper_template_registry.get(obj) if callable(obj) and name.startswith("test_") else None
        new_name = _test_name(template.name, {*namespace, *renamed} - {name}) if template is not None else name
        if new_name != name:
            renamed[new_name], changed = obj, True
        else:
            renamed[name] = obj
    if changed:
        namespace.clear()
        namespace.update(renamed)


def _test_name(scenario: str, taken: set[str]) -> str:
    base = "test_" + re.sub(r"\W", "", scenario.replace(" ", "_")).lower()
    return next(name for name in (base, *(f"{base}_{n}" for n in range(1, 1000))) if name not in taken)


def pytest_deselected(items: list[pytest.Item]) -> None:
    """Scenarios left out (--case, --milestone, -k, -m) are in the results all the same, as not run: a partial run
    never reads as a case or a whole milestone judged."""
    for item in items:
        config = item.config
        if _results_key not in config.stash or config.option.collectonly or not isinstance(item, pytest.Function):
            continue  # --collect-only: nothing was run, nor left out of a run
        if item.obj not in scenario_wrapper_template_registry:
            continue
        case = item.stash.setdefault(_case_key, _case_of(item))
        reason = item.stash.get(_not_run_reason_key, NOT_SELECTED)
        config.stash[_results_key].append(ScenarioResult(case, _scenario_name(item), "not_run", reason, None, 0.0))


def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if _results_key not in config.stash:
        return
    pending: dict[str, int] = {}
    for item in session.items:
        if _case_key in item.stash:
            pending[item.stash[_case_key].id] = pending.get(item.stash[_case_key].id, 0) + 1
    config.stash[_pending_key] = pending
    config.stash[_seconds_key] = {}


@pytest.hookimpl(wrapper=True)
def pytest_report_teststatus(report: pytest.TestReport, config: pytest.Config) -> Any:
    """Quiet (the CLI's default, `-qq`): no dots, the line per test case says it."""
    category, letter, word = yield
    if config.get_verbosity() < 0 and _pending_key in config.stash:
        return category, "", ""
    return category, letter, word


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Any:
    started = time.monotonic()
    result = yield
    config = item.config
    if _pending_key not in config.stash or _case_key not in item.stash:
        return result
    case_id = item.stash[_case_key].id
    seconds = config.stash[_seconds_key]
    seconds[case_id] = seconds.get(case_id, 0.0) + time.monotonic() - started
    pending = config.stash[_pending_key]
    pending[case_id] -= 1
    if pending[case_id] == 0 and config.get_verbosity() != 0:  # quiet or verbose: the line as the case ends
        _write_lines(config, [_case_line(config, case_id)])
    return result


def _case_line(config: pytest.Config, case_id: str) -> str:
    (case,) = summarise([r for r in config.stash[_results_key] if r.case.id == case_id])
    return terminal.case_line(asdict(case), config.stash[_seconds_key][case_id], _colour(config))


@pytest.hookimpl(specname="pytest_sessionfinish")
def pytest_sessionfinish_terminal_summary(session: pytest.Session) -> None:
    """The table per milestone and each failed or broken case's first reason, before the line naming the folder
    (pytest_sessionfinish above, which runs last); with pytest's dots, first a line per test case."""
    config = session.config
    if _seconds_key not in config.stash or not config.stash[_results_key]:
        return
    lines = []
    if config.get_verbosity() == 0:
        lines = [_case_line(config, case_id) for case_id in config.stash[_seconds_key]]
    cases = [asdict(c) for c in summarise(config.stash[_results_key])]
    _write_lines(config, [*lines, *terminal.summary_lines(cases, _colour(config))])


def _colour(config: pytest.Config) -> bool:
    """Colour only where pytest's terminal has it: a terminal, not a CI log, and no NO_COLOR."""
    return config.get_terminal_writer().hasmarkup


def _write_lines(config: pytest.Config, lines: list[str]) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return
    reporter.ensure_newline()
    for line in lines:
        reporter.write_line(line)
    reporter.flush()


# ---- workers (`--workers N`, pytest-xdist): each runs whole test cases with its own simulator and in-process apps;
# the controller alone writes results.json, the report and the manifest ----

SCENARIO_ATTRIBUTE = "abdm_scenario"  # a worker's report carries its ScenarioResult (asdict) to the controller
USAGE_ERROR_OUTPUT = "abdm_usage_error"  # a worker's output: the usage error its collection found
_worker_secrets_key = pytest.StashKey[list[str]]()  # controller: tokens the workers' simulators issued, to mask
_case_totals_key = pytest.StashKey[dict[str, int]]()  # worker: test case → its scenarios in this run


@pytest.hookimpl(trylast=True, specname="pytest_configure")
def pytest_configure_workers(config: pytest.Config) -> None:
    """Each test case's scenarios go to one worker, in order (--dist loadgroup, an xdist_group per case): they share
    what the simulator and the app remember, as in a serial run. Over HTTP the app knows one gateway: one worker."""
    if _target_key not in config.stash:
        return
    if is_worker(config):
        config.option.loadgroup = True  # whatever --dist the command line gave: cases are never split
    elif config.getoption("dist", "no") != "no" and config.getoption("tx", None):  # xdist's controller
        workers = config.getoption("numprocesses", None)
        if config.stash[_target_key].transport == "http" and len(config.getoption("tx")) > 1:
            raise pytest.UsageError(HTTP_WORKERS_REFUSED.format(option="-n", n=workers))
        config.option.dist = "loadgroup"
        config.pluginmanager.register(_Controller(config), "abdm-conformance-controller")


@pytest.hookimpl(tryfirst=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_group_by_case(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a worker, before xdist reads them: a test case's scenarios form one xdist group."""
    if _target_key not in config.stash or not is_worker(config):
        return
    for item in items:
        if isinstance(item, pytest.Function) and item.obj in scenario_wrapper_template_registry:
            item.add_marker(pytest.mark.xdist_group(_case_of(item).id))


@pytest.hookimpl(trylast=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_group_suffix(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _target_key in config.stash:
        keep_groups_together(config, items)


@pytest.hookimpl(wrapper=True, specname="pytest_collection_modifyitems")
def pytest_collection_modifyitems_usage_error(config: pytest.Config, items: list[pytest.Item]) -> Any:
    """A usage error found in collection (`--case` matching nothing) is the controller's to say, in one line: a
    worker raising it would crash. The worker then runs nothing and hands the message over."""
    if not is_worker(config):
        return (yield)
    try:
        return (yield)
    except pytest.UsageError as error:
        config.workeroutput[USAGE_ERROR_OUTPUT] = str(error)  # type: ignore[attr-defined]
        if _results_key in config.stash:
            config.stash[_results_key].clear()
        items[:] = []
        return None


def _case_totals(session: pytest.Session) -> dict[str, int]:
    if _case_totals_key not in session.config.stash:
        totals: dict[str, int] = {}
        for item in session.items:
            if _case_key in item.stash:
                totals[item.stash[_case_key].id] = totals.get(item.stash[_case_key].id, 0) + 1
        session.config.stash[_case_totals_key] = totals
    return session.config.stash[_case_totals_key]


def _hand_over(config: pytest.Config) -> None:
    """What a worker's reports do not carry: the scenarios left out (the same on every worker), the simulator's
    breaches of NHA's contract, and the tokens it issued, which the controller masks in what it writes."""
    host = config.stash.get(_host_key, None)
    config.workeroutput[SCENARIO_ATTRIBUTE] = {  # type: ignore[attr-defined]
        "not_run": [asdict(r) for r in config.stash[_results_key] if r.verdict == "not_run"],
        "simulator_violations": config.stash[_simulator_violations_key],
        "secrets": list(host.simulator.tokens.issued) if host else [],
    }


def _scenario_result(data: dict[str, Any]) -> ScenarioResult:
    fields = {name: data[name] for name in ScenarioResult.__dataclass_fields__}
    return ScenarioResult(**{**fields, "case": CaseInfo(**data["case"])})


class _Controller:
    """The xdist controller's side: rebuilds each scenario's result from its worker's report, shows a test case's
    line as its last scenario ends, and takes in what the workers hand over as they finish."""

    def __init__(self, config: pytest.Config):
        self.config = config
        self.case_of: dict[str, str] = {}  # node id → test case
        self.received: dict[str, int] = {}  # test case → its scenarios judged so far
        self.totals: dict[str, int] = {}  # test case → its scenarios in this run
        self.handed_over = False
        self.usage_error: str | None = None  # a worker's, said once, and nothing is written
        config.stash[_pending_key] = {}  # pytest's dots stay hidden, as in a serial run
        config.stash[_seconds_key] = {}
        config.stash[_worker_secrets_key] = []

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # xdist's loadgroup appends "@<group>" to node ids: JUnit and the terminal show the serial run's names.
        if "@" in report.nodeid.rpartition("::")[2]:
            report.nodeid = report.nodeid.rpartition("@")[0]
        config = self.config
        if (data := getattr(report, SCENARIO_ATTRIBUTE, None)) is not None:
            result = _scenario_result(data)
            config.stash[_results_key].append(result)
            case_id = self.case_of[report.nodeid] = result.case.id
            self.received[case_id] = self.received.get(case_id, 0) + 1
            self.totals[case_id] = data["of_case"]
        if (case_id := self.case_of.get(report.nodeid)) is None:
            return
        seconds = config.stash[_seconds_key]
        seconds[case_id] = seconds.get(case_id, 0.0) + report.duration
        done = self.received[case_id] == self.totals[case_id]
        if report.when == "teardown" and done and config.get_verbosity() != 0:
            _write_lines(config, [_case_line(config, case_id)])

    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        config = self.config
        if usage_error := getattr(node, "workeroutput", {}).get(USAGE_ERROR_OUTPUT):
            config.stash[_results_key].clear()
            self.usage_error = usage_error
        handed = getattr(node, "workeroutput", {}).get(SCENARIO_ATTRIBUTE)
        if not handed or self.usage_error:
            return
        if not self.handed_over:  # every worker collected the same: the first one's scenarios left out will do
            config.stash[_results_key][:0] = [_scenario_result(r) for r in handed["not_run"]]
            self.handed_over = True
        config.stash[_simulator_violations_key].extend(handed["simulator_violations"])
        config.stash[_worker_secrets_key].extend(handed["secrets"])

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        """Each milestone's outcome as a JUnit property, as the milestone_properties fixture does in a serial run
        (on a worker it has no JUnit file to write to)."""
        if self.usage_error:
            sys.stderr.write(f"ERROR: {self.usage_error}\n")
            session.exitstatus = pytest.ExitCode.USAGE_ERROR
            return
        xml = self.config.stash.get(junit_xml_key, None)
        if xml is None or not self.config.stash[_results_key]:
            return
        cases = [asdict(c) for c in summarise(self.config.stash[_results_key])]
        for milestone, outcome in milestone_outcomes(cases).items():
            xml.add_global_property(f"milestone.{milestone}", outcome["outcome"])
