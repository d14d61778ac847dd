"""The target file: what the harness needs to know about the application under test.

A TOML file names the app's HIP id and bridge URL (or, with target.role HIU or desk,
that app alone, in [hiu] or [desk]), the credentials the simulated gateway accepts from
it, the API version, deadlines and the test patients the app is expected to hold (an
HIU's: the simulated HIP's). Every mistake is reported as one line naming the key, because
the person fixing it is usually editing the file by hand.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import ipaddress
import os
import reprlib
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from abdm_conformance import resources

API_VERSIONS = ("v3", "v0.5")
# What the target file describes: an HIP (and, beside it, the integrator's HIU and desk if it names them), or an
# HIU alone (milestone M3), or a registration desk alone (M1). The run applies only the milestones of what it names.
ROLES = ("HIP", "HIU", "desk")
HIP_KEYS = ("target.hip_id", "target.bridge_url", "target.in_process", "linking", "driver")  # an HIP's alone
# The report's cover: who integrates what, and who tested it.
REPORT_KEYS = ("integrator", "application", "application_version", "integrator_type", "testing_party")
TRANSPORTS = ("http", "in-process")
GENDERS = ("M", "F", "O", "U", "D", "T")
INTEGRATOR_TYPES = ("private", "government")
MAX_FILE_BYTES = 1_000_000  # a target file is a page of TOML; a bigger one is a mistake, not a target
MAX_SECONDS = 86_400.0  # a timeout beyond a day is a typo (and 1e308 overflows the event loop's clock)
FIRST_YEAR_OF_BIRTH = 1900

REPO_ROOT = resources.SUITE_ROOT  # the repository, or site-packages when installed: see resources.py
EMBEDDED_TARGET = resources.EMBEDDED_TARGET

_MISSING = object()


class ConfigError(ValueError):
    """A target file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class CareContext:
    reference: str
    display: str
    hi_type: str


@dataclass(frozen=True)
class TestPatient:
    abha_address: str
    abha_number: str
    name: str
    gender: str
    year_of_birth: int
    mobile: str
    reference: str  # the HIP's own patient reference (MR number)
    care_contexts: tuple[CareContext, ...]


@dataclass(frozen=True)
class GatewayClient:
    client_id: str
    client_secret: str


@dataclass(frozen=True)
class InProcessApp:
    factory: str  # "module:callable" returning an ASGI app
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class HiuApp:
    """The integrator's HIU (milestone M3): a service of its own, with its own bridge."""

    hiu_id: str
    bridge_url: str
    in_process: InProcessApp | None
    driver_url: str | None


@dataclass(frozen=True)
class RegistrationDesk:
    """The integrator's registration desk (milestone M1): a client of ABHA's APIs, with no bridge,
    made to act through its test driver."""

    driver_url: str
    in_process: InProcessApp | None


@dataclass(frozen=True)
class Timeouts:
    callback_seconds: float = 10.0  # how long the app may take to call back
    http_seconds: float = 5.0  # how long the app may take to answer one HTTP request
    silence_seconds: float = 2.0  # how long to listen before concluding no callback comes
    transfer_seconds: float = 1200.0  # records pushed and notified: ABDM's 20 minutes (test case: 2 hours)
    operator_seconds: float = 600.0  # interactive mode: how long an operator has to make the app act


