"""Settings shared by every environment, read from environment variables (django-environ).

Defaults are the embedded ones: a SQLite file and a filesystem Celery broker under ``var/``,
so a newcomer needs no server. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and
Redis (broker, cache and sessions).
"""

import copy
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me-in-production")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "office",
    "supervision",
    "meetings",
    "documents",
    "reforms",
    "training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "office.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells whether the session has passed its second factor; then the guard asks for it.
    "django_otp.middleware.OTPMiddleware",
    "office.twofactor.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "office.middleware.IdleTimeoutMiddleware",
    "office.middleware.SecurityHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes must come last so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "office.urls"
WSGI_APPLICATION = "office.wsgi.application"
ASGI_APPLICATION = "office.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "office.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'office.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets web, worker and beat share the SQLite file without "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )


def audit_database(default: dict) -> dict | None:
    """A second connection to the same database for the audit of refused classified content
    (office.guard): its rows are committed while the refused write rolls back. None for
    SQLite, whose single writer would wait on itself (there the audit row shares the refused
    write's fate; the "office.audit" log line remains)."""
    if default["ENGINE"].endswith("sqlite3"):
        return None
    # A deep copy: Django and the test runner write into each alias's own "TEST" settings.
    return {**copy.deepcopy(default), "ATOMIC_REQUESTS": False}


if (_audit_database := audit_database(DATABASES["default"])) is not None:
    DATABASES["audit"] = _audit_database
