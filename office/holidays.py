"""Seeding the Holiday table from the chinese-calendar package."""

import chinese_calendar

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def known_exceptions(first_year: int = 2020):
    """(date, Chinese name, is_workday) for every exception chinese-calendar knows."""
    for day, name in chinese_calendar.holidays.items():
        if day.year >= first_year and name:
            yield day, HOLIDAY_NAMES.get(name, name), False
    for day, name in chinese_calendar.workdays.items():
        # workdays lists every working day; only weekend ones (调休) are exceptions.
        if day.year >= first_year and name and day.weekday() >= 5:
            yield day, HOLIDAY_NAMES.get(name, name) + "调休上班", True


def seed_holidays(Holiday, first_year: int = 2020) -> int:
    """Insert the known exceptions; rows already there (maybe edited by hand) are kept."""
    existing = set(Holiday.objects.values_list("date", flat=True))
    rows = [
        Holiday(date=day, name=name, is_workday=is_workday)
        for day, name, is_workday in known_exceptions(first_year)
        if day not in existing
    ]
    Holiday.objects.bulk_create(rows)
    return len(rows)