@dataclass(frozen=True)
class Target:
    source: Path
    name: str
    role: str  # one of ROLES
    hip_id: str | None  # None: the target file names no HIP (role HIU or desk), and M2 is not applicable
    api_version: str
    bridge_url: str | None  # the HIP's; None without an HIP
    transport: str
    in_process: InProcessApp | None
    listen_host: str
    listen_port: int
    cm_id: str
    clients: tuple[GatewayClient, ...]
    timeouts: Timeouts
    link_otp: str | None  # the HIP's; None without an HIP
    patients: tuple[TestPatient, ...]  # the HIP's; without an HIP, the simulated HIP's (simulated_hip_patients())
    report: dict[str, str]  # who tests what, for the report's cover (see REPORT_KEYS)
    driver_url: str | None  # the app's test driver, through which the harness makes it act
    hiu: HiuApp | None = None  # M3 is not applicable without one
    desk: RegistrationDesk | None = None  # nor M1 without one
    interactive: bool = False  # without a driver, an operator makes the app act when told to
    state_dir: Path | None = None  # what the simulator keeps between runs; None: keep nothing

    @property
    def default_state_dir(self) -> Path:
        """Beside the target file; the embedded target's, which may sit in a read-only install, in the user's
        state folder."""
        if self.source.resolve() == EMBEDDED_TARGET.resolve():
            return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "abdm-conformance"
        return self.source.resolve().parent / ".abdm-conformance-state"

    @property
    def app_actions(self) -> str:
        """How the harness makes each app act, as the report states it: one phrase per role."""
        return "; ".join(f"{role}: {how}" for role, how in self.app_actions_by_role.items())

    @property
    def app_actions_by_role(self) -> dict[str, str]:
        """Role → how the harness makes that app act; only the roles the target file names."""
        if self.driver_url:
            hip = f"test driver at {self.driver_url}"
        else:
            hip = (
                "operator (interactive mode)"
                if self.interactive
                else "none: its cases that start in the app are skipped"
            )
        roles = {"HIP": hip} if self.hip_id is not None else {}
        if self.hiu is not None:  # interactive mode is the HIP's only
            hiu_driver = self.hiu.driver_url
            roles["HIU"] = f"test driver at {hiu_driver}" if hiu_driver else "none: its cases are skipped"
        if self.desk is not None:
            roles["registration desk"] = f"test driver at {self.desk.driver_url}"
        return roles

    @property
    def gateway_url(self) -> str:
        return f"http://{self.listen_host}:{self.listen_port}"

    def secrets(self) -> list[str]:
        """Values that must never appear unmasked in anything the harness writes.

        The OTP is not among them: six digits also occur inside ids and would be
        masked there; it is masked by the keys that carry it instead.
        """
        return [c.client_secret for c in self.clients]

    def with_overrides(
        self,
        *,
        api_version: str | None = None,
        transport: str | None = None,
        interactive: bool = False,
        state_dir: str | Path | None = None,
    ) -> Target:
        values = dict(self.__dict__)
        values["interactive"] = interactive
        values["state_dir"] = writable_folder(state_dir if state_dir is not None else self.default_state_dir, "--state")
        if api_version is not None:
            values["api_version"] = _choice(api_version, API_VERSIONS, "--api")
        if transport is not None:
            values["transport"] = _choice(transport, TRANSPORTS, "--transport")
        try:
            _check_in_process_apps(
                values["transport"], values["in_process"], values["hiu"], values["desk"], hip=self.hip_id is not None
            )
        except ConfigError as error:
            raise ConfigError(_one_line(f"target file {self.source}: {error}")) from None
        return Target(**values)


@functools.cache
def simulated_hip_patients() -> tuple[TestPatient, ...]:
    """The simulated HIP's records: without an HIP of the integrator's, the patients an HIU asks for consent to
    their records (M3). The bundled target's test patients, read from its file; a target file of role HIU may list
    others in [[patients]]."""
    return _patients(_Table(_read(EMBEDDED_TARGET), ""))


def load_target(path: str | Path | None = None) -> Target:
    """Read and validate a target file; None means the embedded reference HIP.

    Whatever the file holds, the only exception is a ConfigError of one line naming the file and the key.
    """
    source = Path(path) if path is not None else EMBEDDED_TARGET
    try:
        return _parse(_read(source), source)
    except ConfigError as error:
        problem = str(error)
    except Exception as error:  # a mistake no check below foresaw must still not end in a traceback
        problem = f"cannot be used: {type(error).__name__}: {error}"
    raise ConfigError(_one_line(f"target file {source}: {problem}"))


def output_folder(path: str | Path) -> Path:
    """The run's output folder (`--out`), resolved, once it is sure the run can write there."""
    return writable_folder(path, "--out")


