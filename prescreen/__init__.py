"""prescreen: clinical NLP pre-screening of spine CT prior-authorization requests."""

__version__ = "0.1.0"
__all__ = ["__version__"]
