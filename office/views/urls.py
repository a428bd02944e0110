from django.contrib.auth import views as auth_views
from django.urls import path

from office.forms import LoginForm

from . import (
    exports,
    home,
    notifications,
    orgunits,
    practices,
    search,
    summary,
    twofactor,
    users,
)
from .detail import action_urls

urlpatterns = [
    path("", home.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/two-factor/", twofactor.two_factor_overview, name="two_factor_overview"),
    path("accounts/two-factor/verify/", twofactor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", twofactor.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/setup/qr.svg", twofactor.two_factor_qr, name="two_factor_qr"),
    path(
        "accounts/two-factor/recovery-codes/",
        twofactor.two_factor_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("summary/", summary.annual_summary, name="annual_summary"),
    path("reports/annual/<int:year>/", summary.annual_report, name="annual_report"),
    path("reports/counties/", summary.county_comparison, name="county_comparison"),
    path(
        "reports/annual/<int:year>/draft/generate/",
        summary.annual_draft_generate,
        name="annual_draft_generate",
    ),
    path(
        "reports/annual/<int:year>/draft/edit/",
        summary.annual_draft_edit,
        name="annual_draft_edit",
    ),
    path(
        "reports/annual/<int:year>/draft.docx",
        summary.annual_draft_docx,
        name="annual_draft_docx",
    ),
    path("search/", search.search_page, name="search"),
    path("practices/", practices.PracticeListView.as_view(), name="practice_list"),
    path("practices/add/", practices.PracticeEditView.as_view(), name="practice_add"),
    path("practices/<int:pk>/", practices.PracticeDetailView.as_view(), name="practice_detail"),
    path("practices/<int:pk>/edit/", practices.PracticeEditView.as_view(), name="practice_edit"),
    *[
        path(f"practices/{route.pattern}", route.callback, name=route.name)
        for route in action_urls(practices.PracticeDetailView)
    ],
    path("todos/add/", home.todo_add, name="todo_add"),
    path("todos/<int:pk>/done/", home.todo_done, name="todo_done"),
    path("notifications/", notifications.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", notifications.notification_open, name="notification_open"),
    path(
        "notifications/read-all/", notifications.notification_read_all, name="notification_read_all"
    ),
    path(
        "notifications/settings/", notifications.notification_settings, name="notification_settings"
    ),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/progress/", exports.export_progress, name="export_progress"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
    path("org/units/", orgunits.OrgUnitListView.as_view(), name="orgunit_list"),
    path("org/units/lookup/", orgunits.orgunit_lookup, name="orgunit_lookup"),
    path("org/units/add/", orgunits.OrgUnitEditView.as_view(), name="orgunit_add"),
    path("org/units/<int:pk>/", orgunits.OrgUnitDetailView.as_view(), name="orgunit_detail"),
    path("org/units/<int:pk>/edit/", orgunits.OrgUnitEditView.as_view(), name="orgunit_edit"),
    path(
        "org/units/<int:pk>/deactivate/",
        orgunits.OrgUnitDeactivateView.as_view(),
        name="orgunit_deactivate",
    ),
    path("org/users/", users.UserListView.as_view(), name="user_list"),
    path("org/users/add/", users.UserEditView.as_view(), name="user_add"),
    path("org/users/<int:pk>/", users.UserDetailView.as_view(), name="user_detail"),
    path("org/users/<int:pk>/edit/", users.UserEditView.as_view(), name="user_edit"),
    path(
        "org/users/<int:pk>/deactivate/",
        users.UserDeactivateView.as_view(),
        name="user_deactivate",
    ),
]