def writable_folder(path: str | Path, option: str) -> Path:
    """A folder the run will write to, resolved, once it is sure the run can write there."""
    if not str(path).strip():
        raise ConfigError(f"{option} must name a folder")
    try:
        folder = Path(path).resolve()
        existing = next(p for p in (folder, *folder.parents) if p.exists())
    except OSError as error:
        raise ConfigError(_one_line(f"{option} {path}: {error.strerror or error}")) from None
    if not existing.is_dir():
        raise ConfigError(_one_line(f"{option} {path}: {existing} is a file, not a folder"))
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigError(_one_line(f"{option} {path}: {existing} is not writable"))
    return folder


def _read(source: Path) -> dict[str, Any]:
    try:
        if source.stat().st_size > MAX_FILE_BYTES:
            raise ConfigError(f"is larger than {MAX_FILE_BYTES // 1000} kB, too large for a target file")
        return tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("does not exist") from None
    except OSError as error:
        raise ConfigError(f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise ConfigError(f"is not UTF-8 text ({error.reason} at byte {error.start})") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"is not valid TOML: {error}") from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise ConfigError("nests arrays or tables too deeply for a target file") from None


def _parse(document: dict[str, Any], source: Path) -> Target:
    reader = _Table(document, "")
    target = reader.table("target")
    gateway = reader.table("gateway")
    timeouts = reader.table("timeouts", optional=True)
    report = reader.table("report", optional=True)
    role = _choice(target.get("role", str, "HIP"), ROLES, "target.role")
    hip = role == "HIP"
    if not hip:
        _check_role_alone(reader, role)
    linking = reader.table("linking", optional=not hip)
    driver = reader.table("driver", optional=True)

    host, port = _listen_address(gateway, "listen")
    parsed = Target(
        source=source,
        name=target.get("name", str),
        role=role,
        hip_id=_header_value(target, "hip_id") if hip else None,
        api_version=_choice(target.get("api_version", str, "v3"), API_VERSIONS, "target.api_version"),
        bridge_url=_url(target, "bridge_url") if hip else None,
        transport=_choice(target.get("transport", str, "http"), TRANSPORTS, "target.transport"),
        in_process=_in_process_app(target) if hip else None,
        listen_host=host,
        listen_port=port,
        cm_id=_header_value(gateway, "cm_id", "sbx"),
        clients=_clients(gateway),
        timeouts=Timeouts(**{f.name: _seconds(timeouts, f.name, f.default) for f in fields(Timeouts)}),
        link_otp=linking.get("otp", str) if hip else None,
        patients=_patients(reader) if hip or "patients" in reader.data else _simulated_hip_patients(reader),
        report=_report(report),
        driver_url=_url(driver, "url") if driver.present else None,
        hiu=_hiu(reader.table("hiu", optional=role != "HIU")),
        desk=_desk(reader.table("desk", optional=role != "desk")),
    )
    _check_in_process_apps(parsed.transport, parsed.in_process, parsed.hiu, parsed.desk, hip=hip)
    _check_apart_from_gateway(parsed)
    for table in (target, gateway, timeouts, linking, report, driver, reader):
        table.finish()
    return parsed


def _check_role_alone(reader: _Table, role: str) -> None:
    """A target file of role HIU or desk describes that app alone: an HIP's keys, or the other app's table, are a
    mistake (a file meant as an HIP's with its role changed, or a table pasted in), named before anything else."""
    section, other = ("hiu", "desk") if role == "HIU" else ("desk", "hiu")
    alone = f"a target file of role {role} describes [{section}] alone"
    if section not in reader.data:
        raise ConfigError(f"key '{section}' is missing: {alone}")
    for key in HIP_KEYS:
        table, _, name = key.rpartition(".")
        holder = reader.data.get(table) if table else reader.data
        if isinstance(holder, dict) and name in holder:
            raise ConfigError(f"key '{key}' is an HIP's, but target.role is {role}: {alone} (remove it, or role HIP)")
    if other in reader.data:
        whose = "the HIU's" if other == "hiu" else "a registration desk's"
        raise ConfigError(
            f"key '{other}' is {whose}, but target.role is {role}: {alone} (give [{other}] a target file of its own)"
        )


