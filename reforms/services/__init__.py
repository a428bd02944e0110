"""Writes of reform work. Views, the API, the importer, the demo and other apps call these.

By record type: ``tasks`` (key reform tasks and milestones, and sending a task behind plan to
supervision), ``pilots`` (试点/示范), ``honours`` (荣誉).
"""

from .honours import HonourData, honour_create, honour_update
from .pilots import (
    PilotData,
    pilot_add_evidence,
    pilot_approve,
    pilot_create,
    pilot_evaluate,
    pilot_move,
    pilot_update,
)
from .tasks import (
    TaskData,
    milestone_accept,
    milestone_report,
    milestone_return,
    plan_locked,
    task_create,
    task_supervise,
    task_update,
)

__all__ = [
    "HonourData",
    "PilotData",
    "TaskData",
    "honour_create",
    "honour_update",
    "milestone_accept",
    "milestone_report",
    "milestone_return",
    "pilot_add_evidence",
    "pilot_approve",
    "pilot_create",
    "pilot_evaluate",
    "pilot_move",
    "pilot_update",
    "plan_locked",
    "task_create",
    "task_supervise",
    "task_update",
]
