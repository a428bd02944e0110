from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scoping import RestrictedQuerySet


class NotificationQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        # A notification is private to its recipient, whatever their role.
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in a user's in-app inbox, with a link to the record it is about."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Webhook (WeCom / DingTalk robot)")


class ChannelPreference(models.Model):
    """Which channels besides the in-app inbox a user wants notifications on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="channel_preference"
    )
    email = models.BooleanField(_("also send by e-mail"), default=False)
    webhook = models.BooleanField(_("also send to the webhook"), default=False)
    webhook_url = models.URLField(
        _("webhook URL"),
        blank=True,
        help_text=_("Leave empty to use the office's default robot address."),
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """An outgoing copy of a notification on an external channel (an outbox row).

    Web requests only insert these rows; the periodic task sends them, so a page never waits
    on a mail server, a robot or the broker."""

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    # Set when the row is claimed, before anything is sent: no scan offers the row again
    # before this time, whether the send fails, hangs or the worker dies mid-send.
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="delivery_once_per_channel"
            )
        ]

    def __str__(self):
        return f"{self.notification} → {self.channel}"

    @property
    def dedupe_key(self) -> str:
        """The same on every attempt of this delivery, so the far end can drop a repeat."""
        return f"office-delivery-{self.pk}-{self.notification_id}"


class AttemptOutcome(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # The request went out but no answer came back: the far end may well have received it.
    UNCERTAIN = "uncertain", _("No answer (may have been received)")


class DeliveryAttempt(models.Model):
    """One try at sending a delivery. A row without an outcome is a send that never finished
    (the worker died): the retry carries the same dedupe key."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=AttemptOutcome.choices, blank=True
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "number"], name="delivery_attempt_numbered_once"
            )
        ]

    def __str__(self):
        return f"{self.delivery} #{self.number}"


class Reminder(models.Model):
    """A reminder that a deadline source asked for. The unique constraint is what makes a
    reminder go out at most once: a second scan, a retry or a concurrent worker inserts
    nothing new and so delivers nothing new."""

    source = models.CharField(_("source"), max_length=60)
    object_key = models.CharField(_("record"), max_length=60)
    kind = models.CharField(_("kind"), max_length=40)
    occurrence = models.CharField(
        _("occurrence"),
        max_length=40,
        help_text=_("Distinguishes repeated reminders, e.g. the day of a daily reminder."),
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("content"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    notification = models.OneToOneField(
        Notification, null=True, blank=True, on_delete=models.SET_NULL, related_name="reminder"
    )

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_key", "kind", "occurrence", "recipient"],
                name="reminder_at_most_once",
            )
        ]

    def __str__(self):
        return self.title


class TodoQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view"):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(owner=user)

    def open(self):
        return self.filter(done_at__isnull=True)


class Todo(models.Model):
    """A personal to-do on the home page. A due date makes it a deadline source: the
    reminder engine tells the owner once, from the working day before it is due."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="todos",
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    objects = TodoQuerySet.as_manager()

    class Meta:
        verbose_name = _("to-do")
        verbose_name_plural = _("to-dos")
        ordering = ["done_at", "due_date", "-created_at"]

    def __str__(self):
        return self.title
