"""Every status belongs to exactly one group, and every group has its words in both languages."""

from __future__ import annotations

from swtrack.model.status import GROUP_OF, SEVERITY_ORDER, Group, Status
from swtrack.render.text import GROUP


def test_every_status_has_one_group() -> None:
    assert set(GROUP_OF) == set(Status)
    assert set(SEVERITY_ORDER) == set(Status)


def test_every_group_is_used_and_named() -> None:
    assert set(GROUP_OF.values()) == set(Group)
    for lang in ("zh", "en"):
        assert set(GROUP[lang]) == set(Group)


def test_groups_split_action_from_data() -> None:
    assert GROUP_OF[Status.MISSED] is Group.NEEDS_ACTION
    assert GROUP_OF[Status.STALE] is Group.NEEDS_DATA
    assert GROUP["zh"][Group.NEEDS_DATA] == "需要补充数据"
