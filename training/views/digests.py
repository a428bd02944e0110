"""The monthly theory digest (理论学习文摘): the list, the year's twelve issues, compiling a
month's issue from the library, editing, publishing to all staff, and the .docx."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from django.views.generic.detail import SingleObjectMixin

from office.views.detail import ActionPanel, ObjectDetailView
from office.views.generic import (
    ObjectConfirmView,
    ObjectEditView,
    ObjectListView,
    RestrictedMixin,
    ViewPermissionMixin,
)
from office.workflow import may

from .. import services
from ..digest_docx import digest_docx
from ..filtersets import DigestFilterSet
from ..forms import ArticleEditForm, ArticleForm, DigestCompileForm, DigestEditForm
from ..models import DigestArticle, TheoryDigest
from ..selectors import digest_year
from ..tables import DigestTable
from . import SectionTabsMixin

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DigestListView(SectionTabsMixin, ObjectListView):
    model = TheoryDigest
    table_class = DigestTable
    filterset_class = DigestFilterSet
    create_url_name = "training:digest_add"
    template_name = "training/digest_list.html"
    title = gettext_lazy("Theory study digests")

    def get_base_queryset(self):
        return TheoryDigest.objects.annotate(articles_count=Count("articles")).order_by(
            "-year", "-month"
        )


class DigestYearView(SectionTabsMixin, ViewPermissionMixin, TemplateView):
    """The year at a glance: twelve issues, or the months still missing."""

    model = TheoryDigest
    template_name = "training/digest_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.kwargs.get("year") or timezone.localdate().year
        months = digest_year(self.request.user, year)
        context.update(
            title=_("Theory study digests of %(year)d") % {"year": year},
            year=year,
            months=months,
            missing=[issue.month for issue in months if issue.digest is None],
            previous_year=year - 1,
            next_year=year + 1,
            may_compile=self.request.user.has_perm("training.add_theorydigest"),
        )
        return context


class DigestCompileView(ObjectEditView):
    model = TheoryDigest
    form_class = DigestCompileForm
    list_url_name = "training:digest_list"
    success_message = gettext_lazy(
        "The issue has been compiled from the month's materials; edit it, then publish."
    )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Compile a monthly digest"),
            "submit_label": _("Compile"),
        }

    def save(self, form):
        return services.digest_compile(actor=self.request.user, **form.cleaned_data)


class DigestEditView(ObjectEditView):
    model = TheoryDigest
    form_class = DigestEditForm

    def save(self, form):
        return services.digest_update(
            actor=self.request.user, digest=self.object, **form.cleaned_data
        )


def _add_article(view, digest, data):
    services.digest_article_add(actor=view.request.user, digest=digest, data=data)
    return _("Article added.")


class DigestDetailView(ObjectDetailView):
    model = TheoryDigest
    template_name = "training/digest_detail.html"
    edit_url_name = "training:digest_edit"
    url_prefix = "training:digest"
    detail_fields = ("title", "status", "published_at")
    workflow_fields = ("status", "published_at")
    action_panels = (
        ActionPanel(
            "add_article",
            ArticleForm,
            _add_article,
            gettext_lazy("Add an article"),
            gettext_lazy("Add"),
            icon="plus-lg",
            primary_for=lambda user: False,
        ),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            articles=self.object.articles.select_related("material"),
            can_change_articles=may(self.request.user, "add_article", self.object)
            and self.request.user.has_perm("training.change_digestarticle"),
            can_publish=may(self.request.user, "publish", self.object),
        )
        return context


def _may_change_articles(user, article) -> None:
    # Articles change while the digest is a draft, by whoever may add one (add_article).
    if not may(user, "add_article", article.digest):
        raise PermissionDenied


class ArticleEditView(ObjectEditView):
    """Change an article of a draft digest (the rule of adding one: add_article)."""

    model = DigestArticle
    form_class = ArticleEditForm

    def get_base_queryset(self):
        return DigestArticle.objects.select_related("digest")

    def get(self, request, *args, **kwargs):
        _may_change_articles(request.user, self.object)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        _may_change_articles(request.user, self.object)
        return super().post(request, *args, **kwargs)

    def save(self, form):
        return services.digest_article_update(
            actor=self.request.user, article=self.object, data=form.cleaned_data
        )


class ArticleDeleteView(ObjectConfirmView):
    model = DigestArticle
    permission_action = "delete"
    question = gettext_lazy("Remove the article %(name)s from the digest?")
    confirm_label = gettext_lazy("Remove")
    success_message = gettext_lazy("%(name)s has been removed from the digest.")

    def check_may(self, obj) -> None:
        _may_change_articles(self.request.user, obj)

    def perform(self, obj):
        services.digest_article_delete(actor=self.request.user, article=obj)


class DigestPublishView(ObjectConfirmView):
    model = TheoryDigest
    rule = "publish"
    question = gettext_lazy("Publish %(name)s to all staff?")
    confirm_label = gettext_lazy("Publish")
    success_message = gettext_lazy("%(name)s has been published to all staff.")

    def perform(self, obj):
        services.digest_publish(actor=self.request.user, digest=obj)


class DigestDocxView(RestrictedMixin, ViewPermissionMixin, SingleObjectMixin, View):
    model = TheoryDigest

    def get(self, request, *args, **kwargs):
        digest = self.get_object()
        response = HttpResponse(digest_docx(digest), content_type=DOCX)
        response["Content-Disposition"] = content_disposition_header(True, f"{digest.title}.docx")
        return response
