"""A corpus of bad target files and command lines: each is one line naming the key, exit 2, and nothing runs.

Each target file is a small mutation of the bundled one; `load_target` must raise ConfigError (never anything
else) with a single line naming the key. Command lines go through the CLI with the suite's entry point
replaced by a failure, so "checked before anything runs" is part of what is tested; a handful of both
go through the installed `abdm-conformance` command as a user runs it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest

from abdm_conformance import cli
from abdm_conformance.config import EMBEDDED_TARGET, ConfigError, load_target

ROLES = ("hip", "hiu", "desk")

GOOD = EMBEDDED_TARGET.read_text()
TEMPLATES = {role: (files("abdm_conformance") / "templates" / f"target-{role}.toml").read_text() for role in ROLES}
COMMAND = Path(sys.executable).parent / "abdm-conformance"
Build = Callable[[Path], Path]  # writes a target file (or not) into a folder and returns its path


def written(content: str | bytes) -> Build:
    def build(folder: Path) -> Path:
        path = folder / "target.toml"
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    return build


def mutated(old: str, new: str) -> Build:
    assert old in GOOD, old
    return written(GOOD.replace(old, new, 1))


def block(first: str, last: str) -> str:
    """The bundled target's text from `first` to `last`, both included."""
    start = GOOD.index(first)
    return GOOD[start : GOOD.index(last, start) + len(last)]


def absent(folder: Path) -> Path:
    return folder / "absent.toml"


def a_folder(folder: Path) -> Path:
    return folder


BRIDGE = 'bridge_url = "http://127.0.0.1:8071"'
HIU_BRIDGE = 'bridge_url = "http://127.0.0.1:8072"'
LISTEN = 'listen = "127.0.0.1:8070"'
FACTORY = 'factory = "reference_apps.hip:create_app"'
SECOND_ADDRESS = 'abha_address = "asha.devi@sbx"'
SECOND_NUMBER = 'abha_number = "91-4444-5555-6666"'
IN_PROCESS_TABLE = block("[target.in_process]", "# keyword arguments for the factory\n")
FIRST_CONTEXTS = block("care_contexts = [", '"DiagnosticReport" },\n]')
SECOND_PATIENT = block('[[patients]]\nabha_address = "asha.devi@sbx"', '"Invoice" },\n]')
CLIENTS = block("[[gateway.clients]]", 'client_secret = "ref-desk-secret-0001"')
REPORT_TABLE = block("[report]", 'testing_party = "self-test"')

