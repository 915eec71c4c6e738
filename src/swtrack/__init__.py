"""swtrack: hold local social-work talent plans to their own numbers.

The library is the product; the CLI is a thin layer over it:

    from swtrack import load_tracker, validate_tracker, assess_tracker
    tracker, report = load_tracker(Path("."))
    report.extend(validate_tracker(tracker))
    status = assess_tracker(tracker, as_of=date(2015, 12, 31))

and, with pandas installed (`pip install 'swtrack[notebook]'`), DataFrames for a notebook:

    from swtrack import frames
    frames.figures(tracker), frames.units(tracker), frames.events(tracker), frames.verdicts(status)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Report",
    "StatusReport",
    "Tracker",
    "__version__",
    "assess_tracker",
    "frames",
    "load_tracker",
    "validate_tracker",
]

if TYPE_CHECKING:
    from swtrack.assess import assess as assess_tracker
    from swtrack.assess.model import StatusReport
    from swtrack.check.validate import validate as validate_tracker
    from swtrack.findings import Report
    from swtrack.load.tracker import Tracker, load_tracker
    from swtrack.render import frames

# name -> (module, attribute); the names differ from the submodules `assess` and `validate`.
_LAZY = {
    "assess_tracker": ("swtrack.assess", "assess"),
    "StatusReport": ("swtrack.assess.model", "StatusReport"),
    "Report": ("swtrack.findings", "Report"),
    "Tracker": ("swtrack.load.tracker", "Tracker"),
    "load_tracker": ("swtrack.load.tracker", "load_tracker"),
    "validate_tracker": ("swtrack.check.validate", "validate"),
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so that `swtrack --version` does not load pydantic models.
    if name == "frames":
        import importlib

        return importlib.import_module("swtrack.render.frames")
    if name in _LAZY:
        import importlib

        module, attribute = _LAZY[name]
        return getattr(importlib.import_module(module), attribute)
    raise AttributeError(f"module 'swtrack' has no attribute {name!r}")
