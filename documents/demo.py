"""Demo data of documents, made through the services so the seed's figures come out of it.

The report year: 134 manuscripts delivered (1,000,000+ characters of generated prose, 8 of
them commissioned by the city's policy research office, 2 signed articles published in
《工作研究》), 8 research visits from the province and city, and fewer documents issued than
the year before (只减不增). Around today: documents at every step of the flow, commissioned
pieces due, an incoming document going round the leaders.

The second county, 云溪县, gets a smaller report year of its own (its own counts, its own
issuer code 云委办发), so the city view compares two different counties.
"""

import random
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from office.demo import DemoClock, WorkingDays
from office.models import User

from . import demo_text, services
from .choices import DocType, ManuscriptKind, VisitLevel
from .models import (
    Circulation,
    FollowUp,
    IncomingDocument,
    Manuscript,
    ManuscriptVersion,
    NumberRecord,
    OfficialDocument,
    ResearchVisit,
)

STAMPED = {
    OfficialDocument: "created_at",
    OfficialDocument.history.model: "history_date",
    NumberRecord: "created_at",
    Manuscript: "created_at",
    Manuscript.history.model: "history_date",
    ManuscriptVersion: "created_at",
    ResearchVisit: "created_at",
    ResearchVisit.history.model: "history_date",
    FollowUp: "created_at",
    IncomingDocument: "created_at",
    IncomingDocument.history.model: "history_date",
    Circulation: "created_at",
}
USERNAMES = ("staff", "section_head", "director", "leader", "legal_adviser")
# Optional: the units' liaisons submit information, the clerk keeps the confidential ledger.
LIAISONS = ("unit_liaison", "liaison_fgj", "liaison_jyj", "liaison_czj")
CLERK = "confidential_clerk"
INFO_TOPICS = (
    "扎实推进{f}取得新成效",
    "多措并举推动{f}提质增效",
    "{f}呈现良好态势",
    "创新机制破解{f}难题",
    "以{f}为抓手助推高质量发展",
)
ISSUER, ISSUER_CODE = "中共青川县委办公室", "青委办发"

# Manuscripts of the report year by kind: (count, fewest characters, most characters).
MANUSCRIPTS = {
    ManuscriptKind.SPEECH: (48, 6500, 11000),
    ManuscriptKind.BRIEFING: (40, 4500, 8500),
    ManuscriptKind.RESEARCH: (20, 8000, 12500),
    ManuscriptKind.COMMISSIONED: (8, 6000, 9000),
    ManuscriptKind.SIGNED_ARTICLE: (4, 5000, 7500),
    ManuscriptKind.OTHER: (14, 3000, 6000),
}
CHARACTERS_AT_LEAST = 1_090_000

VISITS = (
    ("省委政策研究室", VisitLevel.PROVINCE, "乡村振兴战略实施", "城关镇、青溪镇、木鱼镇"),
    ("省发展改革委", VisitLevel.PROVINCE, "副中心城市建设", "县经济开发区、竹园镇"),
    ("省委组织部", VisitLevel.PROVINCE, "党建引领基层治理", "乔庄镇、沙州镇"),
    ("市委政策研究室", VisitLevel.CITY, "县域经济高质量发展", "县经济开发区、乔庄镇"),
    ("市委办公室", VisitLevel.CITY, "基层减负", "城关镇、房石镇"),
    ("市农业农村局", VisitLevel.CITY, "特色农业提质增效", "木鱼镇、青溪镇"),
    ("市文化广电旅游局", VisitLevel.CITY, "文旅融合发展", "唐家河、青溪古城"),
    ("市生态环境局", VisitLevel.CITY, "生态环境保护", "白龙湖、竹园镇"),
)

