# Production image: one image runs web (gunicorn), worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=office.settings.production \
    DJANGO_MEDIA_ROOT=/data/media

# gettext provides msgfmt for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

# Dependencies first, so a code change does not reinstall them. Every package is pinned with
# hashes in requirements/base.txt, which lists the full tree: nothing unpinned sneaks in.
RUN python -m venv $VIRTUAL_ENV
COPY requirements/base.txt /tmp/requirements-base.txt
RUN pip install --require-hashes --no-deps -r /tmp/requirements-base.txt \
    && rm /tmp/requirements-base.txt

WORKDIR /app
COPY . .

# Build-time values only: production settings refuse to load without them, and neither
# command touches the database or Redis. They are not kept in the image.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only \
    DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    REDIS_URL=redis://localhost:6379/0 \
    sh -c "python manage.py compilemessages -v 0 && python manage.py collectstatic --no-input -v 0" \
    && rm -f /tmp/build.sqlite3

# Run as an unprivileged user. The media folder is created here so a new named volume mounted
# on it starts out owned by that user.
RUN groupadd --system --gid 1000 office \
    && useradd --system --uid 1000 --gid office --home-dir /app --no-create-home office \
    && mkdir -p $DJANGO_MEDIA_ROOT /app/var \
    && chown -R office:office $DJANGO_MEDIA_ROOT /app/var
USER office

EXPOSE 8000
CMD ["gunicorn", "office.wsgi:application", "-b", "0.0.0.0:8000", "--workers", "3"]