# (id, how to make the file, what the message must contain: the key, or the file's problem)
BAD_TARGETS: list[tuple[str, Build, str]] = [
    # missing keys and tables
    ("no-name", mutated('name = "Reference HIP"\n', ""), "'target.name' is missing"),
    ("no-hip-id", mutated('hip_id = "REF-HIP-01"\n', ""), "'target.hip_id' is missing"),
    ("no-bridge-url", mutated(BRIDGE, ""), "'target.bridge_url' is missing"),
    ("no-listen", mutated(LISTEN, ""), "'gateway.listen' is missing"),
    ("no-otp", mutated('otp = "123456"', ""), "'linking.otp' is missing"),
    ("no-linking-table", mutated('[linking]\notp = "123456"', ""), "'linking' is missing"),
    ("no-abha-address", mutated('abha_address = "ravi.kumar@sbx"\n', ""), "'patients[0].abha_address' is missing"),
    ("no-hi-type", mutated(', hi_type = "DischargeSummary"', ""), "'patients[1].care_contexts[0].hi_type'"),
    ("no-client-secret", mutated('client_secret = "ref-hip-secret-0001"', ""), "'gateway.clients[0].client_secret'"),
    ("no-hiu-id", mutated('hiu_id = "REF-HIU-01"', ""), "'hiu.hiu_id' is missing"),
    ("no-desk-driver", mutated('driver_url = "http://127.0.0.1:8073/test-driver"', ""), "'desk.driver_url'"),
    ("no-factory", mutated(FACTORY, ""), "'target.in_process.factory' is missing"),
    ("no-in-process-table", mutated(IN_PROCESS_TABLE, ""), "'target.in_process' is required"),
    ("no-care-contexts", mutated(FIRST_CONTEXTS, "care_contexts = []"), "'patients[0].care_contexts' must list"),
    ("one-patient", mutated(SECOND_PATIENT, ""), "'patients' must list at least two"),
    ("no-clients", mutated(CLIENTS, ""), "'gateway.clients' must list at least one"),
    # wrong types
    ("hip-id-number", mutated('hip_id = "REF-HIP-01"', "hip_id = 42"), "'target.hip_id' must be a string"),
    ("name-bool", mutated('name = "Reference HIP"', "name = true"), "'target.name' must be a string"),
    ("timeout-text", mutated("callback_seconds = 10", 'callback_seconds = "ten"'), "'timeouts.callback_seconds'"),
    ("timeout-bool", mutated("http_seconds = 5", "http_seconds = true"), "'timeouts.http_seconds' must be a number"),
    ("year-text", mutated("year_of_birth = 1985", 'year_of_birth = "1985"'), "'patients[0].year_of_birth'"),
    ("year-float", mutated("year_of_birth = 1985", "year_of_birth = 1985.0"), "'patients[0].year_of_birth'"),
    ("year-date", mutated("year_of_birth = 1985", "year_of_birth = 1985-01-01"), "'patients[0].year_of_birth'"),
    ("options-text", mutated("options = { defects = [] }", 'options = "defects"'), "'target.in_process.options'"),
    ("options-array", mutated("options = { defects = [] }", "options = []"), "'target.in_process.options'"),
    ("listen-number", mutated(LISTEN, "listen = 8070"), "'gateway.listen' must be a string"),
    ("context-not-table", mutated("care_contexts = [\n", 'care_contexts = [\n    "VISIT",\n'), "'patients[0].care_con"),
    ("report-text", written('report = "private"\n' + GOOD.replace(REPORT_TABLE, "")), "'report' must be a table"),
    # empty strings, control characters, header values
    ("hip-id-empty", mutated('hip_id = "REF-HIP-01"', 'hip_id = ""'), "'target.hip_id' must not be empty"),
    ("hip-id-blank", mutated('hip_id = "REF-HIP-01"', 'hip_id = "   "'), "'target.hip_id' must not be empty"),
    ("name-nul", mutated('name = "Ravi Kumar"', r'name = "Ravi\u0000Kumar"'), "'patients[0].name' must not hold"),
    ("display-newline", mutated('display = "OPD 12 Jan 2024"', r'display = "OPD\n12"'), "care_contexts[0].display'"),
    ("client-id-tab", mutated('client_id = "REF_HIP_CLIENT"', r'client_id = "REF\tHIP"'), "clients[0].client_id'"),
    ("hip-id-non-ascii", mutated('hip_id = "REF-HIP-01"', 'hip_id = "RÉF-HIP-01"'), "'target.hip_id' must be"),
    ("hip-id-spaced", mutated('hip_id = "REF-HIP-01"', 'hip_id = " REF-HIP-01"'), "'target.hip_id' must be printable"),
    ("cm-id-devanagari", mutated('cm_id = "sbx"', 'cm_id = "सबx"'), "'gateway.cm_id' must be printable"),
    ("hiu-id-spaced", mutated('hiu_id = "REF-HIU-01"', 'hiu_id = "REF-HIU-01 "'), "'hiu.hiu_id' must be printable"),
    # one of a few
    ("api-v4", mutated('api_version = "v3"', 'api_version = "v4"'), "'target.api_version' must be one of"),
    ("transport-pigeon", mutated('transport = "in-process"', 'transport = "pigeon"'), "'target.transport' must be"),
    # role mistakes: a file of role HIU or desk names that app alone, and an HIP's file its HIP
    ("role-unknown", mutated('role = "HIP"', 'role = "PHR"'), "'target.role' must be one of HIP, HIU, desk"),
    ("role-lowercase", mutated('role = "HIP"', 'role = "hiu"'), "'target.role' must be one of HIP, HIU, desk"),
    ("role-hiu-with-hip-keys", mutated('role = "HIP"', 'role = "HIU"'), "'target.hip_id' is an HIP's"),
    ("role-hiu-without-hiu", written(TEMPLATES["hiu"].split("[hiu]")[0]), "'hiu' is missing"),
    ("role-desk-without-desk", written(TEMPLATES["desk"].split("[desk]")[0]), "'desk' is missing"),
    ("role-desk-with-linking", written(TEMPLATES["desk"] + '[linking]\notp = "1"\n'), "'linking' is an HIP's"),
    ("role-hiu-with-desk", written(TEMPLATES["hiu"] + '[desk]\ndriver_url = "http://h"\n'), "'desk' is a registr"),
    ("role-hip-without-otp", written(TEMPLATES["hip"].replace('otp = "123456"', "")), "'linking.otp' is missing"),
    ("role-hip-without-bridge", written(TEMPLATES["hip"].replace(BRIDGE, "")), "'target.bridge_url' is missing"),
    (
        "role-hip-without-patients",
        written(TEMPLATES["hip"].split("# EDIT: at least two")[0]),
        "'patients' must list at least two",
    ),
    ("role-hiu-one-patient", written(TEMPLATES["hiu"].split('[[patients]]\nabha_address = "asha')[0]), "two"),
    ("gender-male", mutated('gender = "M"', 'gender = "male"'), "'patients[0].gender' must be one of"),
    ("hi-type-nonsense", mutated('hi_type = "Invoice"', 'hi_type = "Nonsense"'), "care_contexts[4].hi_type' must be"),
    ("hi-type-case", mutated('hi_type = "OPConsultation"', 'hi_type = "opconsultation"'), "'patients[0].care_cont"),
    ("integrator-public", mutated('integrator_type = "private"', 'integrator_type = "public"'), "'report.integrator_"),
    # URLs
    ("bridge-port-99999", mutated(BRIDGE, 'bridge_url = "http://127.0.0.1:99999"'), "'target.bridge_url': the port"),
    ("bridge-port-abc", mutated(BRIDGE, 'bridge_url = "http://127.0.0.1:abc"'), "'target.bridge_url': the port"),
    ("bridge-port-0", mutated(BRIDGE, 'bridge_url = "http://127.0.0.1:0"'), "'target.bridge_url': the port"),
    ("bridge-port-negative", mutated(HIU_BRIDGE, 'bridge_url = "http://127.0.0.1:-1"'), "'hiu.bridge_url': the port"),
    ("bridge-ipv6-open", mutated(BRIDGE, 'bridge_url = "http://[::1"'), "'target.bridge_url' is not a URL"),
    ("bridge-ftp", mutated(BRIDGE, 'bridge_url = "ftp://127.0.0.1:8071"'), "'target.bridge_url' must be an http(s)"),
    ("bridge-no-scheme", mutated(BRIDGE, 'bridge_url = "127.0.0.1:8071"'), "'target.bridge_url' must be an http(s)"),
    ("bridge-no-host", mutated(BRIDGE, 'bridge_url = "http://:8071"'), "'target.bridge_url' must be an http(s)"),
    ("bridge-space", mutated(BRIDGE, 'bridge_url = "http://exa mple:8071"'), "'target.bridge_url' must be an http"),
    ("bridge-query", mutated(BRIDGE, 'bridge_url = "http://127.0.0.1:8071/?x=1"'), "'target.bridge_url' must have no"),
    ("bridge-fragment", mutated(BRIDGE, 'bridge_url = "http://127.0.0.1:8071#top"'), "'target.bridge_url' must have"),
    ("bridge-is-gateway", mutated(BRIDGE, 'bridge_url = "http://127.0.0.1:8070"'), "'target.bridge_url' is the simula"),
    (
        "driver-two-ports",
        mutated('url = "http://127.0.0.1:8071/test-driver"', 'url = "http://127.0.0.1:8071:8072/test-driver"'),
        "'driver.url': the port",
    ),
    (
        "driver-is-gateway",
        mutated('url = "http://127.0.0.1:8071/test-driver"', 'url = "http://127.0.0.1:8070/test-driver"'),
        "'driver.url' is the simulated gateway's own address",
    ),
    (
        "driver-javascript",
        mutated('url = "http://127.0.0.1:8071/test-driver"', 'url = "javascript:alert(1)"'),
        "'driver.url' must be an http(s) URL",
    ),
    (
        "hiu-driver-no-host",
        mutated('driver_url = "http://127.0.0.1:8072/test-driver"', 'driver_url = "https://"'),
        "'hiu.driver_url' must",
    ),
    (
        "desk-driver-port-65536",
        mutated('driver_url = "http://127.0.0.1:8073/test-driver"', 'driver_url = "http://[::1]:65536/x"'),
        "'desk.driver_url': the port",
    ),
    # the simulated gateway's address
    ("listen-superscript", mutated(LISTEN, 'listen = "127.0.0.1:²"'), "'gateway.listen': port '²' is not a number"),
    ("listen-99999", mutated(LISTEN, 'listen = "127.0.0.1:99999"'), "'gateway.listen': port '99999' is not a number"),
    ("listen-0", mutated(LISTEN, 'listen = "127.0.0.1:0"'), "'gateway.listen': port '0' is not a number"),
    ("listen-letters", mutated(LISTEN, 'listen = "127.0.0.1:80a"'), "'gateway.listen': port '80a'"),
    ("listen-no-port", mutated(LISTEN, 'listen = "127.0.0.1"'), "'gateway.listen' must look like"),
    ("listen-no-host", mutated(LISTEN, 'listen = ":8070"'), "'gateway.listen' must look like"),
    ("listen-remote", mutated(LISTEN, 'listen = "10.0.0.1:8070"'), "'gateway.listen' must be a loopback"),
    ("listen-lookalike", mutated(LISTEN, 'listen = "127.evil.example:8070"'), "'gateway.listen' must be a loopback"),
    ("listen-ipv6-bare", mutated(LISTEN, 'listen = "::1:8070"'), "'gateway.listen' must be a loopback"),
    # timeouts
    ("timeout-nan", mutated("callback_seconds = 10", "callback_seconds = nan"), "'timeouts.callback_seconds' must be"),
    ("timeout-inf", mutated("callback_seconds = 10", "callback_seconds = inf"), "'timeouts.callback_seconds' must be"),
    ("timeout-minus-inf", mutated("http_seconds = 5", "http_seconds = -inf"), "'timeouts.http_seconds' must be"),
    ("timeout-1e308", mutated("transfer_seconds = 1200", "transfer_seconds = 1e308"), "'timeouts.transfer_seconds'"),
    ("timeout-a-week", mutated("transfer_seconds = 1200", "transfer_seconds = 604800"), "'timeouts.transfer_seconds'"),
    ("timeout-zero", mutated("silence_seconds = 2", "silence_seconds = 0"), "'timeouts.silence_seconds' must be"),
    ("timeout-negative", mutated("silence_seconds = 2", "silence_seconds = -2"), "'timeouts.silence_seconds' must be"),
    ("timeout-http-nan", mutated("http_seconds = 5", "http_seconds = nan"), "'timeouts.http_seconds' must be"),
    ("operator-inf", mutated("transfer_seconds = 1200", "transfer_seconds = 1200\noperator_seconds = inf"), "operator"),
    # the in-process apps' factories
    ("factory-unknown-module", mutated(FACTORY, 'factory = "nope.module:make"'), "'target.in_process.factory': module"),
    ("factory-unknown-name", mutated(FACTORY, 'factory = "reference_apps.hip:nope"'), "has no callable nope"),
    ("factory-not-callable", mutated(FACTORY, 'factory = "os:sep"'), "'target.in_process.factory': module os has no"),
    ("factory-no-colon", mutated(FACTORY, 'factory = "reference_apps.hip"'), "'target.in_process.factory' must look"),
    ("factory-called", mutated(FACTORY, 'factory = "reference_apps.hip:create_app()"'), "'target.in_process.factory'"),
    ("factory-no-module", mutated(FACTORY, 'factory = ":create_app"'), "'target.in_process.factory' must look like"),
    ("factory-option-typo", mutated("options = { defects = [] }", "options = { defect = [] }"), "in_process.options'"),
    (
        "hiu-factory-unknown",
        mutated('factory = "reference_apps.hiu:create_app"', 'factory = "reference_apps.nohiu:create_app"'),
        "'hiu.in_process.factory': module reference_apps.nohiu cannot be imported",
    ),
    (
        "desk-factory-wrong-function",
        mutated('factory = "reference_apps.registration_desk:create_app"', 'factory = "os.path:join"'),
        "'desk.in_process.options' does not suit os.path:join",
    ),
    # test patients who are not different people, care contexts that are not different records
    ("same-abha-address", mutated(SECOND_ADDRESS, 'abha_address = "ravi.kumar@sbx"'), "'patients[1].abha_address'"),
    ("same-abha-address-case", mutated(SECOND_ADDRESS, 'abha_address = "Ravi.Kumar@SBX"'), "repeats patients[0]"),
    ("same-abha-number", mutated(SECOND_NUMBER, 'abha_number = "91-1111-2222-3333"'), "'patients[1].abha_number'"),
    ("same-abha-number-digits", mutated(SECOND_NUMBER, 'abha_number = "91111122223333"'), "'patients[1].abha_num"),
    ("same-reference", mutated('reference = "PUID-002"', 'reference = "PUID-001"'), "'patients[1].reference' repeats"),
    (
        "shared-care-context",
        mutated('reference = "DS-2023-11"', 'reference = "VISIT-2024-01"'),
        "'patients[1].care_contexts[0].reference' repeats patients[0].care_contexts[0].reference",
    ),
    ("repeated-care-context", mutated('"RX-2024-01"', '"VISIT-2024-01"'), "'patients[0].care_contexts[1].reference'"),
    ("abha-number-short", mutated(SECOND_NUMBER, 'abha_number = "91-4444-5555"'), "'patients[1].abha_number' must"),
    ("abha-number-letters", mutated(SECOND_NUMBER, 'abha_number = "ABHA-1"'), "'patients[1].abha_number' must be 14"),
    ("year-1800", mutated("year_of_birth = 1985", "year_of_birth = 1800"), "'patients[0].year_of_birth' must"),
    ("year-3000", mutated("year_of_birth = 1985", "year_of_birth = 3000"), "'patients[0].year_of_birth' must"),
    ("same-client-id", mutated('client_id = "REF_HIU_CLIENT"', 'client_id = "REF_HIP_CLIENT"'), "'gateway.clients[1]."),
    # typos
    ("timeout-typo", mutated("callback_seconds = 10", "callback_secs = 10"), "unknown key 'timeouts.callback_secs'"),
    ("patient-extra", mutated('mobile = "9876543210"', 'mobile = "9876543210"\nphone = "1"'), "'patients[0].phone'"),
    ("hiu-extra", mutated('hiu_id = "REF-HIU-01"', 'hiu_id = "REF-HIU-01"\nhip_id = "x"'), "unknown key 'hiu.hip_id'"),
    (
        "context-extra",
        mutated('hi_type = "Prescription" }', 'hi_type = "Prescription", date = "x" }'),
        "unknown key 'patients[0].care_contexts[1].date'",
    ),
    ("top-level-extra", written("extra = 1\n" + GOOD), "unknown key 'extra'"),
    ("table-typo", mutated("[report]", "[reports]"), "unknown key 'reports'"),
    # files that are not a target file at all
    ("absent", absent, "does not exist"),
    ("a-folder", a_folder, "cannot be read"),
    ("not-toml", written("[target\n"), "is not valid TOML"),
    ("not-utf8", written(GOOD.replace("Ravi", "Rävi").encode("latin-1")), "is not UTF-8 text"),
    ("deep-array", written("deep = " + "[" * 10_000 + "]" * 10_000 + "\n" + GOOD), "nests arrays or tables too deep"),
    ("deep-table", written("deep = " + "{a = " * 5_000 + "1" + "}" * 5_000 + "\n" + GOOD), "nests arrays or"),
    ("huge", written(GOOD + "# " + "x" * 1_100_000 + "\n"), "too large for a target file"),
    ("empty", written(""), "'target' is missing"),
]


