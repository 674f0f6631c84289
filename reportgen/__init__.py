"""reportgen: one outline of an analysis -> a matching Word brief, PowerPoint deck and PDF handout."""

__version__ = "0.1.0"
