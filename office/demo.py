"""The core's demo data: the org tree of one city with two counties, one demo user per role
(and the heads of the units that have liaisons, who receive escalations), and a little live
work (to-dos, welcome notifications) so a newcomer's home page is not empty.

``seed(*, year, password, stdout)`` is the same signature every app's ``demo`` module offers
(see the ``seed_demo`` command); the command calls this one first, since every app's demo
data hangs off these units and users.

Everything is keyed on natural keys — (parent, name) for units, username for users — and only
ever created, never updated (but for a unit that gets the head created in the same run): a
second run creates nothing and leaves whatever an admin has edited since as it is (no history
rows, no reset passwords).

The second half of this module is the ONE way any app's demo back-dates its records (see
"Back-dating" below): a report year of meetings, documents, items or courses has to look as
if it happened over that year, while the services stamp the present.
"""

import random
import unicodedata
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalChanges

from .models import Notification, OrgUnit, OrgUnitKind, Todo, TransitionLog, User
from .notifications import notification_create
from .roles import Role
from .workdays import add_working_days, is_working_day
from .workflow import Transition, TransitionError, Workflow

# The demo accounts' published password (README); seed_demo --password sets another.
DEFAULT_PASSWORD = "demo-Office-2026"  # nosec B105

# --- The org tree ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the demo tree. ``code`` is a segment: the stored code is the parent's code
    and this segment joined by "-", so codes read like a path (JY-QC-XWB-MSK = 秘书科)."""

    code: str
    name: str
    kind: str
    short_name: str = ""
    phone: str = ""
    children: tuple["UnitSpec", ...] = ()


def _sections(*rows):
    return tuple(UnitSpec(code, name, OrgUnitKind.SECTION, short) for code, name, short in rows)


def _townships(*rows):
    return tuple(UnitSpec(code, name, OrgUnitKind.TOWNSHIP) for code, name in rows)


def _departments(*rows):
    return tuple(UnitSpec(code, name, OrgUnitKind.DEPARTMENT, short) for code, name, short in rows)


def _county(code, county, *, phone, sections, townships, departments):
    """A county committee: its office (with the sections) first, then the townships and the
    county departments — these sit under the committee, not under the office, as they do in
    reality; OrgUnit.save() still makes the county office their owning office."""
    office = UnitSpec(
        "XWB",
        f"中共{county}委办公室",
        OrgUnitKind.COUNTY_OFFICE,
        f"{county}委办",
        phone=phone,
        children=sections,
    )
    return UnitSpec(
        code,
        f"中共{county}委员会",
        OrgUnitKind.COUNTY_COMMITTEE,
        f"{county}委",
        children=(office, *townships, *departments),
    )


# 青川县: the county the demo users work in, with a full set of sections, townships and
# departments so lists, rankings and "responsible unit" pickers look like the real thing.
COUNTY_A = _county(
    "QC",
    "青川县",
    phone="0839-7212345",
    sections=_sections(
        ("MSK", "秘书科", ""),
        ("ZHK", "综合科", ""),
        ("DCS", "督查室", ""),
        ("XXK", "信息科", ""),
        ("JYK", "机要科（机要保密局）", "机要科"),
        ("WDK", "文电科", ""),
        ("GGB", "改革办（县委深改办）", "改革办"),
        ("FGS", "法规室", ""),
    ),
    townships=_townships(
        ("CGZ", "城关镇"),
        ("QSZ", "青山镇"),
        ("HKZ", "河口镇"),
        ("LQZ", "龙泉镇"),
        ("BMZ", "白马镇"),
        ("SQZ", "石桥镇"),
        ("TYX", "桃源乡"),
        ("LXX", "柳溪乡"),
        ("SHX", "双河乡"),
        ("JZX", "金竹乡"),
        ("HYX", "红岩乡"),
        ("MAX", "马鞍乡"),
    ),
    departments=_departments(
        ("FGJ", "青川县发展和改革局", "县发改局"),
        ("CZJ", "青川县财政局", "县财政局"),
        ("JYJ", "青川县教育局", "县教育局"),
        ("GAJ", "青川县公安局", "县公安局"),
        ("MZJ", "青川县民政局", "县民政局"),
        ("RSJ", "青川县人力资源和社会保障局", "县人社局"),
        ("ZRZYJ", "青川县自然资源局", "县自然资源局"),
        ("ZJJ", "青川县住房和城乡建设局", "县住建局"),
        ("JTJ", "青川县交通运输局", "县交通运输局"),
        ("SLJ", "青川县水利局", "县水利局"),
        ("NYJ", "青川县农业农村局", "县农业农村局"),
        ("SWJ", "青川县商务局", "县商务局"),
        ("WGLJ", "青川县文化广电和旅游局", "县文广旅局"),
        ("WJW", "青川县卫生健康委员会", "县卫健委"),
        ("YJJ", "青川县应急管理局", "县应急局"),
        ("SJJ", "青川县市场监督管理局", "县市场监管局"),
        ("TJJ", "青川县统计局", "县统计局"),
        ("YBJ", "青川县医疗保障局", "县医保局"),
        ("HBJ", "江源市生态环境局青川分局", "县生态环境分局"),
        ("XZJ", "青川县乡村振兴局", "县乡村振兴局"),
        ("AUD", "青川县审计局", "县审计局"),
        ("SFJ", "青川县司法局", "县司法局"),
    ),
)

# 云溪县: a small second county, so scoping (each county sees only its own data) and the
# city's comparison between counties have something to show.
COUNTY_B = _county(
    "YX",
    "云溪县",
    phone="0839-6512345",
    sections=_sections(("MSK", "秘书科", ""), ("DCS", "督查室", "")),
    townships=_townships(("CGZ", "城关镇"), ("YFZ", "云峰镇"), ("XKX", "溪口乡")),
    departments=_departments(
        ("FGJ", "云溪县发展和改革局", "县发改局"),
        ("CZJ", "云溪县财政局", "县财政局"),
        ("JYJ", "云溪县教育局", "县教育局"),
    ),
)

ORG_TREE = UnitSpec(
    "JY",
    "中共江源市委办公室",
    OrgUnitKind.CITY_OFFICE,
    "市委办公室",
    phone="0839-3312345",
    children=(COUNTY_A, COUNTY_B),
)

# --- The demo users -------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str
    unit: str  # full unit code
    name: str
    position: str
    phone: str
    is_staff: bool = False  # Django admin access


# One user per role in 青川县, named by the role code so a newcomer can guess the login.
# 三员 are kept apart: the system administrator runs the system (Django admin), the security
# administrator manages accounts and rights, the audit administrator reads the logs (Django
# admin too, with view permissions only).
# fmt: off
DEMO_USERS = tuple(UserSpec(*row) for row in (
    # username            role                     unit             name      position              phone
    ("staff",              Role.STAFF,              "JY-QC-XWB-MSK", "李明轩", "秘书科科员",         "0839-7212301"),
    ("section_head",       Role.SECTION_HEAD,       "JY-QC-XWB-MSK", "张慧敏", "秘书科科长",         "0839-7212302"),
    ("director",           Role.DIRECTOR,           "JY-QC-XWB",     "陈志刚", "县委办公室主任",     "0839-7212300"),
    ("leader",             Role.LEADER,             "JY-QC",         "周振华", "县委副书记",         "0839-7211001"),
    # More of the county's leaders, so meetings have a secretary to chair 书记专题会 and
    # instructions come from more than one leader.
    ("secretary",          Role.LEADER,             "JY-QC",         "王建国", "县委书记",           "0839-7211000"),
    ("leader_org",         Role.LEADER,             "JY-QC",         "林秀英", "县委常委、组织部部长", "0839-7211002"),
    ("unit_liaison",       Role.UNIT_LIAISON,       "JY-QC-CGZ",     "杨丽",   "城关镇党政办主任",   "13800001101"),
    ("legal_adviser",      Role.LEGAL_ADVISER,      "JY-QC-XWB-FGS", "吴永强", "法律顾问",           "13800001102"),
    ("confidential_clerk", Role.CONFIDENTIAL_CLERK, "JY-QC-XWB-JYK", "孙晓燕", "机要员",             "0839-7212306"),
    ("sys_admin",          Role.SYS_ADMIN,          "JY-QC-XWB-XXK", "马俊",   "系统管理员",         "0839-7212307", True),
    ("sec_admin",          Role.SEC_ADMIN,          "JY-QC-XWB-XXK", "何静",   "安全保密管理员",     "0839-7212308"),
    ("audit_admin",        Role.AUDIT_ADMIN,        "JY-QC-XWB",     "郭磊",   "安全审计员",         "0839-7212309", True),
    # More liaisons in 青川县, so supervision items have contacts in the units they go to.
    ("liaison_fgj",        Role.UNIT_LIAISON,       "JY-QC-FGJ",     "唐卫东", "县发改局办公室主任", "13800001201"),
    ("liaison_jyj",        Role.UNIT_LIAISON,       "JY-QC-JYJ",     "许婷",   "县教育局办公室副主任", "13800001202"),
    ("liaison_czj",        Role.UNIT_LIAISON,       "JY-QC-CZJ",     "冯志远", "县财政局办公室主任", "13800001203"),
    # 云溪县: enough people to show that one county does not see the other's data.
    ("b_staff",            Role.STAFF,              "JY-YX-XWB-MSK", "罗小川", "秘书科科员",         "0839-6512301"),
    ("b_director",         Role.DIRECTOR,           "JY-YX-XWB",     "梁文博", "县委办公室主任",     "0839-6512300"),
    ("b_liaison",          Role.UNIT_LIAISON,       "JY-YX-YFZ",     "宋佳",   "云峰镇党政办主任",   "13800002101"),
    ("b_leader",           Role.LEADER,             "JY-YX",         "钱正阳", "县委副书记",         "0839-6511001"),
    # The city office sees the aggregate of both counties.
    ("city_staff",         Role.STAFF,              "JY",            "韩雪",   "市委办公室科员",     "0839-3312301"),
))
# fmt: on


@dataclass(frozen=True)
class HeadSpec:
    """The head (主要负责人) of a unit: receives the escalations about the unit's overdue work
    (OrgUnit.head). In the unit_liaison group, which scopes them to their own unit's records,
    so the link in an escalation opens for them."""

    username: str
    unit: str  # full unit code
    name: str
    position: str
    phone: str


# The heads of the 青川县 units that have liaisons, so supervision's weekly overdue
# escalation has someone to go to.
# fmt: off
UNIT_HEADS = tuple(HeadSpec(*row) for row in (
    # username    unit          name      position          phone
    ("head_cgz",  "JY-QC-CGZ",  "谢志勇", "城关镇党委书记", "13800001301"),
    ("head_fgj",  "JY-QC-FGJ",  "黄建华", "县发改局局长",   "13800001302"),
    ("head_jyj",  "JY-QC-JYJ",  "刘芳",   "县教育局局长",   "13800001303"),
    ("head_czj",  "JY-QC-CZJ",  "邓国平", "县财政局局长",   "13800001304"),
))
# fmt: on

# The role names of product.md, for the login table (the UI's own labels come from
# Role's translations; this command's output is Chinese whatever the locale files hold).
ROLE_LABELS = {
    Role.STAFF: "办公室工作人员",
    Role.SECTION_HEAD: "科室负责人",
    Role.DIRECTOR: "办公室主任",
    Role.LEADER: "县领导",
    Role.UNIT_LIAISON: "责任单位联络员",
    Role.LEGAL_ADVISER: "法律顾问",
    Role.CONFIDENTIAL_CLERK: "机要员",
    Role.SYS_ADMIN: "系统管理员",
    Role.SEC_ADMIN: "安全保密管理员",
    Role.AUDIT_ADMIN: "安全审计员",
}

# --- Seeding --------------------------------------------------------------------------------


def seed(*, year: int, password: str, stdout) -> Counter:
    """Create the core's demo data; returns what was created (label -> count)."""
    created = Counter()
    units = seed_org(created)
    new_users = seed_users(units, password, created)
    seed_unit_heads(units, password, created)
    seed_welcome(new_users, created)
    seed_practices(created)
    return created