def _simulated_hip_patients(reader: _Table) -> tuple[TestPatient, ...]:
    reader.get("patients", list, [])  # absent: read only so that finish() names no leftover
    return simulated_hip_patients()


def _patients(reader: _Table) -> tuple[TestPatient, ...]:
    patients = tuple(_patient(p) for p in reader.tables("patients"))
    if len(patients) < 2:  # USER_INIT_LINK_606 offers one patient's care context as another's
        raise ConfigError("key 'patients' must list at least two test patients")
    # ... which proves nothing unless the two are different people with different records.
    people = "test patients must be different people"
    for name, identity in (("abha_address", str.lower), ("abha_number", _digits), ("reference", str)):
        _check_distinct(((f"patients[{i}].{name}", identity(getattr(p, name))) for i, p in enumerate(patients)), people)
    contexts = (
        (f"patients[{i}].care_contexts[{j}].reference", c.reference)
        for i, p in enumerate(patients)
        for j, c in enumerate(p.care_contexts)
    )
    _check_distinct(contexts, "a care context is one patient's record")
    return patients


def _patient(table: _Table) -> TestPatient:
    patient = TestPatient(
        abha_address=table.get("abha_address", str),
        abha_number=_abha_number(table),
        name=table.get("name", str),
        gender=_choice(table.get("gender", str), GENDERS, table.key("gender")),
        year_of_birth=_year_of_birth(table),
        mobile=table.get("mobile", str),
        reference=table.get("reference", str),
        care_contexts=tuple(_care_context(c) for c in table.tables("care_contexts")),
    )
    if not patient.care_contexts:
        raise ConfigError(f"key '{table.key('care_contexts')}' must list at least one care context")
    table.finish()
    return patient


def _abha_number(table: _Table) -> str:
    number = table.get("abha_number", str)
    if not (set(number) <= set("0123456789-") and len(_digits(number)) == 14):
        key = table.key("abha_number")
        raise ConfigError(f"key '{key}' must be 14 digits like 91-1111-2222-3333, not {_shown(number)}")
    return number


def _year_of_birth(table: _Table) -> int:
    year = table.get("year_of_birth", int)
    if not FIRST_YEAR_OF_BIRTH <= year <= date.today().year:
        raise ConfigError(
            f"key '{table.key('year_of_birth')}' must be a year {FIRST_YEAR_OF_BIRTH}–{date.today().year}, not {year}"
        )
    return year


def _care_context(table: _Table) -> CareContext:
    from abdm_conformance.protocol import V3  # protocol imports this module; v3's HI types include v0.5's

    context = CareContext(
        reference=table.get("reference", str),
        display=table.get("display", str),
        hi_type=_choice(table.get("hi_type", str), V3.hi_types, table.key("hi_type")),
    )
    table.finish()
    return context


def _clients(gateway: _Table) -> tuple[GatewayClient, ...]:
    clients = tuple(_client(c) for c in gateway.tables("clients"))
    if not clients:
        raise ConfigError("key 'gateway.clients' must list at least one client")
    ids = ((f"gateway.clients[{i}].client_id", c.client_id) for i, c in enumerate(clients))
    _check_distinct(ids, "the gateway tells its clients apart by id")
    return clients


def _client(table: _Table) -> GatewayClient:
    client = GatewayClient(client_id=table.get("client_id", str), client_secret=table.get("client_secret", str))
    table.finish()
    return client


def _seconds(table: _Table, name: str, default: float) -> float:
    seconds = table.get(name, float, default)
    if not 0 < seconds <= MAX_SECONDS:  # False for nan too
        raise ConfigError(f"key '{table.key(name)}' must be seconds above 0 and at most {MAX_SECONDS:g}, not {seconds}")
    return seconds


def _report(table: _Table) -> dict[str, str]:
    report = {key: table.get(key, str, "") for key in REPORT_KEYS}
    if report["integrator_type"]:
        _choice(report["integrator_type"], INTEGRATOR_TYPES, "report.integrator_type")
    return report


