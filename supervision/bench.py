"""Supervision's pages for ``make bench`` (the registry's ``bench=`` slot): the ledger as a
director (plain, filtered, a deep page), a liaison and city office staff, the red list, the
dashboard, the API item list, an item's page, the Django admin change list of the same items
(the peer every list is compared with) and the Excel ledger."""

from office.bench import BenchPage

from .models import Item

ADMIN_ITEMS = "/admin/supervision/item/"


def pages(users) -> list[BenchPage]:
    director = users["director"]
    item = (
        Item.objects.filter(owning_office=director.office, is_group=False, status="in_progress")
        .order_by("-pk")
        .first()
    )
    peer = {"peer": ADMIN_ITEMS}
    found = [
        BenchPage("ledger (director)", "director", "/supervision/", **peer),
        BenchPage("ledger ?open=true", "director", "/supervision/?open=true", **peer),
        BenchPage("ledger ?page=5", "director", "/supervision/?page=5", **peer),
        BenchPage("ledger (liaison)", "liaison", "/supervision/", **peer),
        BenchPage("ledger (city)", "city", "/supervision/", **peer),
        BenchPage("ledger ?page=5 (city)", "city", "/supervision/?page=5", **peer),
        BenchPage("red list (director)", "director", "/supervision/red-list/", **peer),
        BenchPage("red list (city)", "city", "/supervision/red-list/", **peer),
        BenchPage("dashboard (director)", "director", "/supervision/dashboard/", "dashboard"),
        BenchPage("dashboard (city)", "city", "/supervision/dashboard/", "dashboard"),
        BenchPage("API items (director)", "director", "/api/v1/supervision/items/"),
        BenchPage("API items (city)", "city", "/api/v1/supervision/items/"),
        BenchPage("admin change list", "admin", ADMIN_ITEMS),
        BenchPage("admin ?p=5", "admin", f"{ADMIN_ITEMS}?p=5"),
    ]
    if item is not None:
        found.append(BenchPage("item detail", "director", f"/supervision/{item.pk}/", "detail"))
    found.append(
        BenchPage(
            "ledger Excel export", "director", "/supervision/?export=xlsx", "export", rounds=3
        )
    )
    return found