def seed_org(created: Counter) -> dict[str, OrgUnit]:
    """Create the tree; returns every demo unit by its full code."""
    units: dict[str, OrgUnit] = {}
    new_units: list[OrgUnit] = []
    _create_subtree(ORG_TREE, parent=None, prefix="", sort_order=10, units=units, new=new_units)
    # OrgUnit.save() derives ``office`` from the tree as it is at that moment: a county
    # committee is saved before its office child exists. Now the whole tree is there, save
    # again every new unit whose derived office has changed (existing ones are left alone).
    for unit in new_units:
        if unit.find_owning_office() != unit.office:
            unit.save()
    created["组织单位"] += len(new_units)
    return units


def _create_subtree(spec, *, parent, prefix, sort_order, units, new):
    code = f"{prefix}-{spec.code}" if prefix else spec.code
    unit, was_created = OrgUnit.objects.get_or_create(
        parent=parent,
        name=spec.name,
        defaults={
            "kind": spec.kind,
            "short_name": spec.short_name,
            "code": code,
            "sort_order": sort_order,
            "phone": spec.phone,
        },
    )
    units[code] = unit
    if was_created:
        new.append(unit)
    for index, child in enumerate(spec.children, start=1):
        _create_subtree(
            child, parent=unit, prefix=code, sort_order=index * 10, units=units, new=new
        )


