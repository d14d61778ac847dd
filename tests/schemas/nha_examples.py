"""NHA's own examples, read from the vendored documents in schemas/nha/ through the generator's mapping of
messages to NHA's copies, so a test can hold every schema to them."""

from __future__ import annotations

import functools
import importlib.util
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from abdm_conformance.protocol import V05
from abdm_conformance.schemas import SCHEMA_ROOT, SchemaFinding

# stand-ins for values: the digest's "<ABHA_NUMBER>", Postman's "{{timestamp}}"
PLACEHOLDER = re.compile(r"<[A-Za-z_ ]+>|\{\{[^}]+\}\}")


@dataclass(frozen=True)
class Example:
    schema_set: str
    message: str
    origin: str  # which NHA copy or collection item it comes from
    body: Any


@functools.cache
def regenerate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("regenerate", SCHEMA_ROOT / "regenerate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@functools.cache
def copies(schema_set: str, message: str) -> tuple[Any, ...]:
    """NHA's copies of the message as converted, before any override; none for a harness-only schema."""
    generator = regenerate()
    if any((e["set"], e["message"]) == (schema_set, message) for e in generator.overrides()["harness_only"]):
        return ()
    return tuple(generator.COPIES[schema_set](message))


def message_examples() -> Iterator[Example]:
    """Every whole-body example of every NHA copy: digest pages, OpenAPI request examples."""
    for schema_set, message in regenerate().iter_messages():
        for copy in copies(schema_set, message):
            for body in (*copy.examples, *copy.schema.get("examples", [])):
                yield Example(schema_set, message, copy.name, body)


def property_examples() -> Iterator[tuple[str, str, str, dict[str, Any], Any]]:
    """(set, message, where, subschema, example) for every `example` NHA gave a field or component, as the
    generated schema carries it (the subschema is judged with the file's $defs)."""
    for schema_set, message in regenerate().iter_messages():
        schema = json.loads((SCHEMA_ROOT / schema_set / f"{message}.json").read_text(encoding="utf-8"))
        copy_names = {ref["$ref"].removeprefix("#/$defs/") for ref in schema.get("anyOf", [])}
        for name, definition in schema.get("$defs", {}).items():
            for where, subschema in _subschemas(definition, name):
                if where in copy_names:
                    continue  # a whole-body example: message_examples() has it
                for example in subschema["examples"]:
                    yield schema_set, message, where, {**subschema, "$defs": schema["$defs"]}, example


def _subschemas(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if "examples" in node:
            yield where, node
        for key, value in node.items():
            if key != "examples":
                yield from _subschemas(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _subschemas(value, f"{where}/{index}")


def postman_examples() -> Iterator[Example]:
    """The bodies of NHA's Postman requests to paths the harness has a message for (v0.5 gateway and bridge
    paths; the collections' ABHA requests are to the v1/v2 service, which has no schema here)."""
    paths = {f"/{p.lstrip('/')}": m for m, p in {**V05.bridge_paths, **V05.gateway_paths}.items()}
    paths["/v0.5/sessions"] = "session-request"
    for collection in sorted((SCHEMA_ROOT / "nha" / "postman-abha-v3").glob("*.json")):
        for item in _requests(json.loads(collection.read_text(encoding="utf-8"))):
            request = item["request"]
            url = request["url"]["raw"] if isinstance(request["url"], dict) else request["url"]
            path = "/" + url.split("://", 1)[-1].split("/", 1)[-1].split("?")[0]
            path = re.sub(r"^/(gateway|cm)(?=/v)", "", path)
            raw = request.get("body", {}).get("raw")
            if raw and path in paths:
                yield Example("v0.5", paths[path], f"{collection.name} {item['name']}", json.loads(raw))


def _requests(folder: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in folder.get("item", []):
        if "request" in item:
            yield item
        yield from _requests(item)


def placeholder_only(findings: list[SchemaFinding], body: Any) -> bool:
    """Whether every finding is about a value NHA left as a placeholder ("<DOB>" where a number goes)."""
    return all(isinstance(v := value_at(body, f.path), str) and PLACEHOLDER.search(v) for f in findings)


def value_at(body: Any, path: str) -> Any:
    for name, index in re.findall(r"\.([^.\[]+)|\[(\d+)\]", path.removeprefix("$")):
        try:
            body = body[int(index)] if index else body[name]
        except (KeyError, IndexError, TypeError):
            return None
    return body