def _hiu(table: _Table) -> HiuApp | None:
    if not table.present:
        return None
    hiu = HiuApp(
        hiu_id=_header_value(table, "hiu_id"),
        bridge_url=_url(table, "bridge_url"),
        in_process=_in_process_app(table),
        driver_url=_url(table, "driver_url", None),
    )
    table.finish()
    return hiu


def _desk(table: _Table) -> RegistrationDesk | None:
    if not table.present:
        return None
    desk = RegistrationDesk(driver_url=_url(table, "driver_url"), in_process=_in_process_app(table))
    table.finish()
    return desk


def _in_process_app(table: _Table) -> InProcessApp | None:
    in_process_table = table.table("in_process", optional=True)
    if not in_process_table.present:
        return None
    factory = in_process_table.get("factory", str)
    module, _, attribute = factory.partition(":")
    if not (all(part.isidentifier() for part in module.split(".")) and attribute.isidentifier()):
        key = in_process_table.key("factory")
        raise ConfigError(f"key '{key}' must look like package.module:create_app, not {_shown(factory)}")
    app = InProcessApp(factory=factory, options=in_process_table.get("options", dict, {}))
    in_process_table.finish()
    return app


def _check_in_process_apps(
    transport: str, in_process: InProcessApp | None, hiu: HiuApp | None, desk: RegistrationDesk | None, *, hip: bool
) -> None:
    """The in-process transport builds each app from its factory: each must be named, and importable now."""
    if transport != "in-process":
        return
    apps = {"target.in_process": in_process} if hip else {}
    if hiu is not None:
        apps["hiu.in_process"] = hiu.in_process
    if desk is not None:
        apps["desk.in_process"] = desk.in_process
    for key, app in apps.items():
        if app is None:
            raise ConfigError(f"key '{key}' is required for the in-process transport")
        _check_factory(app, key)


def _check_factory(app: InProcessApp, key: str) -> None:
    # Found wrong only when the suite starts, a factory would turn every case into a "broken" verdict.
    module_name, _, attribute = app.factory.partition(":")
    try:
        module = importlib.import_module(module_name)
    except (Exception, SystemExit) as error:  # the app's own module may fail in any way while importing
        raise ConfigError(
            f"key '{key}.factory': module {module_name} cannot be imported ({type(error).__name__}: {error})"
        ) from None
    factory = getattr(module, attribute, None)
    if not callable(factory):
        raise ConfigError(f"key '{key}.factory': module {module_name} has no callable {attribute}")
    try:
        inspect.signature(factory).bind(**app.options)
    except TypeError as error:
        raise ConfigError(f"key '{key}.options' does not suit {app.factory}: {error}") from None
    except ValueError:  # no signature to inspect (a builtin): the factory's call will tell
        pass


def _check_apart_from_gateway(target: Target) -> None:
    """An app on the simulated gateway's own address would have the simulator talk to itself."""
    urls = {"target.bridge_url": target.bridge_url, "driver.url": target.driver_url}
    if target.hiu is not None:
        urls |= {"hiu.bridge_url": target.hiu.bridge_url, "hiu.driver_url": target.hiu.driver_url}
    if target.desk is not None:
        urls["desk.driver_url"] = target.desk.driver_url
    gateway = (target.listen_host.strip("[]").lower(), target.listen_port)
    for key, url in urls.items():
        if url is not None and _address(url) == gateway:
            raise ConfigError(f"key '{key}' is the simulated gateway's own address (gateway.listen)")