def seed_users(units: dict[str, OrgUnit], password: str, created: Counter) -> list[User]:
    """Create the demo users; returns the ones created in this run. The password and role
    are set only on creation, so a second run never resets what a user or admin changed."""
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    new_users = []
    for spec in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "name": spec.name,
                "org_unit": units[spec.unit],
                "position": spec.position,
                "phone": spec.phone,
                "email": f"{spec.username}@example.org",
                "is_staff": spec.is_staff,
                # Hashed in the INSERT itself (one history row, not two); a callable, so
                # the slow hash runs only for users that are actually created.
                "password": lambda: make_password(password),
            },
        )
        if not was_created:
            continue
        # The groups come from migration 0002_roles; a KeyError here means it has not run.
        user.groups.add(groups[str(spec.role)])
        new_users.append(user)
    created["用户"] += len(new_users)
    return new_users


def seed_unit_heads(units: dict[str, OrgUnit], password: str, created: Counter) -> None:
    """Create the unit heads and make each the head of their unit — only when the account is
    created here and the unit has no head yet, so a second run changes nothing and a head an
    admin has changed or removed since stays as the admin left it."""
    liaison_group = Group.objects.get(name=Role.UNIT_LIAISON)
    new_heads = 0
    for spec in UNIT_HEADS:
        unit = units[spec.unit]
        user, was_created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "name": spec.name,
                "org_unit": unit,
                "position": spec.position,
                "phone": spec.phone,
                "email": f"{spec.username}@example.org",
                "password": lambda: make_password(password),
            },
        )
        if not was_created:
            continue
        user.groups.add(liaison_group)
        new_heads += 1
        if unit.head_id is None:
            unit.head = user
            unit.save()
    created["用户"] += new_heads


