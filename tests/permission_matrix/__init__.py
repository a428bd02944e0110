"""The permission matrix: who may open, and who may act on, every route of the project.

Every app declares its routes in ``tests/permission_matrix/<app_label>.py``:

``PAGES``
    ``{url name: {method: Case or [Case, ...]}}``, one entry for every named route of the
    URL resolver that the app's urls.py defines (``"supervision:item_detail"``).
``API``
    ``{(method, path as in the OpenAPI schema): Case}``, one entry for every operation of
    drf-spectacular's schema that the app's api/urls.py routes
    (``("POST", "/api/v1/supervision/items/{id}/assign/")``).
``build(world) -> dict``
    The records whose ids fill the URLs, made once per run (``Case.record`` names them).
``KNOWN_GAPS``
    A set of ``(route, method, principal)``, with a comment citing the rule: cells where the code today answers otherwise
    than the product intends. The matrix asserts they still differ, so fixing one fails the
    test until its entry is removed.

A ``Case`` gives the expected answer of every principal (``PRINCIPALS``): the ten roles of
county A, a city-office staff member, a user of county B holding every office-wide role (so
only the county boundary stops them) and an anonymous visitor.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.messages import constants as message_levels
from django.shortcuts import resolve_url

from office.roles import Role

ROLES = tuple(Role.values)
CITY = "city"
OTHER_COUNTY = "other_county"
ANONYMOUS = "anonymous"
PRINCIPALS = (*ROLES, CITY, OTHER_COUNTY, ANONYMOUS)


# --- What an answer may be --------------------------------------------------------------------


class Answer:
    """An expected answer that is more than a status code."""

    def matches(self, response, *, strict: bool) -> bool:
        raise NotImplementedError


class _Login(Answer):
    """302 to the sign-in page (a web page asked for without a session)."""

    def __init__(self, url: str | None, label: str):
        self.url, self.label = url, label

    def matches(self, response, *, strict):
        login = self.url or resolve_url(settings.LOGIN_URL)
        return response.status_code == 302 and response["Location"].startswith(login)

    def __repr__(self):
        return self.label


class _May(Answer):
    """Permitted: no refusal (401, 403, 404, 405, a redirect to sign in) and no server error.
    An empty form may answer 200 or 400 with its errors: the matrix is about who may, not
    validation. When the case posts a body the permitted roles succeed with, the page must
    not answer with an error message either (the web action forms refuse by message)."""

    def matches(self, response, *, strict):
        if response.status_code in (401, 403, 404, 405) or response.status_code >= 500:
            return False
        if LOGIN.matches(response, strict=False) or ADMIN_LOGIN.matches(response, strict=False):
            return False
        return not (strict and error_messages(response))

    def __repr__(self):
        return "MAY"


class _Declined(Answer):
    """The page takes the request and the service refuses it: 302 back to the record with
    an error message, nothing changed (the web action forms of an item)."""

    def matches(self, response, *, strict):
        return (
            response.status_code == 302
            and not LOGIN.matches(response, strict=False)
            and bool(error_messages(response))
        )

    def __repr__(self):
        return "DECLINED"


LOGIN = _Login(None, "LOGIN")
ADMIN_LOGIN = _Login("/admin/login/", "ADMIN_LOGIN")
MAY = _May()
DECLINED = _Declined()


class _Either(frozenset):
    def __repr__(self):
        return "|".join(str(code) for code in sorted(self))


# Either refusal: the record is out of reach (404) or the action is (403).
NO = _Either({403, 404})

Expectation = int | frozenset | Answer


def matches(expected: Expectation, response, *, strict: bool = False) -> bool:
    if isinstance(expected, Answer):
        return expected.matches(response, strict=strict)
    if isinstance(expected, frozenset):
        return response.status_code in expected
    return response.status_code == expected


def error_messages(response) -> list[str]:
    """Error messages the request queued (not the ones an earlier request left behind)."""
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", [])
    return [str(m) for m in queued if m.level >= message_levels.ERROR]


def describe(response) -> str:
    text = str(response.status_code)
    if response.status_code in (301, 302, 303):
        text += f" → {response['Location']}"
    errors = error_messages(response)
    if errors:
        text += f" (error: {errors[0][:80]})"
    return text


# --- Declarations ----------------------------------------------------------------------------


def cells(base: Mapping[str, Expectation], **changes: Expectation) -> dict[str, Expectation]:
    """A row of the matrix: ``base`` with some principals' answers changed."""
    row = {**base, **changes}
    unknown = set(row) - set(PRINCIPALS)
    missing = set(PRINCIPALS) - set(row)
    if unknown or missing:
        raise ValueError(f"a row names every principal once: unknown {unknown}, missing {missing}")
    return row


def everyone(answer: Expectation, **changes: Expectation) -> dict[str, Expectation]:
    return cells(dict.fromkeys(PRINCIPALS, answer), **changes)


@dataclass(frozen=True)
class Case:
    """One request to make as every principal, and what each must get."""

    expect: Mapping[str, Expectation]
    # Which record fills the URL's parameters: a name from the app's build(), used for the
    # single parameter (pk / id), or {parameter: record name}; an API path's single parameter
    # may also take a value as it is (an int: a year).
    record: str | Mapping[str, str] | int = ""
    # The POST body; a callable gets the records. With a body, MAY also means "succeeds".
    data: Mapping | Callable | None = None
    # The query string; a callable gets the records (for an id in it).
    query: str | Callable = ""
    # Tells two cases of one route apart in a failure (e.g. "draft", "published").
    label: str = ""
    # A request that ends the session (logout) gets a client of its own.
    own_client: bool = False
    extra: Mapping = field(default_factory=dict)

    def __post_init__(self):
        cells(self.expect)  # complete and known principals, or fail at import


def as_list(cases) -> list[Case]:
    return list(cases) if isinstance(cases, list | tuple) else [cases]


# --- Routes that are not an app's own ---------------------------------------------------------

# The Django admin has many routes (a changelist, add, change, delete and history per model):
# they share one gate, tested through the admin index and one changelist per app.
ADMIN_PREFIX = "admin/"
# DRF's routers repeat each API route with a format suffix (``.json``); it answers as the
# route it repeats.
FORMAT_SUFFIX_KWARG = "format"
# Views of the test-only app (tests/testapp): they exist only under the test settings.
TEST_ONLY_VIEW_PACKAGE = "tests."