# Documents issued by type: the year before the report year, and the report year (fewer).
ISSUED = {
    DocType.NOTICE: (22, 19),
    DocType.OPINION: (6, 5),
    DocType.REPORT: (8, 7),
    DocType.REQUEST: (4, 3),
    DocType.CIRCULAR: (5, 4),
    DocType.DECISION: (2, 2),
    DocType.MINUTES: (3, 3),
    DocType.LETTER: (3, 2),
    DocType.PLAIN: (2, 1),
    DocType.MEMO: (1, 1),
}
TYPE_TITLES = {
    DocType.NOTICE: "关于做好{f}工作的通知",
    DocType.OPINION: "关于加快推进{f}的实施意见",
    DocType.REPORT: "关于{f}工作情况的报告",
    DocType.REQUEST: "关于支持{f}有关事项的请示",
    DocType.CIRCULAR: "关于{f}工作情况的通报",
    DocType.DECISION: "关于表彰{f}先进集体和先进个人的决定",
    DocType.MINUTES: "{f}专题会议纪要",
    DocType.LETTER: "关于商请支持{f}的函",
    DocType.PLAIN: "{f}工作安排",
    DocType.MEMO: "关于{f}有关事项的便笺",
}
# The current year up to a fortnight ago (the live documents take the last weeks), when the
# report year is last year: of each type a tenth fewer issued than by the same date last year
# (只减不增, rounded down), so the leaders' comparison with last year reads like a live office.
CURRENT_YEAR_SHARE = 0.9
LIVE_DAYS = 14
# The live documents around today: (type, the step each stops before, normative); those
# stopping at none are issued in the last weeks, and count against the current year's share.
LIVE_PLAN = (
    (DocType.NOTICE, "checking", False),
    (DocType.OPINION, "legal", True),
    (DocType.OPINION, "reviewed", True),
    (DocType.REQUEST, "signed", False),
    (DocType.NOTICE, "signed", False),
    (DocType.CIRCULAR, None, False),
    (DocType.NOTICE, None, False),
    (DocType.NOTICE, None, False),
)
LIVE_ISSUED = sum(1 for _type, until, _normative in LIVE_PLAN if until is None)
RECIPIENTS = "各乡镇党委，县委各部委，县级各部门党组（党委），各人民团体"


@dataclass(frozen=True)
class County:
    """One county office's demo: who plays each part (role → username), its issuer and
    code (one code for all the county office's documents), and how much it does a year."""

    issuer: str
    issuer_code: str
    people: dict
    liaisons: tuple
    manuscripts: dict
    characters_at_least: int
    visits: tuple
    issued: dict
    signed_published: int
    clerk: str = ""
    live: bool = True
    info_per_liaison: int = 12
    superior: str = "中共广元市委"


QINGCHUAN = County(
    issuer=ISSUER,
    issuer_code=ISSUER_CODE,
    people={name: name for name in USERNAMES},
    liaisons=LIAISONS,
    manuscripts=MANUSCRIPTS,
    characters_at_least=CHARACTERS_AT_LEAST,
    visits=VISITS,
    issued=ISSUED,
    signed_published=2,
    clerk=CLERK,
)
# 云溪县: a smaller office with its own counts, so the city view compares two different
# counties. It has no section head or legal adviser: the director checks, and it issues no
# type that needs a legality review.
YUNXI = County(
    issuer="中共云溪县委办公室",
    issuer_code="云委办发",
    people={
        "staff": "b_staff",
        "section_head": "b_director",
        "director": "b_director",
        "leader": "b_leader",
    },
    liaisons=("b_liaison",),
    manuscripts={
        ManuscriptKind.SPEECH: (26, 5000, 9000),
        ManuscriptKind.BRIEFING: (20, 4000, 7000),
        ManuscriptKind.RESEARCH: (6, 7000, 10000),
        ManuscriptKind.COMMISSIONED: (5, 5000, 8000),
        ManuscriptKind.SIGNED_ARTICLE: (2, 4500, 6500),
        ManuscriptKind.OTHER: (9, 3000, 5000),
    },
    characters_at_least=0,
    visits=(
        ("省委农村工作领导小组办公室", VisitLevel.PROVINCE, "宜居宜业和美乡村建设", "云峰镇"),
        ("市委政策研究室", VisitLevel.CITY, "山区县域经济发展", "云峰镇、县工业园区"),
        ("市委办公室", VisitLevel.CITY, "基层减负", "云峰镇"),
    ),
    issued={
        DocType.NOTICE: (14, 13),
        DocType.OPINION: (4, 3),
        DocType.REPORT: (5, 5),
        DocType.REQUEST: (2, 2),
        DocType.CIRCULAR: (3, 2),
        DocType.MINUTES: (2, 2),
        DocType.PLAIN: (1, 1),
    },
    signed_published=1,
    live=False,
    info_per_liaison=20,
)
COUNTIES = (QINGCHUAN, YUNXI)