DATABASE_ROUTERS = ["office.routers.AuditRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker and cache when REDIS_URL is set ------------------------------------------
BROKER_DIR = VAR_DIR / "broker"


def redis_settings(redis_url: str) -> dict:
    """The settings REDIS_URL decides (tests apply them to a dead Redis the same way).

    Sessions live in the database whatever REDIS_URL says: a dead Redis must not sign everybody
    out or turn every page into an error (and a cache of sessions that missed a logout while
    Redis was down would bring the session back when it returns). The cache swallows
    connection errors after a one-second timeout; the broker is only used by beat and workers,
    and deadline state lives in PostgreSQL, so a scan after Redis returns sends what is due."""
    if not redis_url:
        return {
            "CACHES": {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
            "CELERY_BROKER_URL": "filesystem://",
            "CELERY_BROKER_TRANSPORT_OPTIONS": {
                "data_folder_in": str(BROKER_DIR / "queue"),
                "data_folder_out": str(BROKER_DIR / "queue"),
                "processed_folder": str(BROKER_DIR / "processed"),
                "control_folder": str(BROKER_DIR / "control"),
                "store_processed": False,
            },
        }
    return {
        "CACHES": {
            "default": {
                "BACKEND": "office.cache.ResilientRedisCache",
                "LOCATION": redis_url,
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        },
        "CELERY_BROKER_URL": redis_url,
        "CELERY_BROKER_TRANSPORT_OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }


REDIS_URL = env("REDIS_URL", default="")
_redis = redis_settings(REDIS_URL)
CACHES = _redis["CACHES"]
CELERY_BROKER_URL = _redis["CELERY_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = _redis["CELERY_BROKER_TRANSPORT_OPTIONS"]
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
REMINDER_SCAN_MINUTES = env.int("REMINDER_SCAN_MINUTES", default=5)

# --- Auth and security ----------------------------------------------------------------------
AUTH_USER_MODEL = "office.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The username alone, from every address, locks only after many more failures (office.lockout).
AXES_USERNAME_FAILURE_LIMIT = env.int("AXES_USERNAME_FAILURE_LIMIT", default=50)
AXES_HANDLER = "office.lockout.LockoutHandler"
# The visitor's address behind our reverse proxy: X-Forwarded-For is believed only as far as
# these addresses (or networks, e.g. 10.0.0.0/8) wrote it. Empty: no proxy, REMOTE_ADDR is it.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
AXES_CLIENT_IP_CALLABLE = "office.lockout.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Two-factor sign-in (office.twofactor): required of these roles (and superusers), or of
# everyone; off only in the local settings, for the demo accounts.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
TWO_FACTOR_REQUIRED_FOR_ALL = env.bool("TWO_FACTOR_REQUIRED_FOR_ALL", default=False)
TWO_FACTOR_REQUIRED_ROLES = env.list(
    "TWO_FACTOR_REQUIRED_ROLES",
    default=["leader", "director", "sys_admin", "sec_admin", "audit_admin"],
)
OTP_TOTP_ISSUER = "县委办公室工作平台"
# A wrong code makes the device wait 1, 2, 4, 8 ... seconds before it checks another.
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=30 * 60)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
X_FRAME_OPTIONS = "DENY"
# Only the app's own script files run: no inline script, no event handler attribute, no eval
# (office.middleware.SecurityHeadersMiddleware). Everything is served by the app itself.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# The longest text a person may type in one field (an instruction, a report, a reason):
# forms, the API and the services all hold to it (office.texts).
TEXT_MAX_CHARS = env.int("TEXT_MAX_CHARS", default=20_000)
# The most rows one page of a list shows, on the pages and in the API (?per_page=).
LIST_MAX_PER_PAGE = env.int("LIST_MAX_PER_PAGE", default=100)
# A list's Excel export of more rows than this is written by a Celery task, the page showing
# its progress and then offering the file (office.exports); shorter lists download at once.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=5000)
# How many background exports one person may have under way at the same time.
EXPORT_RUNNING_LIMIT = env.int("EXPORT_RUNNING_LIMIT", default=3)

# --- E-mail and notifications ---------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# A mail server that never answers must not hold a worker past the retry window.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="office@localhost")
NOTIFY_WEBHOOK_URL = env("NOTIFY_WEBHOOK_URL", default="")
# Seconds to wait for the robot's answer once the message is sent, and to connect. A robot
# that answers later than this may still have received the message; the retry then waits
# out office.notifications.RETRY_BASE and carries the same Idempotency-Key.
NOTIFY_WEBHOOK_TIMEOUT = env.float("NOTIFY_WEBHOOK_TIMEOUT", default=10.0)
NOTIFY_WEBHOOK_CONNECT_TIMEOUT = env.float("NOTIFY_WEBHOOK_CONNECT_TIMEOUT", default=3.0)
# A user's own robot address must be on one of these hosts (WeCom and DingTalk robots, or the
# intranet's own gateway), so nobody can make the worker post to an arbitrary address.
NOTIFY_WEBHOOK_ALLOWED_HOSTS = env.list(
    "NOTIFY_WEBHOOK_ALLOWED_HOSTS", default=["qyapi.weixin.qq.com", "oapi.dingtalk.com"]
)
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an API client without credentials gets 401 with WWW-Authenticate.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "office.api.pagination.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "县委办公室工作平台 API",
    # What the API docs page says first, to people who read Chinese.
    "DESCRIPTION": (
        "县委办公室工作平台的接口：督查督办、会议、公文、改革、培训等各应用的数据读取与办理操作。"
        "所有接口均需登录，数据范围与页面一致（本单位、本办公室）；办理操作由各应用的业务规则校验，"
        "不符合规则时返回 400 或 403 并说明原因。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets whose field name ("status", "kind") other models use too, each under a
    # name of its own (strings, so the core imports no app).
    "ENUM_NAME_OVERRIDES": {
        "PracticeStatusEnum": "office.models.practices.PracticeStatus",
        "PilotKindEnum": "reforms.choices.PilotKind",
        "PracticeAreaEnum": "office.chapters.CHAPTERS",
        "ReformAreaEnum": "reforms.choices.ReformArea",
        "SessionKindEnum": "training.choices.SessionKind",
        "MaterialKindEnum": "training.models.MaterialKind",
        "ReformLevelEnum": "reforms.choices.Level",
        "AttendanceStatusEnum": "training.choices.Attendance",
        "SupervisionUrgencyEnum": "supervision.choices.Urgency",
        "DocumentUrgencyEnum": "documents.choices.Urgency",
    },
}

# Django's form renderer with the select, input and textarea templates written in Python.
FORM_RENDERER = "office.formrender.FastTemplates"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# django-tables2's Bootstrap 5 table with its rows written in Python (office.tablerender).
DJANGO_TABLES2_TEMPLATE = "django_tables2/office.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-hover table-sm align-middle"}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Office rules (settings, not constants: they vary by locality) --------------------------
OFFICE_SYSTEM_BANNER = _(
    "Non-classified system: processing classified information is strictly prohibited"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # Security events the audit administrator reviews (e.g. refused classified content).
        "office.audit": {"level": "INFO"},
    },
}

# django-celery-beat copies this into its table on start, where admins can see and change it.
CELERY_BEAT_SCHEDULE = {
    "scan-reminders": {"task": "office.scan_reminders", "schedule": REMINDER_SCAN_MINUTES * 60.0},
}

# --- Supervision (督查督办): time limits in working days, by source and urgency ---------------
SUPERVISION_TIME_LIMITS = {
    "instruction": {"normal": 15, "urgent": 5, "hard": 30},
    "document": {"normal": 30, "urgent": 10, "hard": 30},
    "meeting": {"normal": 20, "urgent": 10, "hard": 30},
    "higher_level": {"normal": 15, "urgent": 5, "hard": 30},
    "key_work": {"normal": 30, "urgent": 10, "hard": 60},
}
SUPERVISION_BLUE_WORKING_DAYS = env.int("SUPERVISION_BLUE_WORKING_DAYS", default=3)
# The lead unit acknowledges (签收) an assigned item within this many working days of its
# assignment; after that its liaisons are reminded every working day until it does.
SUPERVISION_ACKNOWLEDGE_WORKING_DAYS = env.int("SUPERVISION_ACKNOWLEDGE_WORKING_DAYS", default=1)
# Progress this many points behind the share of time elapsed turns an item yellow.
SUPERVISION_BEHIND_MARGIN = env.int("SUPERVISION_BEHIND_MARGIN", default=20)
# A completion this many days before its deadline is named in the circular as noteworthy.
SUPERVISION_CIRCULAR_EARLY_DAYS = env.int("SUPERVISION_CIRCULAR_EARLY_DAYS", default=5)
# Attachments of every app (reports' evidence, meeting materials, drafts): office.attachments.
# SUPERVISION_ATTACHMENT_MAX_MB is the name this setting had first; it is still read.
ATTACHMENT_MAX_MB = env.int(
    "ATTACHMENT_MAX_MB", default=env.int("SUPERVISION_ATTACHMENT_MAX_MB", default=20)
)
ATTACHMENT_EXTENSIONS = (
    ".pdf",
    ".doc",
    ".docx",
    ".wps",
    ".ofd",
    ".xls",
    ".xlsx",
    ".et",
    ".ppt",
    ".pptx",
    ".txt",
    ".jpg",
    ".jpeg",
    ".png",
    ".gif",
    ".bmp",
    ".webp",
)