def seed_welcome(new_users: list[User], created: Counter) -> None:
    """Give ``staff`` two to-dos and ``staff`` and ``director`` welcome notifications — only
    when the account is created here, so they are never duplicated nor brought back after
    the user has dealt with them."""
    for user in new_users:
        if user.username == "staff":
            _seed_todos(user, created)
        if user.username in ("staff", "director"):
            _seed_notifications(user, created)


def _seed_todos(user: User, created: Counter) -> None:
    # Working days, as every deadline here: one due on the next working day (so tomorrow's
    # reminder scan has something to say), one later in the week.
    today = timezone.localdate()
    todos = [
        ("修改完善县委常委会会议纪要（送审稿），报科长审核", add_working_days(today, 1)),
        ("整理本周县领导批示件办理情况，形成周报", add_working_days(today, 4)),
    ]
    for title, due_date in todos:
        Todo.objects.create(owner=user, title=title, due_date=due_date)
    created["待办"] += len(todos)


def _seed_notifications(user: User, created: Counter) -> None:
    messages = [
        (
            "欢迎使用县委办公室工作平台",
            f"{user.name}同志，您好！会议、文稿、督查、改革和学习工作都在这里办理，"
            "首页“我的待办”汇集了等您处理的事项。",
            reverse("home"),
        ),
        (
            "到期事项会自动提醒",
            "带截止日期的待办、会议准备和督办事项，系统按工作日计算，"
            "在到期前一个工作日和当天提醒您，无需自己盯日历。",
            reverse("home"),
        ),
        (
            "可以设置接收通知的方式",
            "除站内消息外，您还可以选择同时接收邮件或企业微信、钉钉群机器人消息。",
            reverse("notification_settings"),
        ),
    ]
    for title, body, url in messages:
        notification_create(recipient=user, title=title, body=body, url=url)
    created["通知"] += len(messages)


