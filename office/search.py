"""One search box for every app: the index, its upkeep and the scoped query.

An app declares what of its records can be found with ``SearchSource(key, label, model,
fields=...)`` in its ``registry.register(search=...)``. From then on every save of such a
record (through a service, the admin or a data migration) rewrites its ``SearchEntry``,
every delete removes it, and ``manage.py rebuild_search_index`` rebuilds them all (after a
bulk load that bypassed ``save``).

Chinese is written without spaces, so the text is cut into words with jieba before it is
indexed (``cut_for_search`` also keeps the parts of long words: 老旧小区 is found by 小区).
On PostgreSQL the words are a tsvector with a GIN index and hits are ranked by
``ts_rank`` (title words weigh more than body words); on SQLite (development) every word
of the query must occur in the record's words.

Who may see a hit is decided by the record's model, never by the index: each source's
entries are narrowed to ``model.objects.restrict(user)``, the same rule as its list page.
"""

import logging
import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.signals import post_delete, post_save
from django.utils.html import format_html

from office.models import SearchEntry

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
SNIPPET_CHARS = 90
QUERY_MAX_CHARS = 100
TITLE_MAX = SearchEntry._meta.get_field("title").max_length
# A word is anything with a letter or digit in it: punctuation and spaces are not searched.
WORDLIKE = re.compile(r"\w")


# --- Words -----------------------------------------------------------------------------------


def _jieba():
    import jieba

    if not getattr(_jieba, "ready", False):
        jieba.setLogLevel(logging.WARNING)
        _jieba.ready = True
    return jieba


def index_words(text: str) -> list[str]:
    """The words a text is found by: every word and the words inside long ones."""
    return [w.lower() for w in _jieba().cut_for_search(text or "") if WORDLIKE.search(w)]


def query_words(query: str) -> list[str]:
    """The words of what a person typed, each once, in order."""
    words = [w.lower() for w in _jieba().cut(query or "") if WORDLIKE.search(w)]
    return list(dict.fromkeys(words))


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


# --- The index -------------------------------------------------------------------------------


def _text_of(obj, fields) -> str:
    parts = []
    for name in fields:
        value = getattr(obj, name, "")
        if value:
            parts.append(str(value))
    return "\n".join(parts)


def index_record(source, obj) -> SearchEntry:
    """Write ``obj``'s entry afresh (its title and the text of the source's fields)."""
    title = str(source.title(obj))[:TITLE_MAX]
    body = _text_of(obj, source.fields)
    title_words = " ".join(index_words(title))
    body_words = " ".join(index_words(body))
    entry, _created = SearchEntry.objects.update_or_create(
        source=source.key,
        object_id=obj.pk,
        defaults={"title": title, "body": body, "words": f"{title_words} {body_words}".strip()},
    )
    if _uses_postgres():
        SearchEntry.objects.filter(pk=entry.pk).update(
            vector=SearchVector(
                Value(title_words, output_field=TextField()), config="simple", weight="A"
            )
            + SearchVector(Value(body_words, output_field=TextField()), config="simple", weight="B")
        )
    return entry


def remove_record(source, pk) -> None:
    SearchEntry.objects.filter(source=source.key, object_id=pk).delete()


def rebuild(sources, *, stdout=None) -> dict[str, int]:
    """Every entry of ``sources`` anew, from the records as they are; returns counts."""
    counts = {}
    for source in sources:
        SearchEntry.objects.filter(source=source.key).delete()
        n = 0
        for obj in source.model._default_manager.order_by("pk").iterator(chunk_size=500):
            index_record(source, obj)
            n += 1
        counts[source.key] = n
        if stdout is not None:
            stdout.write(f"{source.key}: {n}")
    return counts


def _sources_of(model):
    from office.registry import registry

    return [source for source in registry.search_sources if source.model is model]


