"""Documents' part of ``manage.py seed_scale`` (the registry's ``scale=`` slot): a county
office's year of paperwork in each generated county — about 130 manuscripts with their first
version, about 120 outgoing documents carried through the flow (checked, signed off,
numbered and issued in past days, at an earlier step in the last fortnight) with their
numbers, number records and transition logs, about 600 incoming documents first-checked,
proposed and circulated to the leaders who have read them, and the units' information
pieces, some adopted higher up.

Volumes are those of a county-year at the default ``--items-per-year`` (2,000 supervision
items), scaled with it. Rows are written with COPY from ids reserved up front; nothing goes
through ``save()`` or a service: no signal, no notification.
"""

from collections import Counter
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from office.models import NumberSequence, TransitionLog

from . import demo_text, rules
from .choices import (
    AdoptionLevel,
    DocStatus,
    DocType,
    IncomingMode,
    IncomingStatus,
    InfoStatus,
    ManuscriptKind,
    ManuscriptStatus,
    Openness,
    Urgency,
)
from .models import (
    Circulation,
    IncomingDocument,
    InfoPiece,
    Manuscript,
    ManuscriptVersion,
    NumberRecord,
    OfficialDocument,
)
from .services.official import series_of

PER_ITEMS = 2000
MANUSCRIPTS, DOCUMENTS, INCOMING, INFORMATION = 130, 120, 600, 180
# Outgoing documents of a county-year by type (the rest are notices).
DOC_MIX = ((DocType.NOTICE, 0.5), (DocType.OPINION, 0.15), (DocType.REPORT, 0.15),
           (DocType.REQUEST, 0.1), (DocType.LETTER, 0.1))  # fmt: skip
MANUSCRIPT_MIX = (ManuscriptKind.SPEECH, ManuscriptKind.SPEECH, ManuscriptKind.BRIEFING,
                  ManuscriptKind.RESEARCH, ManuscriptKind.COMMISSIONED, ManuscriptKind.OTHER)  # fmt: skip
SENDERS = ("市委办公室", "市政府办公室", "市委组织部", "市委宣传部", "市发展改革委", "省委办公厅")
# The flow of an issued document, each step some days before the issue day.
FLOW = (
    ("submit", DocStatus.DRAFTING, DocStatus.CHECKING, -6),
    ("check", DocStatus.CHECKING, DocStatus.SIGNING, -4),
    ("sign", DocStatus.SIGNING, DocStatus.SIGNED, -1),
    ("issue", DocStatus.SIGNED, DocStatus.ISSUED, 0),
)
REACHED = {DocStatus.DRAFTING: 0, DocStatus.CHECKING: 1, DocStatus.SIGNING: 2,
           DocStatus.SIGNED: 3, DocStatus.ISSUED: 4}  # fmt: skip
INCOMING_FLOW = (
    ("first_check", IncomingStatus.REGISTERED, IncomingStatus.CHECKED, 0),
    ("propose", IncomingStatus.CHECKED, IncomingStatus.PROPOSED, 1),
    ("circulate", IncomingStatus.PROPOSED, IncomingStatus.CIRCULATING, 1),
    ("finish", IncomingStatus.CIRCULATING, IncomingStatus.DONE, 5),
)


