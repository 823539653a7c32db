"""The change log: one row per change to requests, meetings, availability and the schedule.

Called by write services inside their transaction, so a change and its log row commit or roll back together.
The row id is the version live clients catch up from (see ChangeLog). Each row is published to the live groups
(meetings.realtime) once the transaction commits; a rolled-back change publishes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from matchmaking.models import Buyer, Event, Exhibitor, User
from meetings.enums import ChangeAction
from meetings.models import ChangeLog
from meetings.realtime import Change, publish_changes


def change_record(
    *,
    event: Event,
    action: ChangeAction,
    actor: User | None = None,
    buyer: Buyer | int | None = None,
    exhibitor: Exhibitor | int | None = None,
    obj: models.Model | None = None,
    data: dict[str, Any] | None = None,
) -> ChangeLog:
    """Append one change. `buyer` / `exhibitor` (objects or ids) name the profiles it concerns."""
    row = ChangeLog.objects.create(**_fields(event, action, actor, buyer, exhibitor, obj, data))
    _publish_on_commit([row])
    return row


def changes_record(rows: Iterable[dict[str, Any]], *, event: Event, actor: User | None = None) -> int:
    """Append many changes at once (a scheduler run); each dict holds change_record's keyword arguments."""
    objs = [
        ChangeLog(
            **_fields(
                event,
                row["action"],
                actor,
                row.get("buyer"),
                row.get("exhibitor"),
                row.get("obj"),
                row.get("data"),
            )
        )
        for row in rows
    ]
    ChangeLog.objects.bulk_create(objs, batch_size=2000)
    _publish_on_commit(objs)
    return len(objs)


def _publish_on_commit(rows: list[ChangeLog]) -> None:
    # Plain values, taken now: the callback must not touch model instances after the transaction.
    # bulk_create sets ids on PostgreSQL and SQLite (RETURNING); a backend without it publishes nothing here
    # and clients still catch up from the log.
    changes = [Change.from_row(row) for row in rows if row.pk is not None]
    if changes:
        transaction.on_commit(lambda: publish_changes(changes))


def _fields(
    event: Event,
    action: ChangeAction,
    actor: User | None,
    buyer: Buyer | int | None,
    exhibitor: Exhibitor | int | None,
    obj: models.Model | None,
    data: dict[str, Any] | None,
) -> dict[str, Any]:
    return {
        "event": event,
        "action": action,
        "actor": actor if actor is not None and actor.is_authenticated else None,
        "buyer_id": buyer.pk if isinstance(buyer, Buyer) else buyer,
        "exhibitor_id": exhibitor.pk if isinstance(exhibitor, Exhibitor) else exhibitor,
        "object_type": obj._meta.model_name if obj is not None else "",
        "object_id": obj.pk if obj is not None else None,
        "data": data or {},
    }
