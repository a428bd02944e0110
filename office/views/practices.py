"""The pages of the city's shared library of good practices (经验交流)."""

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from office import practices
from office.filtersets import SearchFilterSet
from office.models import GoodPractice, OrgUnit
from office.models.scoping import city_office_of
from office.tones import state_badge

from .detail import ActionPanel, Event, ObjectDetailView
from .generic import ObjectEditView, ObjectListView

# --- The list -----------------------------------------------------------------------------------


class PracticeTable(tables.Table):
    title = tables.Column(linkify=True)
    owning_office = tables.Column(verbose_name=_("county office"))
    status = tables.Column()

    class Meta:
        model = GoodPractice
        fields = ("title", "owning_office", "area", "status", "published_at", "author")
        order_by = ("-published_at",)

    def render_status(self, record, value):
        return state_badge(record)

    def value_status(self, record, value):
        return value


def offices_in_city(user):
    """The offices whose practices the user may meet: those under their city office."""
    office = getattr(user, "office", None)
    city = city_office_of(office) if office is not None else None
    if city is None:
        return OrgUnit.objects.none()
    return OrgUnit.objects.offices().filter(path__startswith=city.path).order_by("path")


class PracticeFilterSet(SearchFilterSet):
    search_fields = ("title", "summary", "text")
    owning_office = django_filters.ModelChoiceFilter(
        label=_("county office"), queryset=OrgUnit.objects.none()
    )

    class Meta:
        model = GoodPractice
        fields = ["owning_office", "area", "status"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request else None
        self.filters["owning_office"].queryset = offices_in_city(user)


class PracticeListView(ObjectListView):
    model = GoodPractice
    table_class = PracticeTable
    filterset_class = PracticeFilterSet
    create_url_name = "practice_add"
    title = _("Good practices")

    def get_base_queryset(self):
        return GoodPractice.objects.select_related("owning_office", "author")


# --- Writing ------------------------------------------------------------------------------------


class PracticeForm(forms.ModelForm):
    class Meta:
        model = GoodPractice
        fields = ("title", "area", "summary", "text")
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "text": forms.Textarea(attrs={"rows": 14}),
        }


class PracticeEditView(ObjectEditView):
    model = GoodPractice
    form_class = PracticeForm
    list_url_name = "practice_list"

    def get(self, request, *args, **kwargs):
        self._check_may()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_may()
        return super().post(request, *args, **kwargs)

    def _check_may(self):
        user = self.request.user
        if self.object is None:
            if not practices.may_create(user):
                raise PermissionDenied
        elif not practices.may(user, "edit", self.object):
            raise PermissionDenied

    def save(self, form):
        data = {name: form.cleaned_data[name] for name in practices.EDITABLE}
        if self.object is None:
            return practices.practice_create(actor=self.request.user, **data)
        return practices.practice_update(actor=self.request.user, practice=self.object, **data)


# --- The detail page ----------------------------------------------------------------------------


class NoInput(forms.Form):
    pass


class WithdrawForm(forms.Form):
    comment = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


def _publish(view, obj, data):
    practices.practice_publish(actor=view.request.user, practice=obj)
    return gettext("The practice is published for the offices of the city.")


def _withdraw(view, obj, data):
    practices.practice_withdraw(actor=view.request.user, practice=obj, comment=data["comment"])
    return gettext("The practice is withdrawn.")


def _comment(view, obj, data):
    practices.practice_comment(actor=view.request.user, practice=obj, text=data["text"])
    return gettext("Your comment is posted.")


class PracticeDetailView(ObjectDetailView):
    model = GoodPractice
    detail_fields = (
        "owning_office",
        "area",
        "status",
        "summary",
        "text",
        "author",
        "published_at",
    )
    edit_url_name = "practice_edit"
    url_prefix = "practice"
    action_panels = (
        ActionPanel(
            "publish",
            NoInput,
            _publish,
            _("Publish to the offices of the city"),
            pgettext_lazy("practice", "Publish"),
            icon="send",
            intro=_("Every office under the city office will read it and may comment."),
        ),
        ActionPanel(
            "comment",
            CommentForm,
            _comment,
            _("Comment"),
            _("Post the comment"),
            icon="chat-square-text",
        ),
        ActionPanel(
            "withdraw",
            WithdrawForm,
            _withdraw,
            _("Withdraw from the library"),
            _("Withdraw"),
            icon="arrow-counterclockwise",
            style="outline-danger",
            primary_for=lambda user: False,
        ),
    )
    timeline_sources = ("comment_events",)
    # Publishing stamps published_at: the transition's own event tells it.
    workflow_fields = ("status", "published_at")
    timeline_title = _("History and comments")

    def get_queryset(self):
        return super().get_queryset().select_related("owning_office", "author")

    def get_fields(self):
        # The office and the author as names, not links: a reader in another county may not
        # open county A's org pages.
        return [
            (label, str(value) if hasattr(value, "get_absolute_url") else value)
            for label, value in super().get_fields()
        ]

    def comment_events(self) -> list[Event]:
        return [
            Event(
                comment.created_at,
                "comment",
                "chat-square-text",
                "purple",
                gettext("Comment from %(office)s")
                % {"office": comment.author.office or comment.author.org_unit or ""},
                comment.author,
                comment.text,
            )
            for comment in self.object.comments.select_related("author__org_unit__office")
        ]