def _address(url: str) -> tuple[str | None, int]:
    parts = urlsplit(url)
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def _url(table: _Table, name: str, default: Any = _MISSING) -> Any:
    url = table.get(name, str, default)
    if url is None:
        return None
    key = table.key(name)
    try:
        parts = urlsplit(url)
    except ValueError as error:  # "Invalid IPv6 URL": a bracket left open
        raise ConfigError(f"key '{key}' is not a URL ({error}): {_shown(url)}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        raise ConfigError(f"key '{key}' must be an http(s) URL with a host, not {_shown(url)}")
    if parts.query or parts.fragment:  # the harness appends paths to it
        raise ConfigError(f"key '{key}' must have no query or fragment, not {_shown(url)}")
    if not _has_valid_port(parts):
        raise ConfigError(f"key '{key}': the port of {_shown(url)} is not a number 1–65535")
    return url.rstrip("/")


def _has_valid_port(parts: SplitResult) -> bool:
    try:
        return parts.port != 0
    except ValueError:  # not a number, or beyond 65535
        return False


def _listen_address(table: _Table, name: str) -> tuple[str, int]:
    value, key = table.get(name, str), table.key(name)
    host, _, port = value.rpartition(":")
    if not host:
        raise ConfigError(f"key '{key}' must look like 127.0.0.1:8070, not {_shown(value)}")
    if not (port.isascii() and port.isdigit() and 0 < int(port) < 65536):
        raise ConfigError(f"key '{key}': port {_shown(port)} is not a number 1–65535")
    if not _is_loopback(host):
        raise ConfigError(f"key '{key}' must be a loopback address (127.0.0.1, localhost, [::1]), not {_shown(host)}")
    return host, int(port)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    bare = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    try:
        address = ipaddress.ip_address(bare)
    except ValueError:
        return False
    return address.is_loopback and (address.version == 6) == (bare != host)  # IPv6 only in brackets


def _header_value(table: _Table, name: str, default: Any = _MISSING) -> str:
    """An id the gateway sends in an HTTP header (X-HIP-ID, X-CM-ID), which carries printable ASCII only."""
    value = table.get(name, str, default)
    if not (value.isascii() and value.isprintable() and value == value.strip()):
        key = table.key(name)
        raise ConfigError(f"key '{key}' must be printable ASCII without spaces around (a header), not {_shown(value)}")
    return value


def _check_distinct(entries: Iterable[tuple[str, str]], why: str) -> None:
    """Entries are (key, value to compare); the second key holding a value is named with the first."""
    first: dict[str, str] = {}
    for key, value in entries:
        if value in first:
            raise ConfigError(f"key '{key}' repeats {first[value]} ({_shown(value)}): {why}")
        first[value] = key


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _choice(value: str, allowed: tuple[str, ...], key: str) -> str:
    if value not in allowed:
        raise ConfigError(f"key '{key}' must be one of {', '.join(allowed)}, not {_shown(value)}")
    return value


KINDS = {str: "a string", int: "a whole number", float: "a number", dict: "a table", list: "an array"}
_SHOWN = reprlib.Repr()  # values in messages: quoted, escaped, and short however long or deep
_SHOWN.maxstring = _SHOWN.maxother = 60


def _shown(value: Any) -> str:
    return _SHOWN.repr(value)


def _one_line(text: str) -> str:
    return " ".join(text.splitlines())


class _Table:
    """A TOML table that remembers which keys were read, so leftovers can be named as typos."""

    def __init__(self, data: dict[str, Any] | None, path: str):
        self.present = data is not None
        self.data = data or {}
        self.path = path
        self.seen: set[str] = set()

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, kind: type, default: Any = _MISSING) -> Any:
        self.seen.add(name)
        if name not in self.data:
            if default is _MISSING:
                raise ConfigError(f"key '{self.key(name)}' is missing")
            return default
        value = self.data[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise ConfigError(f"key '{self.key(name)}' must be {KINDS[kind]}, not {_shown(value)}")
        if kind is str and not value.strip():
            raise ConfigError(f"key '{self.key(name)}' must not be empty")
        if kind is str and any(unicodedata.category(c) == "Cc" for c in value):
            raise ConfigError(f"key '{self.key(name)}' must not hold control characters, not {_shown(value)}")
        return value

    def table(self, name: str, optional: bool = False) -> _Table:
        value = self.get(name, dict, None if optional else _MISSING)
        return _Table(value, self.key(name))

    def tables(self, name: str) -> list[_Table]:
        value = self.get(name, list, [])
        if not all(isinstance(item, dict) for item in value):
            raise ConfigError(f"key '{self.key(name)}' must be an array of tables ([[{self.key(name)}]])")
        return [_Table(item, f"{self.key(name)}[{i}]") for i, item in enumerate(value)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise ConfigError(f"unknown key '{self.key(unknown[0])}'")
