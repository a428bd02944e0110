"""The contribution registry: what each app adds to the shared pages.

Apps register in ``AppConfig.ready()``; the core reads the registry and never imports an app.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


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


@dataclass(frozen=True)
class SummaryFigure:
    """A figure of the annual summary and dashboard: (year, office) -> number."""

    key: str
    label: str
    compute: Callable
    unit: str = ""
    order: int = 100


@dataclass
class Registry:
    nav: list[NavItem] = field(default_factory=list)
    todos: list[TodoProvider] = field(default_factory=list)
    figures: list[SummaryFigure] = field(default_factory=list)

    def add_nav(self, *items: NavItem) -> None:
        self.nav.extend(items)
        self.nav.sort(key=lambda item: item.order)

    def add_todos(self, provider: TodoProvider) -> None:
        self.todos.append(provider)

    def add_figures(self, *figures: SummaryFigure) -> None:
        self.figures.extend(figures)
        self.figures.sort(key=lambda figure: figure.order)

    def nav_for(self, user) -> list[NavItem]:
        return [item for item in self.nav if item.visible_to(user)]

    def todos_for(self, user) -> list[TodoEntry]:
        entries = []
        for provider in self.todos:
            entries.extend(provider.collect(user))
        return entries


registry = Registry()