@pytest.mark.parametrize(("build", "expected"), [case[1:] for case in BAD_TARGETS], ids=[c[0] for c in BAD_TARGETS])
def test_a_bad_target_file_is_one_line_naming_the_key(tmp_path, build, expected):
    path = build(tmp_path)
    with pytest.raises(ConfigError) as raised:
        load_target(path)
    message = str(raised.value)
    assert len(message.splitlines()) == 1, message
    assert message.startswith(f"target file {path}: ") and expected in message, message


def http_target(folder: Path, *, factory: str | None = None) -> Path:
    """The bundled target over HTTP, its HIP's in-process table dropped or given this factory."""
    table = IN_PROCESS_TABLE.replace(FACTORY, f'factory = "{factory}"') if factory else ""
    over_http = GOOD.replace('transport = "in-process"', 'transport = "http"')
    return written(over_http.replace(IN_PROCESS_TABLE, table))(folder)


def a_file(folder: Path, text: str = "not what was asked for\n") -> Path:
    path = folder / "a-file.txt"
    path.write_text(text)
    return path


def damaged_state(folder: Path) -> Path:
    (folder / "state" / "keys").mkdir(parents=True)
    (folder / "state" / "keys" / "gateway-signing.pem").write_text("-----BEGIN PRIVATE KEY-----\nnot a key\n")
    return folder / "state"


