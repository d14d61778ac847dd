"""The bundled reference HIP: user-initiated discovery and linking, consent and health-information
transfer (FHIR records, Fidelius encryption), ABDM v3 and v0.5.

It is the harness's default target and an example of a conformant HIP. It is written
the way an integrator would write one, with nothing from the harness: a mistake in the
harness cannot hide in it.
"""

from reference_apps.hip.app import create_app

__all__ = ["create_app"]
