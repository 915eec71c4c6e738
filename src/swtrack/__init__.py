"""swtrack: hold local social-work talent plans to their own numbers."""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