# (id, the command line's arguments after `run`, given a scratch folder, what the message must contain)
BAD_COMMAND_LINES: list[tuple[str, Callable[[Path], list[str]], str]] = [
    ("out-is-a-file", lambda d: ["--out", str(a_file(d))], "is a file, not a folder"),
    ("out-under-a-file", lambda d: ["--out", str(a_file(d) / "run")], "is a file, not a folder"),
    ("out-empty", lambda d: ["--out", ""], "--out must name a folder"),
    ("state-is-a-file", lambda d: ["--state", str(a_file(d))], "--state"),
    ("state-key-damaged", lambda d: ["--state", str(damaged_state(d))], "gateway-signing.pem cannot be used"),
    ("target-absent", lambda d: ["--target", str(d / "absent.toml")], "does not exist"),
    ("target-a-folder", lambda d: ["--target", str(d)], "cannot be read"),
    ("sign-key-absent", lambda d: ["--sign-key", str(d / "absent.pem")], "signing key"),
    ("sign-key-not-pem", lambda d: ["--sign-key", str(a_file(d))], "is not a PEM private key"),
    ("attestations-absent", lambda d: ["--attestations", str(d / "absent.toml")], "attestation file"),
    ("attestations-not-toml", lambda d: ["--attestations", str(a_file(d, "[x\n"))], "attestation file"),
    (
        "in-process-without-table",
        lambda d: ["--target", str(http_target(d)), "--transport", "in-process"],
        "'target.in_process' is required for the in-process transport",
    ),
    (
        "in-process-bad-factory",
        lambda d: ["--target", str(http_target(d, factory="nope.module:make")), "--transport", "in-process"],
        "'target.in_process.factory': module nope.module cannot be imported",
    ),
]


