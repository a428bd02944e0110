"""One version of the office's records, for the caches of what is computed from them.

Home-page cards and the year's figures are read far more often than the records behind them
change. Whatever is computed from the records is cached under the current version; a save,
delete or many-to-many change of any model of the project's apps (the core and every app
registered with ``office.registry``) draws a new version, so the next read computes afresh.

Writes that send no signal (``QuerySet.update``, ``seed_scale``'s COPY) are caught by the
time limit every entry carries (``DEFAULT_SECONDS``): a cached value is at most that old.
With the local-memory cache of ``make run`` each process keeps its own version, so what the
worker changes reaches the web process's cards within the same limit.

One version for everything, not one per office: simple and never wrong; in a province where
some county is always saving, the cache helps less (see docs/performance.md).
"""

import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from simple_history.models import HistoricalChanges

VERSION_KEY = "office:data-version"
DEFAULT_SECONDS = 300
_MISSING = object()


def current() -> str:
    """The version the caches key on now."""
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(VERSION_KEY, version, None)
    return version


def bump() -> None:
    """Something the records say has changed: every value cached under the old version is
    stale."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def cached(key: str, compute: Callable, seconds: int = DEFAULT_SECONDS):
    """``compute()``'s value, kept under ``key`` until the records change or ``seconds``
    pass. None is a value like any other."""
    versioned = f"{key}:{current()}"
    value = cache.get(versioned, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(versioned, value, seconds)
    return value


def cached_many(computations: dict[str, Callable], seconds: int = DEFAULT_SECONDS) -> dict:
    """``cached`` for many keys in two round trips to the cache (the version, then every
    key at once): {key: compute()} -> {key: value}. A page of many figures paid one round
    trip per figure (the comparison of 63 counties: 4,000 of them, 2.6 s)."""
    version = current()
    versioned = {f"{key}:{version}": key for key in computations}
    values = {versioned[key]: value for key, value in cache.get_many(list(versioned)).items()}
    fresh = {key: compute() for key, compute in computations.items() if key not in values}
    if fresh:
        cache.set_many({f"{key}:{version}": value for key, value in fresh.items()}, seconds)
    return {**values, **fresh}


def _tracked_apps() -> set[str]:
    from office.registry import registry

    return {"office", *registry.apps}


# Saves that change nothing anything cached is computed from: a sign-in stamping the user's
# last login (every sign-in anywhere would otherwise empty every cache), and the history
# rows that accompany a real save (the save itself already draws a new version).
_UNTRACKED_UPDATES = (frozenset({"last_login"}),)


def _record_changed(sender, **kwargs) -> None:
    if sender._meta.app_label not in _tracked_apps() or issubclass(sender, HistoricalChanges):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields is not None and frozenset(update_fields) in _UNTRACKED_UPDATES:
        return
    bump()


def connect() -> None:
    """Listen to every model's changes (office/apps.py, once)."""
    post_save.connect(_record_changed, dispatch_uid="office-data-version-save")
    post_delete.connect(_record_changed, dispatch_uid="office-data-version-delete")
    m2m_changed.connect(_record_changed, dispatch_uid="office-data-version-m2m")
