"""Finding the entries of a Bundle and resolving references between them.

A document's references are resolved inside the Bundle (FHIR R4 bundle.html §Resolving
references): by `fullUrl` (implementations use `urn:uuid:`; NHA's sample uses relative
`Type/id` fullUrls), or a relative `Type/id` against an entry's `resourceType/id`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


def as_object(value: object) -> dict[str, object]:
    """`value` if it is a JSON object, else an empty one: the rules must survive any JSON shape."""
    return value if isinstance(value, dict) else {}


def as_array(value: object) -> list[object]:
    return value if isinstance(value, list) else []


@dataclass(frozen=True)
class Entry:
    index: int
    full_url: object  # as found: may be missing (None) or not a string
    resource: dict[str, object]  # empty when the entry has none

    @property
    def resource_type(self) -> str:
        """The resourceType, or "" when there is none to name."""
        kind = self.resource.get("resourceType")
        return kind if isinstance(kind, str) else ""

    @property
    def path(self) -> str:
        typed = f"({self.resource_type})" if self.resource_type else ""
        return f"Bundle.entry[{self.index}].resource{typed}"


class BundleIndex:
    """The entries of one Bundle, looked up by fullUrl and by `Type/id`."""

    def __init__(self, bundle: dict[str, object]) -> None:
        self.entries = [
            Entry(i, as_object(raw).get("fullUrl"), as_object(as_object(raw).get("resource")))
            for i, raw in enumerate(as_array(bundle.get("entry")))
        ]
        self._by_key: dict[str, Entry] = {}
        # setdefault: with duplicates (a bdl-7 error, reported elsewhere) the first entry wins.
        for entry in self.entries:
            if isinstance(entry.full_url, str):
                self._by_key.setdefault(entry.full_url, entry)
        for entry in self.entries:
            resource_id = entry.resource.get("id")
            if isinstance(resource_id, str):
                self._by_key.setdefault(f"{entry.resource_type}/{resource_id}", entry)

    def resolve(self, reference: str) -> Entry | None:
        # A version-specific reference ("Patient/1/_history/2") names the same entry.
        return self._by_key.get(reference.split("/_history/", 1)[0])


def resolves_locally(resource: dict[str, object], reference: str) -> bool:
    """A `#id` reference names a contained resource; a bare `#` names the container itself."""
    local_id = reference[1:]
    return not local_id or any(as_object(item).get("id") == local_id for item in as_array(resource.get("contained")))


def iter_references(node: object, path: str) -> Iterator[tuple[str, str]]:
    """(path of the `.reference` element, its value) for every Reference inside `node`.

    Any object with a string `reference` is a Reference: no other R4 element of the resources
    a health record carries has that name.
    """
    if isinstance(node, dict):
        reference = node.get("reference")
        if isinstance(reference, str):
            yield f"{path}.reference", reference
        for key, value in node.items():
            yield from iter_references(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from iter_references(item, f"{path}[{i}]")
