"""{% meeting_actions meeting viewer as can %}: what the viewer may do with the meeting now
(meetings.queries.meeting_actions_for), so templates ask the meetings app instead of re-stating its rules."""

from __future__ import annotations

from django import template
from django.utils import timezone

from meetings.models import Meeting
from meetings.queries import meeting_actions_for

register = template.Library()


@register.simple_tag
def meeting_actions(meeting: Meeting, viewer: str) -> frozenset[str]:
    return meeting_actions_for(meeting=meeting, side=viewer, now=timezone.now())
