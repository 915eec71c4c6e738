"""The statuses a verdict can take, worst first for ranking. A module of its own, with no
other import, so that printing findings or a word for a status does not load the assessment."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    MET = "met"
    OVERSHOOT = "overshoot"
    ON_TRACK = "on_track"
    NEEDS_ACCELERATION = "needs_acceleration"
    OFF_TRACK = "off_track"
    MOVING_AWAY = "moving_away"
    MISSED = "missed"
    MET_LATE = "met_late"
    MET_BY = "met_by"
    INCONCLUSIVE = "inconclusive"
    STALE = "stale"
    OVERDUE = "overdue"
    NOT_JUDGED_YET = "not_judged_yet"
    TRACKED = "tracked"
    NO_DATA = "no_data"


# Worst first: the order summaries and the brief use to rank targets.
SEVERITY_ORDER = [
    Status.MISSED,
    Status.MOVING_AWAY,
    Status.OFF_TRACK,
    Status.OVERDUE,
    Status.NEEDS_ACCELERATION,
    Status.STALE,
    Status.INCONCLUSIVE,
    Status.NO_DATA,
    Status.NOT_JUDGED_YET,
    Status.TRACKED,
    Status.ON_TRACK,
    Status.MET_BY,
    Status.MET_LATE,
    Status.OVERSHOOT,
    Status.MET,
]