def _moment(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def generate(ctx) -> Counter:
    created = Counter()
    content_types = {
        model: ContentType.objects.get_for_model(model).pk
        for model in (OfficialDocument, IncomingDocument)
    }
    for county in ctx.counties:
        for year in ctx.years:
            created.update(_CountyYear(ctx, county, year, content_types).write())
    return created


class _CountyYear:
    def __init__(self, ctx, county, year, content_types):
        self.ctx, self.county, self.year = ctx, county, year
        self.rng, self.today, self.content_types = ctx.rng, ctx.today, content_types
        users = county.users
        self.staff = users.get("staff", [])
        self.director = users.get("director", [None])[0]
        self.heads = users.get("section_head", []) or [self.director]
        self.leaders = users.get("leader", []) or [self.director]
        self.share = ctx.items_per_year / PER_ITEMS
        last = min(date(year, 12, 31), self.today)
        start = date(year, 1, 1)
        self.days = [
            start + timedelta(days=n)
            for n in range((last - start).days + 1)
            if (start + timedelta(days=n)).weekday() < 5
        ]
        self.logs = []

    def _spread(self, count: int) -> list[date]:
        """``count`` working days spread over the year up to today, in order."""
        if not self.days:
            return []
        count = max(1, round(count * self.share))
        step = len(self.days) / count
        return [self.days[min(int(n * step + self.rng.random() * step), len(self.days) - 1)]
                for n in range(count)]  # fmt: skip

    def _log(self, model, pk, flow, day, actors):
        for (name, source, target, offset), actor in zip(flow, actors, strict=False):
            moment = _moment(day + timedelta(days=offset), 16)
            self.logs.append(
                (self.content_types[model], pk, name, source, target, actor, "", moment)
            )

    def write(self) -> Counter:
        if not self.staff or self.director is None or not self.days:
            return Counter()
        written = Counter()
        written.update(self._manuscripts())
        written.update(self._documents())
        written.update(self._incoming())
        written.update(self._information())
        ctx = self.ctx
        ids = ctx.reserve_ids(TransitionLog, len(self.logs))
        ctx.copy(
            TransitionLog,
            ("id", "content_type_id", "object_id", "transition", "source_state",
             "target_state", "actor_id", "comment", "created_at"),
            ((pk, *row) for pk, row in zip(ids, self.logs, strict=True)),
        )  # fmt: skip
        written["公文流转记录"] = len(self.logs)
        return written

    # --- 文稿 ----------------------------------------------------------------------------------

    def _manuscripts(self) -> Counter:
        days = self._spread(MANUSCRIPTS)
        ids = iter(self.ctx.reserve_ids(Manuscript, len(days)))
        office = self.county.office
        rows, versions = [], []
        for index, day in enumerate(days):
            kind = MANUSCRIPT_MIX[index % len(MANUSCRIPT_MIX)]
            field = self.rng.choice(demo_text.FIELDS)
            text = demo_text.text(self.rng, field, self.rng.randint(1500, 4000))
            characters = rules.count_characters(text)
            due = day + timedelta(days=10)
            delivered = due < self.today
            author = self.rng.choice(self.staff)
            rows.append({
                "id": next(ids), "owning_office_id": office.pk, "kind": kind,
                "title": demo_text.title(self.rng, kind, field)[:200], "author_id": author.pk,
                "for_whom": "县委主要领导", "commissioning_body":
                    "市委政策研究室" if kind == ManuscriptKind.COMMISSIONED else "",
                "assigned_on": day, "due_date": due,
                "status": ManuscriptStatus.DELIVERED if delivered else ManuscriptStatus.DRAFTING,
                "text": text, "characters": characters,
                "delivered_on": due if delivered else None, "journal": "", "journal_issue": "",
                "created_at": _moment(day),
            })  # fmt: skip
            versions.append((rows[-1]["id"], 1, text, characters, "初稿", author.pk,
                             _moment(day + timedelta(days=3))))  # fmt: skip
        self._copy_with_history(Manuscript, rows)
        version_ids = self.ctx.reserve_ids(ManuscriptVersion, len(versions))
        self.ctx.copy(
            ManuscriptVersion,
            ("id", "manuscript_id", "number", "text", "characters", "note", "author_id",
             "created_at"),
            ((pk, *row) for pk, row in zip(version_ids, versions, strict=True)),
        )  # fmt: skip
        return Counter({"文稿": len(rows), "文稿版本": len(versions)})

    # --- 发文 ----------------------------------------------------------------------------------

    def _documents(self) -> Counter:
        days = self._spread(DOCUMENTS)
        ids = iter(self.ctx.reserve_ids(OfficialDocument, len(days)))
        office, code = self.county.office, f"{self.county.prefix}委办发"
        rows, numbers, sequence = [], [], 0
        fortnight = self.today - timedelta(days=14)
        for day in days:
            doc_type = self._doc_type()
            pk, drafter = next(ids), self.rng.choice(self.staff)
            field = self.rng.choice(demo_text.FIELDS)
            issued = day < fortnight
            status = (
                DocStatus.ISSUED
                if issued
                else self.rng.choice(
                    [DocStatus.DRAFTING, DocStatus.CHECKING, DocStatus.SIGNING, DocStatus.SIGNED]
                )
            )
            reached = REACHED[status]
            number = ""
            if issued:
                sequence += 1
                number = f"{code}〔{self.year}〕{sequence}号"
                numbers.append((office.pk, pk, number, False, "", _moment(day, 11)))
            rows.append({
                "id": pk, "owning_office_id": office.pk, "doc_type": doc_type,
                "title": f"关于做好{field}工作的{DocType(doc_type).label}"[:200],
                "issuer": f"中共{office.name}", "issuer_code": code, "is_normative": False,
                "drafter_id": drafter.pk, "main_recipients": "各乡镇党委，县直各单位",
                "copy_recipients": "", "openness": Openness.INTERNAL, "urgency": Urgency.NORMAL,
                "body": demo_text.text(self.rng, field, 600), "attachments_note": "",
                "signer_id": self.leaders[0].pk, "status": status, "legal_opinion": "",
                "signed_on": day - timedelta(days=1) if issued else None,
                "year": self.year if issued else None, "sequence": sequence if issued else None,
                "number": number, "issued_on": day if issued else None,
                "quota_override_reason": "", "filing_number": "", "void_reason": "",
                "created_at": _moment(day - timedelta(days=8)),
            })  # fmt: skip
            actors = (drafter.pk, self.rng.choice(self.heads).pk, self.leaders[0].pk, drafter.pk)
            self._log(OfficialDocument, pk, FLOW[:reached], day, actors)
        self._copy_with_history(OfficialDocument, rows)
        number_ids = self.ctx.reserve_ids(NumberRecord, len(numbers))
        self.ctx.copy(
            NumberRecord,
            ("id", "owning_office_id", "document_id", "number", "voided", "void_reason",
             "created_at"),
            ((pk, *row) for pk, row in zip(number_ids, numbers, strict=True)),
        )  # fmt: skip
        if sequence:
            # The series goes on after the generated numbers: the next issue takes sequence + 1.
            [seq_id] = self.ctx.reserve_ids(NumberSequence, 1)
            self.ctx.copy(NumberSequence, ("id", "office_id", "series", "year", "last"),
                          [(seq_id, office.pk, series_of(code), self.year, sequence)])  # fmt: skip
        return Counter({"发文": len(rows), "发文字号": len(numbers)})

    def _doc_type(self) -> str:
        roll = self.rng.random()
        for doc_type, share in DOC_MIX:
            if roll < share:
                return doc_type
            roll -= share
        return DocType.NOTICE

    # --- 收文 ----------------------------------------------------------------------------------

    def _incoming(self) -> Counter:
        days = self._spread(INCOMING)
        ids = iter(self.ctx.reserve_ids(IncomingDocument, len(days)))
        office = self.county.office
        rows, reads = [], []
        for index, day in enumerate(days):
            pk, clerk = next(ids), self.rng.choice(self.staff)
            sender = self.rng.choice(SENDERS)
            ahead = (self.today - day).days
            reached = len(INCOMING_FLOW) if ahead > 7 else min(3, ahead // 2 + 1)
            status = INCOMING_FLOW[reached - 1][2]
            rows.append({
                "id": pk, "owning_office_id": office.pk, "sender": sender,
                "sender_number": f"{sender[:2]}发〔{self.year}〕{index + 1}号",
                "title": f"{sender}关于{self.rng.choice(demo_text.FIELDS)}工作的通知"[:200],
                "received_on": day, "mode": IncomingMode.READING,
                "proposed_handling": "拟请县委领导阅知。" if reached >= 2 else "",
                "status": status, "registered_by_id": clerk.pk, "created_at": _moment(day, 9),
            })  # fmt: skip
            self._log(IncomingDocument, pk, INCOMING_FLOW[:reached], day, [clerk.pk] * 4)
            if reached >= 3:
                for position, leader in enumerate(self.leaders[:3], start=1):
                    read = reached == 4 or self.rng.random() < 0.5
                    reads.append((pk, leader.pk, position,
                                  _moment(day + timedelta(days=position), 15) if read else None,
                                  "已阅。" if read else "", _moment(day + timedelta(days=1))))  # fmt: skip
        self._copy_with_history(IncomingDocument, rows)
        read_ids = self.ctx.reserve_ids(Circulation, len(reads))
        self.ctx.copy(
            Circulation,
            ("id", "document_id", "reader_id", "position", "read_at", "comment", "created_at"),
            ((pk, *row) for pk, row in zip(read_ids, reads, strict=True)),
        )
        return Counter({"收文": len(rows), "传阅记录": len(reads)})

    # --- 信息 ----------------------------------------------------------------------------------

    def _information(self) -> Counter:
        days = self._spread(INFORMATION)
        ids = iter(self.ctx.reserve_ids(InfoPiece, len(days)))
        office, units = self.county.office, self.county.units
        rows = []
        for day in days:
            unit = self.rng.choice(units)
            liaison = self.county.liaisons.get(unit.pk)
            roll = self.rng.random()
            old = day < self.today - timedelta(days=20)
            status = (InfoStatus.ADOPTED if old and roll < 0.3 else
                      InfoStatus.FORWARDED if old and roll < 0.7 else InfoStatus.SUBMITTED)  # fmt: skip
            adopted = status == InfoStatus.ADOPTED
            rows.append({
                "id": next(ids), "owning_office_id": office.pk, "unit_id": unit.pk,
                "title": f"{unit.short_name or unit.name}扎实推进{self.rng.choice(demo_text.FIELDS)}工作"[:200],
                "text": demo_text.paragraph(self.rng, self.rng.choice(demo_text.FIELDS)),
                "is_research": roll > 0.95, "submitted_on": day, "status": status,
                "adopted_by": (AdoptionLevel.PROVINCE if roll < 0.05 else AdoptionLevel.CITY)
                if adopted else "",
                "adopted_on": day + timedelta(days=10) if adopted else None,
                "leader_comment": "", "submitted_by_id": liaison.pk if liaison else None,
                "created_at": _moment(day, 11),
            })  # fmt: skip
        self._copy_with_history(InfoPiece, rows)
        return Counter({"信息": len(rows)})

    def _copy_with_history(self, model, rows) -> None:
        """The rows, and a creation row each in the model's history (by the first actor)."""
        if not rows:
            return
        columns = tuple(rows[0])
        self.ctx.copy(model, columns, (tuple(row[c] for c in columns) for row in rows))
        history = model.history.model
        # The history keeps only some fields of a model (a manuscript's text is in its versions).
        kept = {f.attname for f in history._meta.concrete_fields}
        kept = tuple(c for c in columns if c in kept)
        self.ctx.copy(
            history,
            (*kept, "history_date", "history_type"),
            ((*(row[c] for c in kept), row["created_at"], "+") for row in rows),
        )
