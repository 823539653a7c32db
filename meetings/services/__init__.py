"""Write services of the meetings app (the only way anything changes meetings). Each owns its transaction."""

from meetings.services.schedule import (
    PlacementError,
    ScheduleConflict,
    meeting_place_fast,
    schedule_apply,
    schedule_run_cancel,
    schedule_run_execute,
    schedule_run_start,
)
from meetings.services.slots import (
    SlotPlanConflict,
    SlotSyncResult,
    event_day_plans,
    locations_sync,
    slots_generate,
    slots_plan_conflicts,
)

__all__ = [
    "PlacementError",
    "ScheduleConflict",
    "SlotPlanConflict",
    "SlotSyncResult",
    "event_day_plans",
    "locations_sync",
    "meeting_place_fast",
    "schedule_apply",
    "schedule_run_cancel",
    "schedule_run_execute",
    "schedule_run_start",
    "slots_generate",
    "slots_plan_conflicts",
]