# The city's shared library (经验交流): a few practices each county has published, and a
# comment or two from the other county, so the library has something to read.
# (author, publisher, days ago, title, area, summary, text)
# fmt: off
PRACTICES = (
    ("staff", "director", 40, "“周调度、月通报”推动督查事项落地见效", "supervision",
     "县委办每周调度重点督查事项，每月通报办理情况，问题当周交办、限期销号。",
     "一是建立周调度机制。每周一由县委办牵头召开督查调度会，逐项过堂县委重大决策部署和"
     "县领导批示事项，形成问题清单。二是实行月通报制度。每月按“红黄绿”三色通报各责任单位"
     "办理进度，对逾期事项点名通报。三是强化结果运用。督查结果纳入年度目标绩效考核，"
     "全年督办事项按时办结率明显提升。"),
    ("section_head", "director", 25, "公文“三审三校”提升文稿质量", "advice",
     "文稿实行科室初审、分管副主任复审、主任终审，每审必校，错情明显下降。",
     "针对以往公文差错多、退文率高的问题，县委办建立“三审三校”制度：起草科室初审把"
     "政策关、文字关，分管副主任复审把内容关，主任终审把政治关，每一审均安排专人校对"
     "格式和文字。同时建立常见错情清单，定期组织文稿人员集中学习。"),
    ("staff", "director", 12, "“会议套餐”精文减会为基层减负", "burden",
     "内容相近、参会范围相同的会议合并套开，能视频不现场，县级会议数量同比下降。",
     "县委办统筹全县会议计划，对内容相近、参会范围相同的会议实行“套餐式”合并召开；"
     "推行视频会议直接开到乡镇，严控会议时长和发言时间；会议纪要、通知一律精简，"
     "切实把基层干部从文山会海中解脱出来，集中精力抓落实。"),
    ("b_staff", "b_director", 30, "来文“首问负责制”提高办文效率", "coordination",
     "来文首接科室负责到底，限时流转、全程跟踪，办文时限平均缩短两个工作日。",
     "云溪县委办对上级来文和部门报文实行“首问负责制”：第一个接收的科室即为责任科室，"
     "负责登记、拟办、流转和催办，直至办结归档；建立办文时限台账，超时自动提醒，"
     "每月通报各科室办文时效。"),
    ("b_staff", "b_director", 18, "乡镇“党政办主任例会”打通上下联络", "coordination",
     "每月召开乡镇党政办主任例会，集中交办、答疑、培训，信息报送质量提升。",
     "县委办每月召开一次乡镇党政办主任例会，集中传达上级要求、交办重点工作、"
     "解答办文办会中的具体问题，并结合典型案例开展业务培训；建立联络员微信工作群，"
     "做到急事急办、要事快报。"),
)
# Comments from the other county: (author, title of the practice, text)
PRACTICE_COMMENTS = (
    ("b_director", "“周调度、月通报”推动督查事项落地见效",
     "“红黄绿”三色通报的做法很直观，我县督查室将学习借鉴。"),
    ("b_staff", "公文“三审三校”提升文稿质量",
     "常见错情清单很实用，能否分享一份样表？"),
    ("director", "来文“首问负责制”提高办文效率",
     "办文时限台账超时自动提醒，与我县正在推行的做法相近，可以交流。"),
)
# fmt: on


