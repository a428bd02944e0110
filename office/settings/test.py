"""The test suite: `make test`. Uses DATABASE_URL / REDIS_URL when set (CI: PostgreSQL)."""

import os
import uuid

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = False
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
LANGUAGE_CODE = "zh-hans"

# A record type used only by the tests of the core's shared mechanisms.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
ROOT_URLCONF = "tests.urls"
# The suite runs with two-factor sign-in required, as production does; force_login in the
# tests stands for a completed sign-in, both factors included (tests/conftest.py).
TWO_FACTOR_REQUIRED = True
TWO_FACTOR_REQUIRED_FOR_ALL = False

# Each test process keeps its own keys in a shared Redis: xdist workers (each with its own
# database, whose ids repeat) and successive runs never read each other's cached values.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}-{uuid.uuid4().hex[:8]}"  # noqa: F405