@pytest.fixture
def suite_must_not_run(monkeypatch):
    def run_suite(args: list[str]) -> int:
        raise AssertionError(f"the suite ran: {args}")

    monkeypatch.setattr(cli.pytest, "main", run_suite)


@pytest.mark.parametrize(
    ("arguments", "expected"), [case[1:] for case in BAD_COMMAND_LINES], ids=[c[0] for c in BAD_COMMAND_LINES]
)
def test_a_bad_command_line_is_one_line_and_exit_2_before_anything_runs(
    tmp_path, capsys, suite_must_not_run, arguments, expected
):
    code = cli.main(["run", "--no-pdf", "--out", str(tmp_path / "out"), *arguments(tmp_path)])
    error = capsys.readouterr().err
    assert code == 2
    assert error.count("\n") == 1 and error.startswith("abdm-conformance: error: ") and expected in error, error


def test_the_factory_is_imported_only_for_the_in_process_transport(tmp_path):
    assert load_target(http_target(tmp_path, factory="nope.module:make")).in_process is not None


@pytest.mark.parametrize(
    ("module_code", "expected"),
    [("raise RuntimeError('no database')\n", "RuntimeError: no database"), ("raise SystemExit(3)\n", "SystemExit")],
)
def test_a_factory_module_failing_on_import_is_named(tmp_path, monkeypatch, module_code, expected):
    (tmp_path / "failing_app.py").write_text(module_code)
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ConfigError) as raised:
        load_target(mutated(FACTORY, 'factory = "failing_app:create_app"')(tmp_path))
    message = str(raised.value)
    assert "'target.in_process.factory': module failing_app cannot be imported" in message and expected in message


# A few across kinds, as a user meets them: the installed command, a separate process, no suite run.
THROUGH_THE_COMMAND = [
    "factory-unknown-module",
    "bridge-port-99999",
    "timeout-nan",
    "listen-superscript",
    "deep-array",
    "hi-type-nonsense",
    "same-abha-address",
    "not-utf8",
]


@pytest.mark.parametrize("case", THROUGH_THE_COMMAND)
def test_the_command_exits_2_with_one_line_and_no_traceback(tmp_path, case):
    _, build, expected = next(c for c in BAD_TARGETS if c[0] == case)
    out = tmp_path / "out"
    command = [str(COMMAND), "run", "--target", str(build(tmp_path)), "--no-pdf", "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1 and expected in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not out.exists()  # nothing ran


@pytest.mark.parametrize("case", ["out-is-a-file", "sign-key-absent"])
def test_the_command_refuses_a_bad_command_line_with_one_line(tmp_path, case):
    _, arguments, expected = next(c for c in BAD_COMMAND_LINES if c[0] == case)
    command = [str(COMMAND), "run", "--no-pdf", "--out", str(tmp_path / "out"), *arguments(tmp_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and expected in done.stderr, done.stderr
