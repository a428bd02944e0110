from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from .views import health

admin.site.site_header = _("County Party Committee Office Work Platform")
admin.site.site_title = _("Office platform admin")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("", include("office.views.urls")),
    path("supervision/", include("supervision.urls")),
    path("meetings/", include("meetings.urls")),
    path("documents/", include("documents.urls")),
    path("reforms/", include("reforms.urls")),
    path("training/", include("training.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", include("office.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The schema lists every endpoint and field: for signed-in users only (SERVE_PERMISSIONS).
    # The docs page is a browser page, so it sends a visitor to sign in. The split view serves
    # its script as a file, which the Content-Security-Policy (no inline script) lets run.
    path(
        "api/docs/",
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

handler404 = "office.views.errors.page_not_found"
handler500 = "office.views.errors.server_error"
handler403 = "office.views.errors.permission_denied"

# Uploaded files are never served from MEDIA_URL, not even in development: each app serves
# its files through a view that checks the record's scope (e.g. supervision attachments).
