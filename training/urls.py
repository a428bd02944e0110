from django.urls import include, path

from office.views.attachments import AttachmentDownloadView
from office.views.detail import action_urls

from .models import MaterialAttachment, SessionPhoto, StudyMaterial, StudySession
from .views import competitions, courses, digests, library, people, sessions
from .views.imports import MaterialImportPages

app_name = "training"

urlpatterns = [
    # The study library.
    path("materials/", library.MaterialListView.as_view(), name="material_list"),
    path("materials/add/", library.MaterialEditView.as_view(), name="material_add"),
    # Excel import of the library: template, upload, preview with each row's errors, confirm.
    *MaterialImportPages.urlpatterns(),
    path("materials/<int:pk>/", library.MaterialDetailView.as_view(), name="material_detail"),
    path("materials/<int:pk>/edit/", library.MaterialEditView.as_view(), name="material_edit"),
    path(
        "materials/files/<int:pk>/",
        AttachmentDownloadView.as_view(model=MaterialAttachment, permission_model=StudyMaterial),
        name="material_attachment",
    ),
    # 第一议题: the meetings' ledger as the training side counts it.
    path("first-topic/", library.FirstTopicListView.as_view(), name="first_topic_list"),
    # Study sessions.
    path("sessions/", sessions.SessionListView.as_view(), name="session_list"),
    path("sessions/add/", sessions.SessionEditView.as_view(), name="session_add"),
    path("sessions/schedule/", sessions.ScheduleView.as_view(), name="session_schedule"),
    path("sessions/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("sessions/<int:pk>/edit/", sessions.SessionEditView.as_view(), name="session_edit"),
    path(
        "sessions/<int:pk>/attendance/",
        sessions.SessionAttendanceView.as_view(),
        name="session_attendance",
    ),
    # The action forms of a record's page, below the record: sessions/<pk>/<action>/.
    path("sessions/", include(action_urls(sessions.SessionDetailView))),
    path(
        "sessions/photos/<int:pk>/",
        AttachmentDownloadView.as_view(model=SessionPhoto, permission_model=StudySession),
        name="session_photo",
    ),
    # Self-study notes.
    path("notes/", people.NoteListView.as_view(), name="note_list"),
    path("notes/add/", people.NoteCreateView.as_view(), name="note_add"),
    path("notes/<int:pk>/edit/", people.NoteEditView.as_view(), name="note_edit"),
    path("notes/<int:pk>/remove/", people.NoteDeleteView.as_view(), name="note_delete"),
    # The monthly theory digest.
    path("digests/", digests.DigestListView.as_view(), name="digest_list"),
    path("digests/year/", digests.DigestYearView.as_view(), name="digest_year_current"),
    path("digests/year/<int:year>/", digests.DigestYearView.as_view(), name="digest_year"),
    path("digests/add/", digests.DigestCompileView.as_view(), name="digest_add"),
    path("digests/<int:pk>/", digests.DigestDetailView.as_view(), name="digest_detail"),
    path("digests/<int:pk>/edit/", digests.DigestEditView.as_view(), name="digest_edit"),
    path("digests/<int:pk>/publish/", digests.DigestPublishView.as_view(), name="digest_publish"),
    path("digests/<int:pk>/docx/", digests.DigestDocxView.as_view(), name="digest_docx"),
    path("digests/articles/<int:pk>/edit/", digests.ArticleEditView.as_view(), name="article_edit"),
    path(
        "digests/articles/<int:pk>/remove/",
        digests.ArticleDeleteView.as_view(),
        name="article_delete",
    ),
    # The action forms of a record's page, below the record: digests/<pk>/<action>/.
    path("digests/", include(action_urls(digests.DigestDetailView))),
    # Mentoring.
    path("mentoring/", people.PairListView.as_view(), name="pair_list"),
    path("mentoring/add/", people.PairCreateView.as_view(), name="pair_add"),
    path("mentoring/<int:pk>/", people.PairDetailView.as_view(), name="pair_detail"),
    path("mentoring/<int:pk>/edit/", people.PairEditView.as_view(), name="pair_edit"),
    path("mentoring/<int:pk>/remove/", people.PairDeleteView.as_view(), name="pair_delete"),
    # The action forms of a record's page, below the record: mentoring/<pk>/<action>/.
    path("mentoring/", include(action_urls(people.PairDetailView))),
    # Drills and competitions (大练兵大比武).
    path("competitions/", competitions.CompetitionListView.as_view(), name="competition_list"),
    path("competitions/add/", competitions.CompetitionCreateView.as_view(), name="competition_add"),
    path(
        "competitions/<int:pk>/",
        competitions.CompetitionDetailView.as_view(),
        name="competition_detail",
    ),
    # The action forms of a record's page, below the record: competitions/<pk>/<action>/.
    path("competitions/", include(action_urls(competitions.CompetitionDetailView))),
    # Section target assessment (科室目标考核评比).
    path("assessments/", competitions.AssessmentListView.as_view(), name="assessment_list"),
    path("assessments/add/", competitions.AssessmentCreateView.as_view(), name="assessment_add"),
    path(
        "assessments/<int:pk>/",
        competitions.AssessmentDetailView.as_view(),
        name="assessment_detail",
    ),
    path(
        "assessments/<int:pk>/edit/",
        competitions.AssessmentEditView.as_view(),
        name="assessment_edit",
    ),
    path(
        "assessments/<int:pk>/remove/",
        competitions.AssessmentDeleteView.as_view(),
        name="assessment_delete",
    ),
    path(
        "assessments/scores/<int:pk>/edit/", competitions.ScoreEditView.as_view(), name="score_edit"
    ),
    path(
        "assessments/scores/<int:pk>/remove/",
        competitions.ScoreDeleteView.as_view(),
        name="score_delete",
    ),
    path(
        "assessments/<int:pk>/targets/<int:criterion>/sections/<int:section>/",
        competitions.AssessmentSourceView.as_view(),
        name="assessment_source",
    ),
    # The action forms of a record's page, below the record: assessments/<pk>/<action>/.
    path("assessments/", include(action_urls(competitions.AssessmentDetailView))),
    # Training for the party offices of townships and departments.
    path("courses/", courses.CourseListView.as_view(), name="course_list"),
    path("courses/add/", courses.CourseCreateView.as_view(), name="course_add"),
    path("courses/<int:pk>/", courses.CourseDetailView.as_view(), name="course_detail"),
    # The action forms of a record's page, below the record: courses/<pk>/<action>/.
    path("courses/", include(action_urls(courses.CourseDetailView))),
    # Staff tiers (the director's).
    path("tiers/", people.TierListView.as_view(), name="tier_list"),
    path("tiers/add/", people.TierChangeView.as_view(), name="tier_add"),
]