def seed(*, year: int, password: str, stdout) -> Counter:
    created = Counter()
    for county in COUNTIES:
        created.update(seed_county(county, year=year, stdout=stdout))
    return created


def seed_county(county: County, *, year: int, stdout) -> Counter:
    """The county's report year and live items, each only when it has none yet (a second
    run adds nothing)."""
    created = Counter()
    names = (*county.people.values(), *county.liaisons, county.clerk)
    found = {u.username: u for u in User.objects.filter(username__in=names)}
    if any(name not in found for name in county.people.values()):
        stdout.write(f"文稿与公文：找不到{county.issuer}的演示用户，跳过。")
        return created
    users = {role: found[name] for role, name in county.people.items()}
    users |= {name: found[name] for name in (*county.liaisons, county.clerk) if name in found}
    office = users["staff"].office
    if office is None:
        return created
    today = timezone.localdate()
    with transaction.atomic():
        clock = DemoClock(STAMPED, today=today)
        rng = random.Random(f"{county.issuer_code}{year}")
        demo = Demo(county=county, users=users, clock=clock, rng=rng, today=today)
        if (
            year <= today.year
            and not Manuscript.objects.filter(owning_office=office, assigned_on__year=year).exists()
        ):
            created.update(demo.report_year(year))
        if (
            year == today.year - 1
            and not OfficialDocument.objects.filter(
                owning_office=office, issued_on__year=today.year
            ).exists()
        ):
            # Its own random draws: the report year and the live part stay as they were.
            current = Demo(
                county=county, users=users, clock=clock, today=today,
                rng=random.Random(f"{county.issuer_code}{today.year}"),
            )  # fmt: skip
            created.update(current.current_year(office))
        if (
            county.live
            and not OfficialDocument.objects.filter(
                owning_office=office, status__in=("drafting", "checking", "signing")
            ).exists()
        ):
            created.update(demo.live())
    return created


