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
    MET_BY_SUBSTITUTE = "met_by_substitute"
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
    Status.MET_BY_SUBSTITUTE,
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


class Group(StrEnum):
    """The groups every output sorts verdicts into, in the order a reader meets them: one
    vocabulary for the status table, its markdown and CSV, gaps and the brief."""

    NEEDS_ACTION = "needs_action"
    NEEDS_DATA = "needs_data"
    ON_TRACK = "on_track"
    MET = "met"
    NOT_JUDGED = "not_judged"


# Each status in exactly one group (tests/test_status_groups.py holds every status to one).
# needs_action: the evidence shows the plan falling short; needs_data: the evidence cannot say;
# met_late and met_by are met, and say so in their own words. met_by_substitute is needs_action:
# something else was done in place of what the plan names (an association doing a federation's
# tasks), so the plan's own commitment is not done; someone must do it or decide, on the record,
# that the substitute serves. Its words say what was done instead.
GROUP_OF: dict[Status, Group] = {
    Status.MISSED: Group.NEEDS_ACTION,
    Status.MOVING_AWAY: Group.NEEDS_ACTION,
    Status.OFF_TRACK: Group.NEEDS_ACTION,
    Status.OVERDUE: Group.NEEDS_ACTION,
    Status.NEEDS_ACCELERATION: Group.NEEDS_ACTION,
    Status.MET_BY_SUBSTITUTE: Group.NEEDS_ACTION,
    Status.STALE: Group.NEEDS_DATA,
    Status.INCONCLUSIVE: Group.NEEDS_DATA,
    Status.NO_DATA: Group.NEEDS_DATA,
    Status.ON_TRACK: Group.ON_TRACK,
    Status.MET: Group.MET,
    Status.OVERSHOOT: Group.MET,
    Status.MET_LATE: Group.MET,
    Status.MET_BY: Group.MET,
    Status.NOT_JUDGED_YET: Group.NOT_JUDGED,
    Status.TRACKED: Group.NOT_JUDGED,
}