def seed_practices(created: Counter) -> None:
    """Published through the services, as their authors would; created once (by title)."""
    from .models import GoodPractice
    from .practices import practice_comment, practice_create, practice_publish

    users = {user.username: user for user in User.objects.filter(username__in=_PRACTICE_USERS)}
    now = timezone.now()
    for author, publisher, days_ago, title, area, summary, text in PRACTICES:
        if author not in users or publisher not in users:
            continue
        if GoodPractice.objects.filter(title=title).exists():
            continue
        practice = practice_create(
            actor=users[author], title=title, area=area, summary=summary, text=text
        )
        practice_publish(actor=users[publisher], practice=practice)
        # Published some days ago, as the library would look after a few weeks.
        GoodPractice.objects.filter(pk=practice.pk).update(
            published_at=now - timedelta(days=days_ago)
        )
        created["经验做法"] += 1
        for commenter, about, comment in PRACTICE_COMMENTS:
            if about == title and commenter in users:
                practice_comment(actor=users[commenter], practice=practice, text=comment)
                created["经验交流评论"] += 1


_PRACTICE_USERS = {
    *(row[0] for row in PRACTICES),
    *(row[1] for row in PRACTICES),
    *(row[0] for row in PRACTICE_COMMENTS),
}


# --- The login table ------------------------------------------------------------------------


def login_table(password: str) -> str:
    """The demo logins as a text table, for newcomers (``make run`` prints it)."""
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[s.username for s in DEMO_USERS]
        ).select_related("org_unit")
    }
    rows = [("用户名", "角色", "县区", "单位")]
    for spec in DEMO_USERS:
        user = users.get(spec.username)
        if user is None:  # deleted since the seed: nothing to log in with
            continue
        unit = user.org_unit
        rows.append((spec.username, ROLE_LABELS[spec.role], _county_of(unit), _unit_label(unit)))
    heads = {
        user.username: user
        for user in User.objects.filter(
            username__in=[s.username for s in UNIT_HEADS]
        ).select_related("org_unit")
    }
    for spec in UNIT_HEADS:
        user = heads.get(spec.username)
        if user is not None:
            unit = user.org_unit
            rows.append((spec.username, "单位负责人", _county_of(unit), _unit_label(unit)))
    lines = ["演示账号：", *_format_rows(rows), f"以上账号的初始密码均为：{password}"]
    return "\n".join(lines)


def _county_of(unit: OrgUnit | None) -> str:
    node = unit
    while node is not None:
        if node.kind == OrgUnitKind.COUNTY_COMMITTEE:
            return node.short_name.removesuffix("委") or node.name
        node = node.parent
    return "（市级）" if unit is not None else ""


def _unit_label(unit: OrgUnit | None) -> str:
    return (unit.short_name or unit.name) if unit is not None else ""


def _width(text: str) -> int:
    """Columns a string takes in a terminal: Chinese characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _format_rows(rows) -> list[str]:
    widths = [max(_width(row[col]) for row in rows) for col in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [
            cell + " " * (width - _width(cell)) for cell, width in zip(row, widths, strict=True)
        ]
        lines.append("  " + "  ".join(cells).rstrip())
        if index == 0:
            lines.append("  " + "  ".join("-" * width for width in widths))
    return lines


# --- Back-dating ----------------------------------------------------------------------------
#
# An app's demo has a report year of records (items, meetings, documents, courses) and a few
# live ones around today. Both have to read as if they happened on their days, while
# everything that writes stamps the present. Two ways, and only these two:
#
# * A report year of records is too much to play through the services one by one (each
#   with its notifications: minutes, and every inbox full of old news). The app builds the
#   records itself and bulk-creates them, and collects their dependent rows in ``DatedRows``
#   with the moment each happened; a workflow transition is recorded with
#   ``DatedRows.transition``, which checks it against the model's declared workflow, never
#   by making a TransitionLog by hand.
# * Live records go through the real services (passing ``today=`` where a service decides by
#   the day), each step inside ``DemoClock.dated(day, actor)``, which moves what the step
#   wrote back to ``day`` afterwards.
#
# ``WorkingDays`` spreads a year's records over its working days.


def aware(day: date, hour: int, minute: int) -> datetime:
    """``day`` at ``hour:minute``, in the project's time zone."""
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


