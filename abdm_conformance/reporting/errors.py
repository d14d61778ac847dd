"""The one error the reporting modules raise for a user's mistake."""


class ReportError(RuntimeError):
    """A report, manifest or pack cannot be made as asked; the message is one line naming the file."""
