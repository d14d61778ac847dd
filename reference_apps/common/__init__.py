"""What the reference apps share: the plumbing an integrator writes once whatever the app.

Serving and starting an app, its settings file and defect switches, the gateway session and
calls, admitting bridge requests, work done after the answer, the test driver's envelope, and
Fidelius. Each app keeps its own behaviour, ABDM message shapes and defects. Like the apps,
it takes nothing from the harness: a mistake in the harness cannot hide in it.
"""