# How busy each month of an office year is, relative to the others: fewer new records around
# the Spring Festival and at the year's end than in spring and autumn, when most of the
# year's work is laid out.
MONTH_WEIGHT = {1: 0.8, 2: 0.7, 3: 1.2, 4: 1.2, 5: 1.1, 6: 1.1, 7: 1.0, 8: 0.9,
                9: 1.1, 10: 0.9, 11: 1.1, 12: 0.7}  # fmt: skip


class WorkingDays:
    """The working days of a window, for arithmetic by index: a record registered on working
    day ``i`` and due 15 working days later is due on ``days[i + 15]``. One is_working_day per
    day, once, instead of a query per step."""

    def __init__(self, start: date, end: date):
        span = (end - start).days + 1
        self.days = [
            day for day in (start + timedelta(days=n) for n in range(span)) if is_working_day(day)
        ]
        self.index = {day: i for i, day in enumerate(self.days)}

    def at_or_after(self, day: date) -> int:
        """The index of ``day``, or of the next working day (the last one past the window)."""
        return min(bisect_left(self.days, day), len(self.days) - 1)

    def at_or_before(self, day: date) -> int:
        """The index of ``day``, or of the previous working day (-1 before the window)."""
        return bisect_right(self.days, day) - 1

    def spread(
        self, rng: random.Random, count: int, *, last: int, month_weight=MONTH_WEIGHT
    ) -> list[int]:
        """``count`` working days (indexes, in order, several records may share one) from the
        window's first to its ``last``-th, busier in the busier months."""
        days = range(last + 1)
        weights = [month_weight[self.days[index].month] for index in days]
        return sorted(rng.choices(days, weights=weights, k=count))


