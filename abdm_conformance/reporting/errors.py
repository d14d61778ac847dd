"""The errors the reporting modules raise: a user's mistake, or a run that does not qualify."""


class ReportError(RuntimeError):
    """A report, manifest or pack cannot be made as asked; the message is one line naming the file."""


class IncompleteRun(ReportError):
    """The run did not judge what the document would certify (exit code 1, not a usage error)."""
