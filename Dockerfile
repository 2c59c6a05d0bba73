# The MOSOVO web app, Celery worker and Celery beat all run from this one image;
# docker-compose.yml picks the command for each.

# Front-end assets (GOV.UK and MOJ Frontend, compiled Sass): npm ci, then npm run build, as ./dev
# does. The packages install in a layer of their own, rebuilt only when package*.json change.
FROM node:20-bookworm AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY static/build.mjs static/build.mjs
COPY static/src static/src
RUN npm run build

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=mosovo.settings \
    # Run the source tree in /app (templates/ and staticfiles/ sit beside the packages).
    PYTHONPATH=/app

WORKDIR /app
# The dependencies first, every one pinned and checked against its hash (requirements/runtime.txt,
# written by ./dev lock): a layer that a change to the code leaves alone.
COPY requirements/runtime.txt requirements/runtime.txt
RUN pip install --require-hashes -r requirements/runtime.txt
# Then the code, and the project itself with nothing more.
COPY . .
COPY --from=assets /app/static/build static/build
RUN pip install --no-deps .

# collectstatic reads settings, which insist on a database URL and a secret key;
# it connects to neither, so placeholders do for the build.
RUN DATABASE_URL=postgresql://build@localhost/build SECRET_KEY=collectstatic-only \
    python manage.py collectstatic --noinput

RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin mosovo
USER mosovo

EXPOSE 8000
CMD ["gunicorn", "mosovo.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