def _stamp_field(model: type[models.Model]) -> str:
    """The one field of ``model`` that records when a row was written (auto_now_add)."""
    names = [f.name for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    if len(names) != 1:
        raise TypeError(f"{model.__name__} has no single auto_now_add field to back-date")
    return names[0]


class DatedRows:
    """Rows written in bulk, each with the moment it happened.

    ``add(row, moment)`` collects a row of any model with one auto_now_add field;
    ``transition(obj, name, ...)`` records a workflow transition of a record; ``save()``
    inserts them all (after the records they belong to) and then sets each row's timestamp to
    its moment: bulk_create stamps auto_now_add fields with the present, so the moments can
    only be written by an update afterwards.

    A row may point at a record that has no id yet (``ProgressReport(item=item)`` before the
    items are bulk-created): bulk_create takes the id from the record once it has one.
    """

    def __init__(self):
        self.rows: dict[type[models.Model], list[tuple[models.Model, datetime]]] = {}
        self._logged: list[tuple[TransitionLog, models.Model]] = []
        self._saved = False

    def add(self, row: models.Model, moment: datetime) -> None:
        self.rows.setdefault(type(row), []).append((row, moment))

    def count(self, model: type[models.Model]) -> int:
        return len(self.rows.get(model, ()))

    def transition(
        self, obj, name: str, *, actor, moment: datetime, comment: str = "", target=None
    ) -> TransitionLog:
        """Record that ``actor`` moved ``obj`` along its declared transition ``name`` at
        ``moment``, and move ``obj`` (in memory) to the target state, where the next
        transition starts from.

        The declaration decides, as for ``transition_perform``: an undeclared transition, a
        state the transition does not start from, a target other than the declared one, or a
        missing reason where one is required is refused with TransitionError, so the demo
        cannot show a history the workflow would never have allowed. ``target`` is given only
        for a transition that declares none. Who may act and ``when`` are not asked: the demo
        replays what people did on days past, and the actors are the demo's own."""
        workflow = getattr(type(obj), "workflow", None)
        if not isinstance(workflow, Workflow):
            raise TypeError(f"{type(obj).__name__} declares no workflow")
        rule = workflow.get(name)
        if not isinstance(rule, Transition):
            raise TransitionError(f"{name} is an action, not a transition: it moves no state")
        source = workflow.state_of(obj)
        if rule.source and source not in rule.source:
            raise TransitionError(f"{name} does not start from {source}")
        if rule.target is not None:
            if target not in (None, rule.target):
                raise TransitionError(f"{name} leads to {rule.target}, not {target}")
            target = rule.target
        elif target is None:
            raise TransitionError(f"{name} needs a target")
        if rule.comment_required and not comment.strip():
            raise TransitionError(f"{name} needs a reason")
        log = TransitionLog(
            transition=rule.name,
            source_state=source,
            target_state=target,
            actor=actor,
            comment=comment,
        )
        self.add(log, moment)
        self._logged.append((log, obj))
        setattr(obj, workflow.state_field, target)
        return log

    def save(self, *, batch_size: int = 500) -> None:
        """Insert the rows, once the records they belong to are saved, and date them."""
        if self._saved:
            raise RuntimeError("these rows are saved already")
        for log, obj in self._logged:
            if obj.pk is None:
                raise ValueError(f"save {obj!r} before the rows of its history")
            log.content_type = ContentType.objects.get_for_model(obj)
            log.object_id = obj.pk
        for model, rows in self.rows.items():
            field = _stamp_field(model)
            manager = model._default_manager
            saved = manager.bulk_create([row for row, _moment in rows], batch_size=batch_size)
            for row, (_row, moment) in zip(saved, rows, strict=True):
                setattr(row, field, moment)
            manager.bulk_update(saved, [field], batch_size=batch_size)
        self._saved = True


# The core's rows a service writes whatever the app: its transition logs and notifications.
CORE_STAMPED = {TransitionLog: "created_at", Notification: "created_at"}


class DemoClock:
    """Plays live steps on days past through the real services.

    ``stamped`` names the timestamp field of each kind of row the app's services write (the
    core's own rows, CORE_STAMPED, are always included); a simple-history model among them
    (``Item.history.model: "history_date"``) also gets the actor named. ``today`` is the
    demo's today: a step on it keeps its real time."""

    def __init__(self, stamped: Mapping[type[models.Model], str], *, today: date):
        self.stamped = {**CORE_STAMPED, **stamped}
        self.today = today
        self.moments = Counter()

    def moment(self, day: date) -> datetime:
        """A time of day on ``day``, later than the previous one given for that day, so the
        steps of one day read in the order they were played (from 9:10, ten minutes apart)."""
        self.moments[day] += 1
        minutes = 9 * 60 + 10 * self.moments[day]
        return aware(day, min(minutes // 60, 23), minutes % 60)

    @contextmanager
    def dated(self, day: date, actor: User):
        """Move what the block writes back to ``day`` (the services stamp the present, but the
        demo plays steps that happened days ago), and name ``actor`` in the history rows
        (outside a request, simple-history does not know who acted).

        The rows are told apart by id: whatever the stamped models gain during the block.
        So a block holds one step of one person, and nothing else writes meanwhile (the demo
        runs in one transaction of the seed_demo command)."""
        marks = {
            model: model._default_manager.aggregate(m=Max("pk"))["m"] or 0 for model in self.stamped
        }
        yield
        for model in self.stamped:
            if issubclass(model, HistoricalChanges):
                new = model._default_manager.filter(pk__gt=marks[model])
                new.filter(history_user__isnull=True).update(history_user=actor)
        if day < self.today:
            moment = self.moment(day)
            for model, field_name in self.stamped.items():
                new = model._default_manager.filter(pk__gt=marks[model])
                new.update(**{field_name: moment})
