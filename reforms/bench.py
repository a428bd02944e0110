"""Reforms' pages for ``make bench`` (the registry's ``bench=`` slot): the year's task list
with its roll-ups as a director (plain, filtered, a deep page), a liaison and city office
staff, the pilots and honours, the reform dashboard and achievements, the API lists, a task's
page, and the Django admin change list of the tasks (the peer of the lists)."""

from django.utils import timezone

from office.bench import BenchPage

from .models import KeyTask

ADMIN_TASKS = "/admin/reforms/keytask/"


def pages(users) -> list[BenchPage]:
    director = users["director"]
    year = timezone.localdate().year
    task = KeyTask.objects.filter(owning_office=director.office, year=year).order_by("-pk").first()
    peer = {"peer": ADMIN_TASKS}
    found = [
        BenchPage("reform tasks (director)", "director", "/reforms/", **peer),
        BenchPage("reform tasks ?state=behind", "director", "/reforms/?state=behind", **peer),
        BenchPage("reform tasks every year ?page=5", "director", "/reforms/?year=&page=5", **peer),
        BenchPage("reform tasks (liaison)", "liaison", "/reforms/", **peer),
        BenchPage("reform tasks (city)", "city", "/reforms/", **peer),
        BenchPage("reform pilots (director)", "director", "/reforms/pilots/"),
        BenchPage("honours (director)", "director", "/reforms/honours/"),
        BenchPage("reform dashboard (director)", "director", "/reforms/dashboard/", "dashboard"),
        BenchPage("reform dashboard (city)", "city", "/reforms/dashboard/", "dashboard"),
        BenchPage(
            "reform achievements", "director", f"/reforms/achievements/?year={year}", "dashboard"
        ),
        BenchPage("API reform tasks (director)", "director", "/api/v1/reforms/tasks/"),
        BenchPage("admin reform tasks", "admin", ADMIN_TASKS),
    ]
    if task is not None:
        found.append(BenchPage("reform task detail", "director", f"/reforms/{task.pk}/", "detail"))
    found.append(
        BenchPage("reform tasks Excel export", "director", "/reforms/?export=xlsx", "export",
                  rounds=3)
    )  # fmt: skip
    return found
