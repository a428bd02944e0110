from django.urls import path

from office.views.attachments import AttachmentDownloadView
from office.views.detail import action_urls

from .models import (
    Honour,
    HonourAttachment,
    MilestoneAttachment,
    MilestoneReport,
    Pilot,
    PilotAttachment,
)
from .views import honours, imports, overview, pilots, tasks

app_name = "reforms"

urlpatterns = [
    path("", tasks.TaskListView.as_view(), name="task_list"),
    path("add/", tasks.TaskEditView.as_view(), name="task_add"),
    path("<int:pk>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path("<int:pk>/edit/", tasks.TaskEditView.as_view(), name="task_edit"),
    *action_urls(tasks.TaskDetailView),
    path("milestones/<int:pk>/", tasks.MilestoneDetailView.as_view(), name="milestone_detail"),
    *[
        path(f"milestones/{route.pattern}", route.callback, name=route.name)
        for route in action_urls(tasks.MilestoneDetailView)
    ],
    path(
        "milestones/attachments/<int:pk>/",
        AttachmentDownloadView.as_view(model=MilestoneAttachment, permission_model=MilestoneReport),
        name="milestone_attachment",
    ),
    *imports.TaskImportPages.urlpatterns(),
    path("pilots/", pilots.PilotListView.as_view(), name="pilot_list"),
    path("pilots/add/", pilots.PilotEditView.as_view(), name="pilot_add"),
    path("pilots/<int:pk>/", pilots.PilotDetailView.as_view(), name="pilot_detail"),
    path("pilots/<int:pk>/edit/", pilots.PilotEditView.as_view(), name="pilot_edit"),
    *[
        path(f"pilots/{route.pattern}", route.callback, name=route.name)
        for route in action_urls(pilots.PilotDetailView)
    ],
    path(
        "pilots/attachments/<int:pk>/",
        AttachmentDownloadView.as_view(model=PilotAttachment, permission_model=Pilot),
        name="pilot_attachment",
    ),
    path("honours/", honours.HonourListView.as_view(), name="honour_list"),
    path("honours/add/", honours.HonourEditView.as_view(), name="honour_add"),
    path("honours/<int:pk>/", honours.HonourDetailView.as_view(), name="honour_detail"),
    path("honours/<int:pk>/edit/", honours.HonourEditView.as_view(), name="honour_edit"),
    path(
        "honours/attachments/<int:pk>/",
        AttachmentDownloadView.as_view(model=HonourAttachment, permission_model=Honour),
        name="honour_attachment",
    ),
    path("dashboard/", overview.DashboardView.as_view(), name="dashboard"),
    path("achievements/", overview.AchievementsView.as_view(), name="achievements"),
    path(
        "achievements/xlsx/",
        overview.AchievementsExportView.as_view(fmt="xlsx"),
        name="achievements_xlsx",
    ),
    path(
        "achievements/docx/",
        overview.AchievementsExportView.as_view(fmt="docx"),
        name="achievements_docx",
    ),
]
