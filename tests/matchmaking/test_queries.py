"""Read queries of the matchmaking app that carry a rule of their own."""

from __future__ import annotations

import pytest

from matchmaking.queries import exhibitor_filter_options
from tests.factories import EventFactory, ExhibitorFactory

pytestmark = pytest.mark.django_db


def test_filter_options_are_cached_until_an_exhibitor_changes(django_assert_num_queries):
    event = EventFactory()
    stand = ExhibitorFactory(event=event, hall="Pavilion 1", country="UZ")
    ExhibitorFactory(event=EventFactory(), hall="Elsewhere")

    first = exhibitor_filter_options(event=event)
    with django_assert_num_queries(1):  # only the stamp: count and last change of the event's exhibitors
        again = exhibitor_filter_options(event=event)
    stand.hall = "Pavilion 3"
    stand.save()
    changed = exhibitor_filter_options(event=event)
    ExhibitorFactory(event=event, hall="Pavilion 2", country="KZ")
    added = exhibitor_filter_options(event=event)

    assert first.halls == again.halls == ["Pavilion 1"]
    assert changed.halls == ["Pavilion 3"]
    assert (added.halls, added.countries) == (["Pavilion 2", "Pavilion 3"], ["KZ", "UZ"])
