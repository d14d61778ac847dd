"""The bundled reference registration desk: a hospital's front desk that creates ABHA numbers by
Aadhaar OTP, verifies returning patients' ABHA numbers by OTP and registers each ABHA number
under one patient id, against NHA's ABHA v3 API (M1).

It is an example of a conformant M1 integration for the harness to test. It is written the
way an integrator would write one, with nothing from the harness: a mistake in the harness
cannot hide in it.
"""

from reference_apps.registration_desk.app import create_app

__all__ = ["create_app"]