class Demo:
    def __init__(self, *, county: County = QINGCHUAN, users, clock, rng, today):
        self.county = county
        self.users, self.clock, self.rng, self.today = users, clock, rng, today
        self.staff = users["staff"]

    # --- The report year ------------------------------------------------------------------

    def report_year(self, year: int) -> Counter:
        created = Counter()
        days = WorkingDays(date(year, 1, 1), date(year, 12, 31))
        last = days.at_or_before(min(date(year, 12, 20), self.today - timedelta(days=1)))
        specs = self.county.visits
        visits = [self.visit(spec, days, last, index) for index, spec in enumerate(specs)]
        created["documents.visits"] = len(visits)
        created["documents.manuscripts"] = self.manuscripts(year, days, last, visits)
        previous = WorkingDays(date(year - 1, 1, 1), date(year - 1, 12, 31))
        # Numbers follow the days: the documents of each year go through in date order.
        for calendar, end, counts in ((previous, len(previous.days) - 5, 0), (days, last, 1)):
            plans = sorted(
                (self.rng.randint(0, max(end - 6, 0)), doc_type)
                for doc_type, pair in self.county.issued.items()
                for _ in range(pair[counts])
            )
            for index, doc_type in plans:
                document = self.document(doc_type, calendar.days[index])
                self.through_flow(document, calendar, index, end)
            created["documents.issued"] += len(plans)
        created["documents.information"] = self.information(days, last)
        return created

    def current_year(self, office) -> Counter:
        """This year's issued ledger until a fortnight ago: CURRENT_YEAR_SHARE of what the
        office had issued by the same date last year, less the live documents issued since,
        spread over the types as last year's (只减不增)."""
        until = self.today - timedelta(days=LIVE_DAYS)
        if until.year != self.today.year:
            return Counter()
        same_day = date(until.year - 1, until.month, min(until.day, 28 if until.month == 2 else 31))
        last_year = Counter(
            OfficialDocument.objects.filter(
                owning_office=office, issued_on__year=until.year - 1, issued_on__lte=same_day
            ).values_list("doc_type", flat=True)
        )
        total = sum(last_year.values())
        wanted = int(total * CURRENT_YEAR_SHARE) - (LIVE_ISSUED if self.county.live else 0)
        targets = (
            {kind: round(n * wanted / total) for kind, n in last_year.items()} if total else {}
        )
        while sum(targets.values()) > max(wanted, 0):  # trim the largest types first
            targets[max(targets, key=targets.get)] -= 1
        days = WorkingDays(date(until.year, 1, 1), until)
        last = len(days.days) - 1
        plans = sorted(
            (self.rng.randint(0, max(last - 6, 0)), doc_type)
            for doc_type, count in sorted(targets.items())
            for _ in range(count)
        )
        for index, doc_type in plans:
            document = self.document(doc_type, days.days[index])
            self.through_flow(document, days, index, last)
        return Counter({"documents.issued_this_year": len(plans)})

    def information(self, days, last) -> int:
        """Pieces the units submitted through the year; the office forwarded most and the
        city or the province adopted some."""
        liaisons = [self.users[name] for name in self.county.liaisons if name in self.users]
        if not liaisons:
            return 0
        count = 0
        planned = self.county.info_per_liaison * len(liaisons)
        for index in days.spread(self.rng, planned, last=max(last - 10, 0)):
            liaison = self.rng.choice(liaisons)
            field = self.rng.choice(demo_text.FIELDS)
            day = days.days[index]
            with self.clock.dated(day, liaison):
                piece = services.info_submit(
                    actor=liaison,
                    unit=liaison.org_unit,
                    title=f"{liaison.org_unit.short_name or liaison.org_unit.name}"
                    + self.rng.choice(INFO_TOPICS).format(f=field),
                    text=demo_text.text(self.rng, field, self.rng.randint(500, 1200)),
                    is_research=self.rng.random() < 0.1,
                    submitted_on=day,
                )
            count += 1
            if self.rng.random() < 0.7:
                with self.clock.dated(days.days[index + 1], self.staff):
                    services.info_forward(actor=self.staff, piece=piece)
                if self.rng.random() < 0.45:
                    adopted_on = days.days[min(index + 4, last)]
                    with self.clock.dated(adopted_on, self.staff):
                        services.info_adopt(
                            actor=self.staff,
                            piece=piece,
                            adopted_by="province" if self.rng.random() < 0.25 else "city",
                            adopted_on=adopted_on,
                            leader_comment="此件很好，请各地学习借鉴。"
                            if self.rng.random() < 0.1
                            else "",
                        )
        return count

    def visit(self, spec, days, last, index):
        body, level, topic, places = spec
        start = days.days[min(int(last * (index + 0.5) / len(self.county.visits)), last)]
        with self.clock.dated(start, self.staff):
            visit = services.visit_create(
                actor=self.staff,
                data=services.VisitData(
                    visiting_body=body,
                    level=level,
                    topic=topic,
                    start_date=start,
                    end_date=start + timedelta(days=1),
                    places=places,
                    accompanying_leaders=[self.users["leader"]],
                ),
            )
        with self.clock.dated(start + timedelta(days=2), self.staff):
            services.visit_follow_up(
                actor=self.staff, visit=visit, text=f"落实{body}调研时提出的{topic}意见建议"
            )
        return visit

    def manuscripts(self, year, days, last, visits) -> int:
        plans = [
            (kind, self.rng.randint(low, high))
            for kind, (count, low, high) in self.county.manuscripts.items()
            for _ in range(count)
        ]
        # Enough characters for the seed's "100余万字", whatever the draw gave.
        shortfall = self.county.characters_at_least - sum(target for _, target in plans)
        if shortfall > 0:
            plans = [(kind, target + shortfall // len(plans) + 1) for kind, target in plans]
        starts = days.spread(self.rng, len(plans), last=max(last - 15, 0))
        self.rng.shuffle(plans)
        signed = 0
        research = 0
        for (kind, target), start_index in zip(plans, starts, strict=True):
            visit = None
            if kind == ManuscriptKind.RESEARCH and research < len(visits):
                visit, research = visits[research], research + 1
            published = (
                kind == ManuscriptKind.SIGNED_ARTICLE and signed < self.county.signed_published
            )
            signed += published
            self.manuscript(kind, target, days, start_index, last, visit, published)
        return len(plans)

    def manuscript(self, kind, target, days, start_index, last, visit, published):
        field = self.rng.choice(demo_text.FIELDS)
        assigned = days.days[start_index]
        commissioned = kind == ManuscriptKind.COMMISSIONED
        due = days.days[min(start_index + 10, last)] if commissioned else None
        author = self.staff if self.rng.random() < 0.6 else self.users["section_head"]
        with self.clock.dated(assigned, author):
            manuscript = services.manuscript_create(
                actor=author,
                data=services.ManuscriptData(
                    kind=kind,
                    title=demo_text.title(self.rng, kind, field),
                    assigned_on=assigned,
                    due_date=due,
                    for_whom="县委书记" if kind != ManuscriptKind.COMMISSIONED else "",
                    commissioning_body="市委政策研究室" if commissioned else "",
                    research_visit=visit,
                ),
            )
        first = demo_text.text(self.rng, field, int(target * 0.9))
        with self.clock.dated(days.days[min(start_index + 2, last)], author):
            services.manuscript_revise(actor=author, manuscript=manuscript, text=first, note="初稿")
        final = demo_text.revise(self.rng, first, field)
        with self.clock.dated(days.days[min(start_index + 5, last)], author):
            services.manuscript_revise(
                actor=author, manuscript=manuscript, text=final, note="根据领导意见修改"
            )
        delivered = days.days[min(start_index + 8, last)]
        with self.clock.dated(delivered, author):
            services.manuscript_deliver(actor=author, manuscript=manuscript, today=delivered)
        if published:
            day = days.days[min(start_index + 12, last)]
            with self.clock.dated(day, author):
                services.manuscript_publish(
                    actor=author,
                    manuscript=manuscript,
                    journal="《工作研究》",
                    journal_issue=f"{day.year}年第{day.month}期",
                    published_on=day,
                )

    def document(self, doc_type, day, *, normative=False):
        field = self.rng.choice(demo_text.FIELDS)
        signer = self.users["leader"] if self.rng.random() < 0.5 else self.users["director"]
        with self.clock.dated(day, self.staff):
            return services.document_create(
                actor=self.staff,
                data=services.DocumentData(
                    doc_type=doc_type,
                    title=TYPE_TITLES[doc_type].format(f=field),
                    issuer=self.county.issuer,
                    issuer_code=self.county.issuer_code,
                    main_recipients=RECIPIENTS
                    if doc_type not in ("report", "request")
                    else self.county.superior,
                    copy_recipients="县人大常委会办公室、县政府办公室、县政协办公室",
                    body=demo_text.text(self.rng, field, self.rng.randint(1200, 3200)),
                    is_normative=normative,
                    signer=signer,
                ),
            )

    def through_flow(self, document, days, index, last, *, until=None):
        steps = [
            ("checking", self.staff, lambda: services.document_submit(actor=self.staff, document=document)),
            ("reviewed", self.users["section_head"],
             lambda: services.document_check(actor=self.users["section_head"], document=document)),
        ]  # fmt: skip
        if document.needs_legal_review:
            adviser = self.users["legal_adviser"]
            steps.append(
                ("legal", adviser, lambda: services.document_legal_review(
                    actor=adviser, document=document,
                    opinion="经审查，该文件制定主体适格，权限、程序符合规定，内容合法，同意提交签发。"))
            )  # fmt: skip
        steps.append(("signed", document.signer, None))
        steps.append(("issued", self.staff, None))
        for offset, (name, actor, step) in enumerate(steps, start=1):
            if name == until:
                return document
            day = days.days[min(index + offset, last)]
            with self.clock.dated(day, actor):
                if name == "signed":
                    services.document_sign(actor=actor, document=document, today=day)
                elif name == "issued":
                    services.document_issue(actor=actor, document=document, today=day)
                else:
                    step()
            document.refresh_from_db()
        return document

    # --- Around today -----------------------------------------------------------------------

    def live(self) -> Counter:
        created = Counter()
        days = WorkingDays(self.today - timedelta(days=60), self.today)
        last = len(days.days) - 1
        start = max(last - 12, 0)
        for doc_type, until, normative in LIVE_PLAN:
            document = self.document(doc_type, days.days[start], normative=normative)
            if until == "signed":
                document.signer = self.users["leader"]
                document.save(update_fields=["signer"])
            self.through_flow(document, days, start, last, until=until)
            created["documents.live_documents"] += 1
        self.document(DocType.NOTICE, days.days[last])
        for offset, (body, due_in) in enumerate((("市委政策研究室", 3), ("省委政策研究室", 12))):
            field = self.rng.choice(demo_text.FIELDS)
            with self.clock.dated(days.days[last - 5 + offset], self.staff):
                services.manuscript_create(
                    actor=self.staff,
                    data=services.ManuscriptData(
                        kind=ManuscriptKind.COMMISSIONED,
                        title=demo_text.title(self.rng, "commissioned", field),
                        assigned_on=days.days[last - 5 + offset],
                        due_date=self.today + timedelta(days=due_in),
                        commissioning_body=body,
                    ),
                    text=demo_text.text(self.rng, field, 3000),
                )
            created["documents.live_manuscripts"] += 1
        with self.clock.dated(days.days[last - 2], self.staff):
            incoming = services.incoming_register(
                actor=self.staff,
                data=services.IncomingData(
                    sender="中共广元市委办公室",
                    sender_number="广委办发〔2026〕31号",
                    title="关于进一步精简文件简报的通知",
                    received_on=days.days[last - 2],
                ),
            )
            services.incoming_first_check(actor=self.staff, document=incoming, mode="reading")
            services.incoming_propose(
                actor=self.staff,
                document=incoming,
                proposed_handling="呈县委书记、县委办主任阅，请秘书科对照抓好落实。",
            )
            services.incoming_circulate(
                actor=self.staff,
                document=incoming,
                readers=[self.users["director"], self.users["leader"]],
            )
        with self.clock.dated(days.days[last - 1], self.users["director"]):
            services.incoming_mark_read(
                actor=self.users["director"], document=incoming, comment="请秘书科抓好落实。"
            )
        created["documents.incoming"] += 1
        if self.county.clerk in self.users:
            created["documents.confidential"] = self.ledger(days, last)
        return created

    def ledger(self, days, last) -> int:
        clerk = self.users[self.county.clerk]
        specs = (
            ("关于做好重要会议保障工作的通知", "中共广元市委办公室", "secret", "秘密★1年"),
            ("关于加强重点领域风险防控的意见", "中共四川省委办公厅", "confidential", "机密★10年"),
            ("关于某专项工作的情况通报", "中共广元市委", "secret", "秘密★6个月"),
        )
        for index, (title, sender, level, marking) in enumerate(specs):
            day = days.days[last - 6 + index]
            with self.clock.dated(day, clerk):
                record = services.confidential_register(
                    actor=clerk,
                    data=services.ConfidentialData(
                        title=title, sender=sender, classification=level, marking=marking,
                        received_on=day, copy_numbers=f"0000{21 + index}",
                    ),
                )  # fmt: skip
                services.confidential_lend(
                    actor=clerk,
                    record=record,
                    copy_number=f"0000{21 + index}",
                    holder=self.users["leader"] if index else self.users["director"],
                    lent_on=day,
                )
            if index == 0:
                with self.clock.dated(day, clerk):
                    services.confidential_take_back(
                        actor=clerk, record=record, copy_number="000021", today=day
                    )
        return len(specs)
