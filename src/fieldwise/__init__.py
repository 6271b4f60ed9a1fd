"""fieldwise: document data extraction on your own machines, speaking the anyformat v2 API."""

__version__ = "0.1.0"
