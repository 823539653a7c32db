from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from matchmaking import validators
from tests.factories import BuyerFactory, EventBreakFactory, EventDayFactory, EventFactory


@pytest.mark.parametrize("value", ["Asia/Tashkent", "UTC", "Europe/Berlin"])
def test_validate_time_zone_accepts_iana_names(value):
    validators.validate_time_zone(value)


@pytest.mark.parametrize("value", ["Asia/Tashkentt", "", "UTC+5", "../etc/passwd"])
def test_validate_time_zone_names_the_bad_value(value):
    with pytest.raises(ValidationError):
        validators.validate_time_zone(value)


@pytest.mark.parametrize("value", ["uz", "UZB", "U", "", "12"])
def test_validate_country_code_wants_two_upper_case_letters(value):
    with pytest.raises(ValidationError):
        validators.validate_country_code(value)
    validators.validate_country_code("UZ")


def test_validate_language_codes():
    validators.validate_language_codes(["uz", "ru", "en"])
    for bad in (["UZ"], ["russian"], "ru", [1]):
        with pytest.raises(ValidationError):
            validators.validate_language_codes(bad)


def test_validate_keywords_limits_count_and_length():
    validators.validate_keywords(["cctv", "видеонаблюдение", "yongʻin signalizatsiyasi"])
    for bad in (["x"] * 31, ["a" * 61], [""], "cctv"):
        with pytest.raises(ValidationError):
            validators.validate_keywords(bad)


@pytest.mark.django_db
def test_model_clean_rejects_bad_event_and_profile_fields():
    event = EventFactory.build(time_zone="Mars/Olympus", start_date=date(2026, 11, 12), end_date=date(2026, 11, 10))
    with pytest.raises(ValidationError) as info:
        event.full_clean()
    assert {"time_zone", "end_date"} <= set(info.value.message_dict)
    buyer = BuyerFactory.build(event=EventFactory(), country="uzb", languages=["Uzbek"])
    with pytest.raises(ValidationError) as info:
        buyer.full_clean()
    assert {"country", "languages"} <= set(info.value.message_dict)


@pytest.mark.django_db
def test_day_and_break_clean_check_their_hours():
    day = EventDayFactory.build(event=EventFactory(), opens=time(17), closes=time(10))
    with pytest.raises(ValidationError) as info:
        day.full_clean()
    assert "closes" in info.value.message_dict
    saved = EventDayFactory(opens=time(10), closes=time(17))
    lunch = EventBreakFactory.build(day=saved, starts=time(16, 30), ends=time(17, 30))
    with pytest.raises(ValidationError) as info:
        lunch.full_clean()
    assert "starts" in info.value.message_dict
