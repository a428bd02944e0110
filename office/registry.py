"""The contribution registry: what each app adds to the shared pages and mechanisms.

Each app makes one call in its ``AppConfig.ready()``; the core reads the registry and never
imports an app, and apps never import each other's internals::

    registry.register(
        "supervision",
        nav=[NavItem(...)],                # menu entries (and the home page's "Go to" card)
        todos=[TodoProvider(...)],         # the home page's to-do list: (user) -> [TodoEntry]
        figures=[AnnualFigure(...)],       # annual figures, keyed "<app>.<key>"
        widgets=[DashboardWidget(...)],    # cards on the home pages of the roles they target
        search=[SearchSource(...)],        # (user, query) -> [SearchResult], scoped
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

    def visible_to(self, user) -> bool:
        if self.roles and not user.has_role(*self.roles):
            return False
        return not self.permission or user.has_perm(self.permission)


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

    @property
    def app(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def name(self) -> str:
        return self.key.split(".", 1)[1]


@dataclass(frozen=True)
class DashboardWidget:
    """A card on the home page of the roles it targets. ``context(user, today)`` returns the
    template's context, or None to leave the card out for that user (nothing to show)."""

    key: str
    title: str
    template: str
    context: Callable
    roles: tuple[str, ...] = ()
    order: int = 100

    def visible_to(self, user) -> bool:
        return not self.roles or user.has_role(*self.roles)


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class SearchSource:
    """Records of one kind a user may find: ``search(user, query)`` -> [SearchResult], only
    among the records the user may see (the source applies the scoping)."""

    key: str
    label: str
    search: Callable


@dataclass(frozen=True)
class DemoLoader:
    app_label: str
    seed: Callable


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
        self.nav = sorted([*self.nav, *nav], key=lambda item: item.order)
        self.todos.extend(todos)
        self.figures = sorted([*self.figures, *figures], key=lambda figure: figure.order)
        self.widgets = sorted([*self.widgets, *widgets], key=lambda widget: widget.order)
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

        for source in reminders:
            reminder_engine.register(source)
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

    def todos_for(self, user) -> list[TodoEntry]:
        entries = []
        for provider in self.todos:
            entries.extend(provider.collect(user))
        return entries

    def annual_figures(self, year: int, office) -> list[tuple[AnnualFigure, object]]:
        """Every registered figure of ``office``'s year, with its value, in display order."""
        return [(figure, figure.compute(year, office)) for figure in self.figures]

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

    def search(self, user, query: str) -> list[tuple[SearchSource, list[SearchResult]]]:
        """Each source's results for ``query``, sources with none left out."""
        query = query.strip()
        if not query:
            return []
        found = []
        for source in self.search_sources:
            results = list(source.search(user, query))
            if results:
                found.append((source, results))
        return found


registry = Registry()
