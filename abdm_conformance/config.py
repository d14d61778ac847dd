"""The target file: what the harness needs to know about the application under test.

A TOML file names the app's HIP id and bridge URL, the credentials the simulated
gateway accepts from it, the API version, deadlines and the test patients the app
is expected to hold. Every mistake is reported as one line naming the key, because
the person fixing it is usually editing the file by hand.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

API_VERSIONS = ("v3", "v0.5")
# The report's cover: who integrates what, and who tested it.
REPORT_KEYS = ("integrator", "application", "application_version", "integrator_type", "testing_party")
TRANSPORTS = ("http", "in-process")
GENDERS = ("M", "F", "O", "U", "D", "T")

REPO_ROOT = Path(__file__).resolve().parent.parent
EMBEDDED_TARGET = REPO_ROOT / "reference_apps" / "target.toml"

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
    role: str
    hip_id: str
    api_version: str
    bridge_url: str
    transport: str
    in_process: InProcessApp | None
    listen_host: str
    listen_port: int
    cm_id: str
    clients: tuple[GatewayClient, ...]
    timeouts: Timeouts
    link_otp: str
    patients: tuple[TestPatient, ...]
    report: dict[str, str]  # who tests what, for the report's cover (see REPORT_KEYS)
    driver_url: str | None  # the app's test driver, through which the harness makes it act
    hiu: HiuApp | None = None  # M3 is not applicable without one
    desk: RegistrationDesk | None = None  # nor M1 without one
    interactive: bool = False  # without a driver, an operator makes the app act when told to

    @property
    def app_actions(self) -> str:
        """How the harness makes the app act, as the report states it."""
        if self.driver_url:
            return f"test driver at {self.driver_url}"
        return "operator (interactive mode)" if self.interactive else "none: such cases are skipped"

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
        self, *, api_version: str | None = None, transport: str | None = None, interactive: bool = False
    ) -> Target:
        values = dict(self.__dict__)
        values["interactive"] = interactive
        if api_version is not None:
            values["api_version"] = _choice(api_version, API_VERSIONS, "--api")
        if transport is not None:
            values["transport"] = _choice(transport, TRANSPORTS, "--transport")
        _require_in_process_app(values["transport"], values["in_process"], self.source)
        if values["hiu"] is not None:
            _require_in_process_app(values["transport"], values["hiu"].in_process, self.source, "hiu.in_process")
        if values["desk"] is not None:
            _require_in_process_app(values["transport"], values["desk"].in_process, self.source, "desk.in_process")
        return Target(**values)


def load_target(path: str | Path | None = None) -> Target:
    """Read and validate a target file; None means the embedded reference HIP."""
    source = Path(path) if path is not None else EMBEDDED_TARGET
    try:
        document = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"target file {source} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"target file {source} cannot be read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"target file {source} is not valid TOML: {error}") from None
    try:
        return _parse(document, source)
    except ConfigError as error:
        raise ConfigError(f"target file {source}: {error}") from None


def _parse(document: dict[str, Any], source: Path) -> Target:
    reader = _Table(document, "")
    target = reader.table("target")
    gateway = reader.table("gateway")
    timeouts = reader.table("timeouts", optional=True)
    linking = reader.table("linking")
    report = reader.table("report", optional=True)
    driver = reader.table("driver", optional=True)

    transport = _choice(target.get("transport", str, "http"), TRANSPORTS, "target.transport")
    in_process = _in_process_app(target)
    _require_in_process_app(transport, in_process, source)
    bridge_url = _url(target, "bridge_url")
    hiu = None
    if (hiu_table := reader.table("hiu", optional=True)).present:
        hiu = HiuApp(
            hiu_id=hiu_table.get("hiu_id", str),
            bridge_url=_url(hiu_table, "bridge_url"),
            in_process=_in_process_app(hiu_table),
            driver_url=_url(hiu_table, "driver_url") if "driver_url" in hiu_table.data else None,
        )
        _require_in_process_app(transport, hiu.in_process, source, "hiu.in_process")
        hiu_table.finish()
    desk = None
    if (desk_table := reader.table("desk", optional=True)).present:
        desk = RegistrationDesk(driver_url=_url(desk_table, "driver_url"), in_process=_in_process_app(desk_table))
        _require_in_process_app(transport, desk.in_process, source, "desk.in_process")
        desk_table.finish()
    host, port = _listen_address(gateway.get("listen", str))

    clients = tuple(_client(c) for c in gateway.tables("clients"))
    if not clients:
        raise ConfigError("key 'gateway.clients' must list at least one client")

    parsed = Target(
        source=source,
        name=target.get("name", str),
        role=_choice(target.get("role", str, "HIP"), ("HIP",), "target.role"),
        hip_id=target.get("hip_id", str),
        api_version=_choice(target.get("api_version", str, "v3"), API_VERSIONS, "target.api_version"),
        bridge_url=bridge_url,
        transport=transport,
        in_process=in_process,
        listen_host=host,
        listen_port=port,
        cm_id=gateway.get("cm_id", str, "sbx"),
        clients=clients,
        timeouts=Timeouts(
            callback_seconds=timeouts.get("callback_seconds", float, Timeouts.callback_seconds),
            http_seconds=timeouts.get("http_seconds", float, Timeouts.http_seconds),
            silence_seconds=timeouts.get("silence_seconds", float, Timeouts.silence_seconds),
            transfer_seconds=timeouts.get("transfer_seconds", float, Timeouts.transfer_seconds),
            operator_seconds=timeouts.get("operator_seconds", float, Timeouts.operator_seconds),
        ),
        link_otp=linking.get("otp", str),
        patients=tuple(_patient(p) for p in reader.tables("patients")),
        report={key: report.get(key, str, "") for key in REPORT_KEYS},
        driver_url=_url(driver, "url") if driver.present else None,
        hiu=hiu,
        desk=desk,
    )
    if parsed.report["integrator_type"] not in ("", "private", "government"):
        raise ConfigError("key 'report.integrator_type' must be one of private, government")
    if len(parsed.patients) < 2:  # USER_INIT_LINK_606 offers one patient's care context as another's
        raise ConfigError("key 'patients' must list at least two test patients")
    for table in (target, gateway, timeouts, linking, report, driver, reader):
        table.finish()
    return parsed


def _patient(table: _Table) -> TestPatient:
    patient = TestPatient(
        abha_address=table.get("abha_address", str),
        abha_number=table.get("abha_number", str),
        name=table.get("name", str),
        gender=_choice(table.get("gender", str), GENDERS, f"{table.path}.gender"),
        year_of_birth=table.get("year_of_birth", int),
        mobile=table.get("mobile", str),
        reference=table.get("reference", str),
        care_contexts=tuple(_care_context(c) for c in table.tables("care_contexts")),
    )
    if not patient.care_contexts:
        raise ConfigError(f"key '{table.path}.care_contexts' must list at least one care context")
    table.finish()
    return patient


def _care_context(table: _Table) -> CareContext:
    context = CareContext(
        reference=table.get("reference", str), display=table.get("display", str), hi_type=table.get("hi_type", str)
    )
    table.finish()
    return context


def _client(table: _Table) -> GatewayClient:
    client = GatewayClient(client_id=table.get("client_id", str), client_secret=table.get("client_secret", str))
    table.finish()
    return client


def _in_process_app(table: _Table) -> InProcessApp | None:
    in_process_table = table.table("in_process", optional=True)
    if not in_process_table.present:
        return None
    app = InProcessApp(factory=in_process_table.get("factory", str), options=in_process_table.get("options", dict, {}))
    in_process_table.finish()
    return app


def _url(table: _Table, name: str) -> str:
    url = table.get(name, str)
    if urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        raise ConfigError(f"key '{table.path}.{name}' must be an http(s) URL, not {url!r}")
    return url.rstrip("/")


def _require_in_process_app(
    transport: str, in_process: InProcessApp | None, source: Path, key: str = "target.in_process"
) -> None:
    if transport == "in-process" and in_process is None:
        raise ConfigError(f"target file {source}: key '{key}' is required for the in-process transport")


def _listen_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"key 'gateway.listen' must look like 127.0.0.1:8070, not {value!r}")
    if not (host.startswith("127.") or host in ("localhost", "[::1]")):
        raise ConfigError(f"key 'gateway.listen' must be a loopback address, not {host!r}")
    return host, int(port)


def _choice(value: str, allowed: tuple[str, ...], key: str) -> str:
    if value not in allowed:
        raise ConfigError(f"key '{key}' must be one of {', '.join(allowed)}, not {value!r}")
    return value


class _Table:
    """A TOML table that remembers which keys were read, so leftovers can be named as typos."""

    def __init__(self, data: dict[str, Any] | None, path: str):
        self.present = data is not None
        self.data = data or {}
        self.path = path
        self.seen: set[str] = set()

    def _key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def get(self, name: str, kind: type, default: Any = _MISSING) -> Any:
        self.seen.add(name)
        if name not in self.data:
            if default is _MISSING:
                raise ConfigError(f"key '{self._key(name)}' is missing")
            return default
        value = self.data[name]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
            raise ConfigError(f"key '{self._key(name)}' must be a {kind.__name__}, not {value!r}")
        if kind is float and value <= 0:
            raise ConfigError(f"key '{self._key(name)}' must be positive, not {value!r}")
        if kind is str and not value.strip():
            raise ConfigError(f"key '{self._key(name)}' must not be empty")
        return value

    def table(self, name: str, optional: bool = False) -> _Table:
        value = self.get(name, dict, None if optional else _MISSING)
        return _Table(value, self._key(name))

    def tables(self, name: str) -> list[_Table]:
        value = self.get(name, list, [])
        if not all(isinstance(item, dict) for item in value):
            raise ConfigError(f"key '{self._key(name)}' must be an array of tables ([[{self._key(name)}]])")
        return [_Table(item, f"{self._key(name)}[{i}]") for i, item in enumerate(value)]

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.seen)
        if unknown:
            raise ConfigError(f"unknown key '{self._key(unknown[0])}'")
