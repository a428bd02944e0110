"""The choices of documents: the statutory types of official documents (党政机关公文处理工作条例,
2012), urgency, openness, and the states of each record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    RESOLUTION = "resolution", _("Resolution (决议)")
    DECISION = "decision", _("Decision (决定)")
    ORDER = "order", _("Order (命令)")
    COMMUNIQUE = "communique", _("Communiqué (公报)")
    ANNOUNCEMENT = "announcement", _("Announcement (公告)")
    PUBLIC_NOTICE = "public_notice", _("Public notice (通告)")
    OPINION = "opinion", _("Opinion (意见)")
    NOTICE = "notice", _("Notice (通知)")
    CIRCULAR = "circular", _("Circular (通报)")
    REPORT = "report", _("Report (报告)")
    REQUEST = "request", _("Request for instructions (请示)")
    REPLY = "reply", _("Reply (批复)")
    MOTION = "motion", _("Motion (议案)")
    LETTER = "letter", _("Letter (函)")
    MINUTES = "minutes", _("Minutes (纪要)")
    # Not statutory types, but they count toward the quota (changing a red header into a
    # plain one or a 便笺 to dodge the count is forbidden).
    MEMO = "memo", _("Memo (便笺)")
    PLAIN = "plain", _("Plain-header document (白头)")


# The short names a title ends with (a title is issuer + subject + type).
TYPE_WORDS = {
    DocType.RESOLUTION: "决议",
    DocType.DECISION: "决定",
    DocType.ORDER: "命令",
    DocType.COMMUNIQUE: "公报",
    DocType.ANNOUNCEMENT: "公告",
    DocType.PUBLIC_NOTICE: "通告",
    DocType.OPINION: "意见",
    DocType.NOTICE: "通知",
    DocType.CIRCULAR: "通报",
    DocType.REPORT: "报告",
    DocType.REQUEST: "请示",
    DocType.REPLY: "批复",
    DocType.MOTION: "议案",
    DocType.LETTER: "函",
    DocType.MINUTES: "纪要",
    DocType.MEMO: "便笺",
    DocType.PLAIN: "白头文件",
}
# Upward documents show the signer (签发人) on the number line.
UPWARD_TYPES = (DocType.REPORT, DocType.REQUEST)
# Laid out without the red masthead.
PLAIN_TYPES = (DocType.MEMO, DocType.PLAIN)


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Not urgent")
    URGENT = "urgent", _("Urgent (加急)")
    VERY_URGENT = "very_urgent", _("Very urgent (特急)")


URGENCY_WORDS = {Urgency.NORMAL: "", Urgency.URGENT: "加急", Urgency.VERY_URGENT: "特急"}


class Openness(models.TextChoices):
    """This system is non-classified: only 公开 and 内部 may be stored."""

    PUBLIC = "public", _("Public (公开)")
    INTERNAL = "internal", _("Internal (内部)")


class DocStatus(models.TextChoices):
    DRAFTING = "drafting", _("Drafting")
    CHECKING = "checking", _("Checking (核稿)")
    LEGAL_REVIEW = "legal_review", _("Legality review")
    COUNTERSIGNING = "countersigning", _("Countersigning (会签)")
    SIGNING = "signing", _("Awaiting sign-off (签发)")
    SIGNED = "signed", _("Signed, awaiting number")
    ISSUED = "issued", _("Issued")
    ARCHIVED = "archived", _("Archived (归档)")
    VOIDED = "voided", _("Voided (作废)")


# The steps a document passes before sign-off, in order: where it may be sent back to.
DOC_STEPS = (
    DocStatus.DRAFTING,
    DocStatus.CHECKING,
    DocStatus.LEGAL_REVIEW,
    DocStatus.COUNTERSIGNING,
    DocStatus.SIGNING,
)
# A document in force: issued, and later archived. A voided one keeps its number but is not.
IN_FORCE = (DocStatus.ISSUED, DocStatus.ARCHIVED)


class ManuscriptKind(models.TextChoices):
    SPEECH = "speech", _("Speech")
    BRIEFING = "briefing", _("Briefing material")
    RESEARCH = "research", _("Research report")
    SIGNED_ARTICLE = "signed_article", _("Signed article")
    COMMISSIONED = "commissioned", _("Commissioned piece (约稿)")
    OTHER = "other", _("Other manuscript")


class ManuscriptStatus(models.TextChoices):
    ASSIGNED = "assigned", _("Assigned")
    DRAFTING = "drafting", _("Drafting")
    DELIVERED = "delivered", _("Delivered")


class VisitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")


class IncomingMode(models.TextChoices):
    READING = "reading", _("For reading (阅知)")
    ACTION = "action", _("For action (批办)")


class IncomingStatus(models.TextChoices):
    """签收 and 登记 at once → 初审 (ours? right form?) → 拟办 → 传阅 or 批办 → 办结; or
    returned to the sender at the first check."""

    REGISTERED = "registered", _("Registered")
    CHECKED = "checked", _("First-checked (初审)")
    PROPOSED = "proposed", _("Handling proposed (拟办)")
    CIRCULATING = "circulating", _("Circulating (传阅)")
    DONE = "done", _("Done")
    RETURNED = "returned", _("Returned to the sender")


class Classification(models.TextChoices):
    """Classified paper exists in this system only as ledger metadata (机要台账)."""

    SECRET = "secret", "秘密"
    CONFIDENTIAL = "confidential", "机密"
    TOP_SECRET = "top_secret", "绝密"


class LedgerStatus(models.TextChoices):
    HELD = "held", _("Held in the office")
    DESTROYED = "destroyed", _("Destroyed")


class InfoStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    FORWARDED = "forwarded", _("Edited and forwarded")
    ADOPTED = "adopted", _("Adopted")


class TopicKind(models.TextChoices):
    TOPIC = "topic", _("Topic list (专题)")
    COMMISSIONED = "commissioned", _("Commissioned request (约稿)")


class AdoptionLevel(models.TextChoices):
    CITY = "city", _("Adopted by the city")
    PROVINCE = "province", _("Adopted by the province")
