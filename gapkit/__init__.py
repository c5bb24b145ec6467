"""gapkit: measure who is missing from Wikipedia and build editathon worklists."""

__version__ = "0.1.0"