def _record_saved(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's own entries (or a rebuild) follow
        return
    for source in _sources_of(sender):
        index_record(source, instance)


def _record_deleted(sender, instance, **kwargs):
    for source in _sources_of(sender):
        remove_record(source, instance.pk)


def keep_indexed(source) -> None:
    """Rewrite ``source``'s entry on every save of its model, drop it on delete."""
    uid = f"office.search:{source.model._meta.label}"
    post_save.connect(_record_saved, sender=source.model, dispatch_uid=uid)
    post_delete.connect(_record_deleted, sender=source.model, dispatch_uid=uid)


# --- Finding ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    detail: str
    snippet: str
    marked_title: str = ""


@dataclass
class SourceHits:
    source: object
    count: int
    hits: list[Hit] = field(default_factory=list)


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """A stretch of ``text`` around the first word found, the words marked with <mark>;
    everything else escaped."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    longest_first = sorted({w for w in words if w}, key=len, reverse=True)
    lowered = text.lower()
    found = [lowered.find(w) for w in longest_first if w in lowered]
    start = max(0, min(found) - width // 3) if found else 0
    window = text[start : start + width]
    parts = ["…"] if start > 0 else []
    if longest_first:
        pattern = re.compile("|".join(re.escape(w) for w in longest_first), re.IGNORECASE)
        last = 0
        for match in pattern.finditer(window):
            parts.append(window[last : match.start()])
            parts.append(format_html("<mark>{}</mark>", match.group()))
            last = match.end()
        parts.append(window[last:])
    else:
        parts.append(window)
    if start + width < len(text):
        parts.append("…")
    return format_html("".join(["{}"] * len(parts)), *parts)


def _matching(source, visible, words):
    entries = SearchEntry.objects.filter(source=source.key, object_id__in=visible.values("pk"))
    if _uses_postgres():
        query = SearchQuery(" ".join(words), config="simple", search_type="plain")
        return (
            entries.filter(vector=query)
            .annotate(rank=SearchRank(F("vector"), query))
            .order_by("-rank", "-object_id")
        )
    for word in words:
        entries = entries.filter(words__contains=word)
    return entries.order_by("-object_id")


def search_source(source, user, query: str, *, page: int = 1, size: int = PAGE_SIZE) -> SourceHits:
    """One source's hits for ``query`` among the records ``user`` may see: the exact matches
    of the source's ``lookup`` (a record's number) first, then the words ranked."""
    words = query_words(query)
    visible = source.visible(user)
    exact_q = source.lookup(query) if source.lookup else None
    exact_ids = list(visible.filter(exact_q).values_list("pk", flat=True)[:size]) if exact_q else []
    if not words and not exact_ids:
        return SourceHits(source, 0)
    entries = (
        _matching(source, visible, words).exclude(object_id__in=exact_ids)
        if words
        else SearchEntry.objects.none()
    )
    count = len(exact_ids) + entries.count()
    start = (page - 1) * size
    first_ids = exact_ids[start : start + size]
    ranked = list(
        entries.values_list("object_id", "title", "body")[
            max(0, start - len(exact_ids)) : max(0, start - len(exact_ids)) + size - len(first_ids)
        ]
    )
    texts = {oid: (title, body) for oid, title, body in ranked}
    ids = [*first_ids, *(oid for oid, _t, _b in ranked)]
    if not ids:
        return SourceHits(source, count)
    missing = [pk for pk in first_ids if pk not in texts]
    if missing:
        texts.update(
            {
                oid: (title, body)
                for oid, title, body in SearchEntry.objects.filter(
                    source=source.key, object_id__in=missing
                ).values_list("object_id", "title", "body")
            }
        )
    records = source.model._default_manager.select_related(*source.select_related).in_bulk(ids)
    marks = [query, *query.split(), *words]
    hits = []
    for pk in ids:
        record = records.get(pk)
        if record is None:
            continue
        title, body = texts.get(pk, (str(source.title(record)), ""))
        hits.append(
            Hit(
                title=title,
                url=record.get_absolute_url(),
                detail=str(source.detail(record)) if source.detail else "",
                snippet=snippet(body, marks) if body else "",
                marked_title=snippet(title, marks, width=TITLE_MAX),
            )
        )
    return SourceHits(source, count, hits)


def search(user, query: str, *, sources=None, page: int = 1, size: int = PAGE_SIZE):
    """Every source's hits (sources with none left out), for the search page and the API."""
    from office.registry import registry

    query = (query or "").strip()[:QUERY_MAX_CHARS]
    if not query:
        return []
    found = []
    for source in sources if sources is not None else registry.search_sources:
        hits = search_source(source, user, query, page=page, size=size)
        if hits.count:
            found.append(hits)
    return found
