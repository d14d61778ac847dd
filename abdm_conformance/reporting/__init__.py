"""Reports of a run: HTML/PDF report, signed manifest and the sandbox-exit pack."""
