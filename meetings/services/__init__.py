"""Writes of meetings. Views, the API, the demo and other apps call these.

By record type: ``meetings`` (request, submit with the 精文减会 checks, approve, ready, held,
cancel), ``agenda`` (items, materials, 第一议题), ``checklist`` (preparation tasks),
``minutes`` (纪要 versions), ``decisions`` (议定事项 and their supervision items).
"""

from .agenda import agenda_item_add, agenda_item_remove, agenda_measures_record, agenda_review_add
from .attendance import (
    attendance_answer,
    notice_send,
    sign_in_code,
    sign_in_record,
    sign_in_self,
)
from .checklist import checklist_create, task_deadline, task_done, task_reopen
from .decisions import decision_add, decision_to_supervision
from .feeds import feed_issue, feed_revoke
from .meetings import (
    MeetingData,
    meeting_approve,
    meeting_cancel,
    meeting_checks,
    meeting_hold,
    meeting_mark_ready,
    meeting_reject,
    meeting_request,
    meeting_revise,
    meeting_submit,
    meeting_update,
    ready_errors,
)
from .minutes import minutes_approve, minutes_save

__all__ = [
    "MeetingData",
    "agenda_item_add",
    "attendance_answer",
    "notice_send",
    "sign_in_record",
    "sign_in_code",
    "sign_in_self",
    "agenda_item_remove",
    "agenda_measures_record",
    "agenda_review_add",
    "checklist_create",
    "decision_add",
    "decision_to_supervision",
    "feed_issue",
    "feed_revoke",
    "meeting_approve",
    "meeting_cancel",
    "meeting_checks",
    "meeting_hold",
    "meeting_mark_ready",
    "meeting_reject",
    "meeting_request",
    "meeting_revise",
    "meeting_submit",
    "meeting_update",
    "minutes_approve",
    "minutes_save",
    "ready_errors",
    "task_deadline",
    "task_done",
    "task_reopen",
]
