"""Reading cell text the way people type it: dates in every usual form, words for choices,
units and people by name within the importing user's office."""

import re
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

DATE_PATTERNS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)
# Excel's day numbers of 1982-01-01 and 2173-10-14: a bare number in that range is a date
# whose cell lost its date format.
EXCEL_SERIAL_RANGE = (30000, 99999)
EXCEL_EPOCH = date(1899, 12, 30)


def squeeze(text: str) -> str:
    """Remove every space (ASCII, full-width, line breaks): names are compared this way."""
    return re.sub(r"\s+", "", text or "")


def cell_text(value) -> str:
    """A cell as text: dates as ISO dates, whole numbers without ".0", the rest stripped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value) -> date | None:
    """A date from a real Excel date, 2026-12-31, 2026/12/31, 2026.12.31, 2026年12月31日 or
    Excel's day number; None if it is none of those. Stored batches keep cells as text, so
    the text of a cell parses the same way as the cell did."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = squeeze(cell_text(value))
    if text.isdigit():
        number = int(text)
        if EXCEL_SERIAL_RANGE[0] <= number <= EXCEL_SERIAL_RANGE[1]:
            return EXCEL_EPOCH + timedelta(days=number)
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                return None
    return None


class WordChoices:
    """The words a list may use for each choice: the lists' own words, the label the app shows
    and the stored code. The first word of each choice is the one the template's drop-down
    offers."""

    def __init__(self, words: dict):
        self.options = tuple(str(synonyms[0]) for synonyms in words.values())
        self._codes: dict[str, str] = {}
        for code, synonyms in words.items():
            labels = (str(code.label), code.value) if hasattr(code, "label") else (str(code),)
            for word in (*synonyms, *labels):
                self._codes[squeeze(str(word)).lower()] = getattr(code, "value", code)

    def find(self, text: str) -> str | None:
        return self._codes.get(squeeze(text).lower())


class NameIndex:
    """Records found by any of their names, within what the user may see."""

    def __init__(self, rows):
        self.by_key: dict[str, set[int]] = {}
        self.names: dict[int, str] = {}
        for pk, name, *other_names in rows:
            self.names[pk] = name
            for key in {squeeze(n) for n in (name, *other_names)} - {""}:
                self.by_key.setdefault(key, set()).add(pk)

    def find(self, text: str) -> tuple[int | None, str]:
        """(id, "") or (None, the error message for the person)."""
        matches = self.by_key.get(squeeze(text), set())
        if len(matches) == 1:
            return next(iter(matches)), ""
        if matches:
            return None, self.ambiguous_message() % {"name": text}
        return None, self.unknown_message() % {"name": text}

    def ambiguous_message(self) -> str:
        raise NotImplementedError

    def unknown_message(self) -> str:
        raise NotImplementedError


class UnitIndex(NameIndex):
    """Active units of the user's office, by full or short name. An app narrows the units
    (e.g. to those that can be given work) by passing its own queryset."""

    def __init__(self, user, units=None):
        from office.models import OrgUnit

        if units is None:
            units = OrgUnit.objects.all()
        super().__init__(
            units.restrict(user, "change")
            .filter(is_active=True)
            .values_list("pk", "name", "short_name")
        )

    def ambiguous_message(self):
        return _("%(name)s matches several units: use the full name.")

    def unknown_message(self):
        return _("Unknown unit: %(name)s. Use the full or short name the unit has in the system.")


class UserIndex(NameIndex):
    """Active people of the user's office, by full name or user name."""

    def __init__(self, user, users=None):
        from office.models import User

        if users is None:
            users = User.objects.all()
        rows = users.restrict(user).filter(is_active=True).values_list("pk", "name", "username")
        super().__init__((pk, name or username, username) for pk, name, username in rows)

    def ambiguous_message(self):
        return _("%(name)s matches several people: use the user name.")

    def unknown_message(self):
        return _("Unknown person: %(name)s. Use the name the person has in the system.")
