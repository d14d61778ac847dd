"""The bundled reference HIU: patient find, consent requests and their status, consent
notifications, artefact fetch, health-information requests and the encrypted data push
(Fidelius decryption, FHIR documents), ABDM v3 and v0.5.

It is an example of a conformant HIU for the harness to test. It is written the way an
integrator would write one, with nothing from the harness: a mistake in the harness
cannot hide in it.
"""

from reference_apps.hiu.app import create_app

__all__ = ["create_app"]
