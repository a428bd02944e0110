"""The contribution registry: what each app adds to the shared pages and mechanisms.

Each app makes one call in its ``AppConfig.ready()``; the core reads the registry and never
imports an app, and apps never import each other's internals::

    registry.register(
        "supervision",
        nav=[NavItem(...)],                # menu entries (and the home page's "Go to" card)
        todos=[TodoProvider(...)],         # the home page's to-do list: (user) -> [TodoEntry]
        workload=[WorkloadSource(...)],    # the director's "due this week by section"
        figures=[AnnualFigure(...)],       # annual figures, keyed "<app>.<key>"
        widgets=[DashboardWidget(...)],    # cards on the home pages of the roles they target
        search=[SearchSource(...)],        # records the search box finds (office/search.py)
        reminders=[ItemDeadlines()],       # deadline sources of office.reminders
        demo=demo.seed,                    # seed_demo's loader: (*, year, password, stdout)
        scale=scale.generate,              # seed_scale's generator: (ctx: office.scale.ScaleContext)
        bench=bench.pages,                 # make bench's pages: (users) -> [office.bench.BenchPage]
        roles=ROLE_PERMISSIONS,            # role -> model permissions, for sync_roles
    )

Every slot is optional. Reminders and role permissions keep their own engines
(``office.reminders``, ``office.roles``): the registry hands them over, so there is still one
call per app and one place to read what an app contributes.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str = "circle"
    # Roles that see the item; empty means every signed-in user.
    roles: tuple[str, ...] = ()
    permission: str = ""
    section: str = ""
    order: int = 100
    # A further condition on the user: (user) -> bool, e.g. "works in the city office".
    when: Callable | None = None

    def visible_to(self, user) -> bool:
        if self.roles and not user.has_role(*self.roles):
            return False
        if self.when is not None and not self.when(user):
            return False
        return not self.permission or user.has_perm(self.permission)


@dataclass(frozen=True)
class NavGroup:
    """One entry of the top menu: a single item, or a labelled dropdown of a section's
    items (every app's entries, when it has more than one, form one)."""

    label: str
    icon: str
    items: list

    @property
    def url_names(self) -> list[str]:
        return [item.url_name for item in self.items]


@dataclass(frozen=True)
class TodoProvider:
    """Items waiting on a user, shown in the home page's to-do list: (user) -> [TodoEntry]."""

    key: str
    collect: Callable


@dataclass(frozen=True)
class TodoEntry:
    title: str
    url: str = ""
    due: object = None  # a date or None
    kind: str = ""
    # The kind's shade (office.tones): red for what is late, so it reads before it is read.
    tone: str = "azure"
    # One more fact the person needs to act, e.g. the item's own deadline beside a report's.
    detail: str = ""
    # Waits before anything dated, the higher first: an item the director sent back to the
    # unit (2), an item to acknowledge (1).
    priority: int = 0


def list_link(url_name: str, **filters) -> Callable[[int], str]:
    """A figure's ``link``: the list page ``url_name`` filtered to exactly the records the
    figure counts. "{year}" in a filter's value stands for the figure's year (a bare
    ``year=YEAR`` too); True is written as the filter forms read it, "true".

        link=list_link("meetings:meeting_list", year=YEAR, held=True)
    """

    def link(year: int) -> str:
        from urllib.parse import urlencode

        from django.urls import reverse

        params = {name: _filter_value(value, year) for name, value in filters.items()}
        return f"{reverse(url_name)}?{urlencode(params)}"

    return link


YEAR = "{year}"


def _filter_value(value, year: int) -> str:
    if value is True:
        return "true"
    return str(value).replace(YEAR, str(year))


def figure_values(figures, year: int, office) -> list:
    """The figures' values for ``office``'s year, in order, each kept until any record
    changes (office.data_version): the summary, its API, the leaders' key figures and the
    comparison of counties read many years of every app far more often than records change."""
    from office import data_version

    office_key = getattr(office, "pk", None)
    keys = [f"annual:{figure.key}:{office_key}:{year}" for figure in figures]
    values = data_version.cached_many(
        {
            key: (lambda figure=figure: figure.compute(year, office))
            for key, figure in zip(keys, figures, strict=True)
        }
    )
    return [values[key] for key in keys]


@dataclass(frozen=True)
class AnnualFigure:
    """One figure of the annual report: ``compute(year, office)`` -> a number, or None when
    it has no value (a rate of nothing). ``key`` is "<app>.<name>" and never changes: the
    API publishes it. ``description`` says what is counted (and what is not), on the page."""

    key: str
    label: str
    compute: Callable
    description: str = ""
    unit: str = ""
    order: int = 100
    # The chapter of the year-end report it belongs to (office.annual.CHAPTERS: "political",
    # "advice", "coordination", "burden", "supervision", "reform", "learning").
    chapter: str = ""
    # How the summary's draft tells it, "%(value)s" standing for the figure:
    # "服务召开县委常委会会议%(value)s次". Empty: label, value and unit.
    sentence: str = ""
    # (year) -> the URL of the list of records it counts, with that many rows, for a reader
    # of the office's own records; None where no list shows exactly them.
    link: Callable | None = None
    # Whether the city office may rank its counties by it (higher is better): rates the
    # rules let units be compared on, never counts of work that differ by county size.
    ranked: bool = False
    # One of the year's key figures on the leaders' and the director's home, against last
    # year: 精文减会, 只减不增, items closed, pilots, honours, study sessions.
    headline: bool = False

    @property
    def app(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]


@dataclass(frozen=True)
class DashboardWidget:
    """A card on the home page of the roles it targets. ``context(user, today)`` returns the
    template's context, or None to leave the card out for that user (nothing to show).

    The rendered card is kept per user and day until any record changes
    (``office.data_version``); ``cached=False`` draws it on every visit (a card showing
    something no save changes)."""

    key: str
    title: str
    template: str
    context: Callable
    roles: tuple[str, ...] = ()
    order: int = 100
    cached: bool = True

    def visible_to(self, user) -> bool:
        return not self.roles or user.has_role(*self.roles)


@dataclass(frozen=True)
class SearchSource:
    """Records of one kind that the search box finds (office/search.py keeps their index).

    ``fields``: the text fields searched (title and body text); ``title(obj)``: the line a
    hit shows; ``detail(obj)``: a short note beside it (its status); ``lookup(query)``: a
    ``Q`` of exact matches listed first (a record's number typed as on paper), or None;
    ``visible(user)``: the records the user may find: none without the model's view
    permission, else ``restrict(user)`` if given, or the model's ``objects.restrict(user)``,
    the same rules as its list page."""

    key: str
    label: str
    model: type
    fields: tuple[str, ...]
    title: Callable = str
    detail: Callable | None = None
    lookup: Callable | None = None
    select_related: tuple[str, ...] = ()
    restrict: Callable | None = None

    def visible(self, user):
        """What ``user`` may find: nothing without the model's view permission (as its list
        page), else the records in their scope."""
        meta = self.model._meta
        if not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            return self.model.objects.none()
        if self.restrict is not None:
            return self.restrict(user)
        return self.model.objects.restrict(user)


@dataclass(frozen=True)
class DemoLoader:
    app_label: str
    seed: Callable


@dataclass(frozen=True)
class WorkItem:
    """One piece of the office's work falling due: ``unit_id`` is the org unit of the person
    who carries it (the section it is counted under on the director's home)."""

    unit_id: int | None
    title: str
    due: date
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class WorkloadSource:
    """An app's work of an office falling due in a period, for the director's overview:
    ``collect(office, start, end)`` -> [WorkItem], open work only, in a few queries."""

    key: str
    label: str
    collect: Callable


@dataclass(frozen=True)
class ScaleGenerator:
    """An app's part of ``seed_scale``: ``generate(ctx)`` writes the app's records for every
    county and year of ``ctx`` (an ``office.scale.ScaleContext``) in bulk, and may return
    {label: count}. See office/scale.py and docs/performance.md."""

    app_label: str
    generate: Callable


@dataclass(frozen=True)
class BenchPages:
    """An app's pages for ``make bench``: ``pages(users)`` -> [office.bench.BenchPage], where
    ``users`` maps "director", "liaison", "city" and "admin" to the signed-in bench users."""

    app_label: str
    pages: Callable


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    todos: list[TodoProvider] = field(default_factory=list)
    workload: list[WorkloadSource] = field(default_factory=list)
    figures: list[AnnualFigure] = field(default_factory=list)
    widgets: list[DashboardWidget] = field(default_factory=list)
    search_sources: list[SearchSource] = field(default_factory=list)
    demo_loaders: list[DemoLoader] = field(default_factory=list)
    scale_generators: list[ScaleGenerator] = field(default_factory=list)
    bench_pages: list[BenchPages] = field(default_factory=list)
    apps: list[str] = field(default_factory=list)

    def register(
        self,
        app_label: str,
        *,
        nav: Iterable[NavItem] = (),
        todos: Iterable[TodoProvider] = (),
        workload: Iterable[WorkloadSource] = (),
        figures: Iterable[AnnualFigure] = (),
        widgets: Iterable[DashboardWidget] = (),
        search: Iterable[SearchSource] = (),
        reminders: Iterable = (),
        demo: Callable | None = None,
        scale: Callable | None = None,
        bench: Callable | None = None,
        roles: Mapping | None = None,
    ) -> None:
        """Everything ``app_label`` contributes, in one call (see the module docstring)."""
        if app_label in self.apps:
            raise ImproperlyConfigured(f"{app_label} registered its contribution twice")
        figures = list(figures)
        self._check_figure_keys(app_label, figures)
        self.apps.append(app_label)
        self.nav = sorted(
            [*self.nav, *_in_app_section(app_label, list(nav))], key=lambda item: item.order
        )
        self.todos.extend(todos)
        self.workload.extend(workload)
        self.figures = sorted([*self.figures, *figures], key=lambda figure: figure.order)
        self.widgets = sorted([*self.widgets, *widgets], key=lambda widget: widget.order)
        search = list(search)
        self.search_sources.extend(search)
        if demo is not None:
            self.demo_loaders.append(DemoLoader(app_label, demo))
        if scale is not None:
            self.scale_generators.append(ScaleGenerator(app_label, scale))
        if bench is not None:
            self.bench_pages.append(BenchPages(app_label, bench))
        # The engines that keep their own lists, so they stay usable on their own (tests).
        from office import reminders as reminder_engine
        from office.roles import register_permissions
        from office.search import keep_indexed

        for source in reminders:
            reminder_engine.register(source)
        for source in search:
            keep_indexed(source)
        if roles:
            register_permissions(app_label, roles)

    def _check_figure_keys(self, app_label: str, figures: list[AnnualFigure]) -> None:
        # A key is published by the API: it must say whose figure it is and be unique.
        taken = {figure.key for figure in self.figures}
        for figure in figures:
            if not figure.key.startswith(f"{app_label}.") or figure.key in taken:
                raise ImproperlyConfigured(
                    f"annual figure key {figure.key!r}: must be unique and start with "
                    f"'{app_label}.'"
                )
            taken.add(figure.key)

    def nav_for(self, user) -> list[NavItem]:
        return [item for item in self.nav if item.visible_to(user)]

    def nav_groups_for(self, user, *, leave_out=("notification_list",)) -> list[NavGroup]:
        """The top menu: items without a section alone, each section's items in one
        dropdown placed where its first item falls; a section of one shows as its item."""
        groups: list[NavGroup] = []
        by_section: dict[str, NavGroup] = {}
        for item in self.nav_for(user):
            if item.url_name in leave_out:
                continue
            if item.section and item.section in by_section:
                by_section[item.section].items.append(item)
                continue
            group = NavGroup(item.section, item.icon, [item])
            groups.append(group)
            if item.section:
                by_section[item.section] = group
        return groups

    def todos_for(self, user) -> list[TodoEntry]:
        """Every app's to-dos for ``user`` in one list: by priority, then by due date (the
        soonest first, undated last); an app's own order stands between equals."""
        entries = []
        for provider in self.todos:
            entries.extend(provider.collect(user))
        return sorted(entries, key=_todo_order)

    def annual_figures(self, year: int, office) -> list[tuple[AnnualFigure, object]]:
        """Every registered figure of ``office``'s year, with its value, in display order."""
        return list(zip(self.figures, figure_values(self.figures, year, office), strict=True))

    def widgets_for(self, user, today) -> list[tuple[DashboardWidget, dict]]:
        """The widgets ``user``'s roles see, each with its context; a widget with nothing to
        show (its context is None) is left out."""
        shown = []
        for widget in self.widgets:
            if not widget.visible_to(user):
                continue
            context = widget.context(user, today)
            if context is not None:
                shown.append((widget, context))
        return shown

    def search(self, user, query: str, **kwargs):
        """Each source's hits for ``query`` among what ``user`` may see (office.search)."""
        from office.search import search

        return search(user, query, sources=self.search_sources, **kwargs)


def _todo_order(entry: TodoEntry):
    due = entry.due
    if isinstance(due, datetime):
        due = due.date()
    return (-entry.priority, due is None, due or date.min)


def _in_app_section(app_label: str, nav: list[NavItem]) -> list[NavItem]:
    """An app's menu entries, when it has several, share one dropdown named after the app,
    so five apps fit one menu bar."""
    from dataclasses import replace

    from django.apps import apps

    if len(nav) < 2 or app_label == "office":  # the core places its own entries
        return nav
    try:
        label = apps.get_app_config(app_label).verbose_name
    except LookupError:  # not an installed app (a test's registry)
        return nav
    return [item if item.section else replace(item, section=label) for item in nav]


registry = Registry()
