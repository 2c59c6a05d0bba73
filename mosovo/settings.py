"""One settings module, driven by the environment (12-factor); fails loudly on bad values."""

import datetime
import importlib.util
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def database_from_url(url: str) -> dict:
    """postgres://user:password@host:port/name  (host may be a %-encoded socket directory,
    or given as ?host=/path/to/socket)."""
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgres:// URL, not {url!r}")
    query = parse_qs(parsed.query)
    host = query.get("host", [unquote(parsed.hostname or "")])[0]
    name = unquote(parsed.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parsed.username or "postgres"),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(query.get("port", [parsed.port or ""])[0]),
        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
        # Short queries throughout: JIT compilation costs more than it saves (20-80 ms a
        # dashboard count at national scale, measured by `manage.py benchmark`).
        "OPTIONS": {"options": "-c jit=off"},
    }


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h.strip()
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. Use ./dev demo or ./dev test, which start an embedded "
        "PostgreSQL when it is absent."
    )
DATABASES = {"default": database_from_url(DATABASE_URL)}
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
# A cache shared by every web process (the API's rate limits count across them): CACHE_URL
# names a Redis database; without it each process keeps its own (development and tests).
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL and not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"CACHE_URL must be a redis:// URL, not {CACHE_URL!r}")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # API keys for integrations (stored as digests: kit/api_defaults.py, manage.py api_token).
    "rest_framework.authtoken",
    # The OpenAPI schema at /api/schema/ and Swagger UI at /api/docs/, served from our own static files.
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_celery_beat",
    # Two-factor sign-in (TOTP), lockout after repeated failures, Content-Security-Policy.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    # Field-level change history of every case record, kept by PostgreSQL triggers.
    "pgtrigger",
    "pghistory",
    "kit",
    "workforce",
    "offenders",
    "visits",
    "risk",
    "outstanding",
    "casework",
    "dashboards",
]
# Development tooling (demo data, demo logins, the benchmark): in a checkout, not in the image.
if importlib.util.find_spec("demo") is not None:
    INSTALLED_APPS.append("demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): has this session given a two-factor code?
    "django_otp.middleware.OTPMiddleware",
    # The request's path and address for the s62 log written by services and views.
    "offenders.audit.AuditContextMiddleware",
    # Who changed a tracked row and from which page, attached to its history event.
    "pghistory.middleware.HistoryMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages: an expired session ends with a message on the sign-in page.
    "kit.middleware.SessionPolicyMiddleware",
    "kit.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, so it sees the lockout flag set while the view ran (as django-axes asks).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mosovo.urls"
WSGI_APPLICATION = "mosovo.wsgi.application"
AUTH_USER_MODEL = "workforce.Staff"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Permissions by role (workforce/permissions.py), e.g. who may see an access log.
    "workforce.permissions.RolePermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

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
                "workforce.context_processors.navigation",
            ],
            # {% load govuk %} in the GOV.UK form includes (mosovo is not an installed app).
            "libraries": {"govuk": "kit.templatetags.govuk"},
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Built by `npm run build` (./dev runs it) from static/src/ and the npm packages; git-ignored. Listed
# even before the first build: a missing folder is skipped and only warned about.
STATICFILES_DIRS = [BASE_DIR / "static" / "build"]
# In development and tests, serve assets straight from static/build (no collectstatic needed).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --------------------------------------------------------------------------- sign-in and sessions
# OWASP ASVS level 2. A password, then a TOTP code from an authenticator app for everyone
# (kit/signin.py); kit/middleware.py keeps unverified sessions to the sign-in steps and
# ends idle or old sessions.
OTP_TOTP_ISSUER = "MOSOVO caseload"
# Admins reset a lost authenticator by deleting the device; they never see anyone's secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lockout (django-axes). Failures count per username and per username from one address: the
# username count stops guessing one account's password or codes from many addresses. A
# nonexistent username locks the same way, so a lockout says nothing about who has an account.
# Wrong two-factor codes count too. An address alone is throttled only at the much higher
# ADDRESS_FAILURE_LIMIT (kit.signin): a whole station signs in from one address behind its
# proxy, and one officer's typing must not lock out their colleagues; one client trying
# passwords across many accounts still is stopped. Behind a proxy TRUSTED_PROXY_COUNT must be
# right, or every station shares the proxy's address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
ADDRESS_FAILURE_LIMIT = env_int("ADDRESS_FAILURE_LIMIT", 50, minimum=1)
# Wrong API keys from one address within API_TOKEN_FAILURE_MINUTES: more are refused (429)
# before any key is looked up (kit.api_defaults).
API_TOKEN_FAILURE_LIMIT = env_int("API_TOKEN_FAILURE_LIMIT", 20, minimum=1)
API_TOKEN_FAILURE_MINUTES = env_int("API_TOKEN_FAILURE_MINUTES", 10, minimum=1)
# A right password must not wipe the count of wrong codes; kit.signin clears a username's
# failures only once the code is right too.
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "kit.signin.locked_out"
AXES_CLIENT_IP_CALLABLE = "kit.network.client_ip"
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# No "AXES: BEGIN version ..." line from every process at start-up (the web server, each worker,
# each management command); lockouts are logged all the same.
AXES_VERBOSE = False
# Reverse proxies in front of the app, each appending the address it was connected from to
# X-Forwarded-For. 0: the header is ignored and the client is the connecting address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# A session ends SESSION_IDLE_MINUTES after its last request, SESSION_ABSOLUTE_HOURS after
# sign-in (kit.middleware.SessionPolicyMiddleware), or when the browser closes.
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)
SESSION_ABSOLUTE_HOURS = env_int("SESSION_ABSOLUTE_HOURS", 10, minimum=1)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Pages carry the CSRF token (in forms; htmx sends it from the page as X-CSRFToken), so no
# script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if SESSION_COOKIE_SECURE:
    # "__Host-": browsers keep the cookie only if it is Secure, has no Domain and has path /.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# --------------------------------------------------------------------------- HTTP security headers
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets X-Forwarded-Proto itself, replacing any the client sent.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if not SECURE_HSTS_PRELOAD:
    # check --deploy asks for preload (security.W021). Preloading commits the whole registrable
    # domain to HTTPS in every browser: the domain owner's decision, not this service's. They
    # opt in with SECURE_HSTS_PRELOAD=true, and the check is no longer silenced.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts and styles only from our own files: no inline <script>, style attributes or event
# handlers (GOV.UK Frontend starts from static/src/application.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],  # the enrolment page's QR code is an SVG data: URL
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # An integration's token first, so a call with neither answers 401 (with WWW-Authenticate);
    # a browser session counts only once it has given its two-factor code.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kit.api_defaults.HashedTokenAuthentication",
        "kit.api_defaults.TwoFactorSessionAuthentication",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "kit.api_defaults.Pagination",
    "PAGE_SIZE": 50,
    # JSON in and out only: no browsable API (its pages need inline scripts the CSP refuses)
    # and no form posts.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "kit.api_errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "kit.api.ApiSchema",
    # Per user (token or session): enough for an integration paging through a force's
    # caseload, not for scraping it (per process: the default cache is local memory).
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": "120/minute"},
}
# An integration's API key stops working this many days after it was issued (kit.api_defaults):
# rotate it with `manage.py api_token`.
API_TOKEN_MAX_AGE_DAYS = env_int("API_TOKEN_MAX_AGE_DAYS", 90, minimum=1)

SPECTACULAR_SETTINGS = {
    "TITLE": "MOSOVO caseload API",
    "VERSION": "1",
    "SCHEMA_PATH_PREFIX": r"/api/v1/",
    # Request bodies as their own components: what a client may send, apart from what it reads.
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and docs are for signed-in callers, like everything else under /api/.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # One name per choice set shared by several fields (several models have a `status`).
    "ENUM_NAME_OVERRIDES": {
        "OffenderStatusEnum": "rules.choices.OffenderStatus",
        "WorkflowStatusEnum": "rules.choices.WorkflowStatus",
        "RiskLevelEnum": "rules.choices.RiskLevel",
        "ManagementModeEnum": "rules.choices.ManagementMode",
        "LifeEventKindEnum": "rules.life_course.EventKind",
        "RecordableLifeEventKindEnum": "rules.life_course.RECORDABLE_KIND_CHOICES",
        "IntelligenceResultEnum": "offenders.models.IntelligenceResult",
        "ConditionCheckResultEnum": "offenders.models.ConditionCheckResult",
        "OutcomeKindEnum": "offenders.models.OutcomeKind",
        "NotificationKindEnum": "rules.registration.NotificationKind",
        "NotificationChangeKindEnum": "rules.registration.ChangeKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kit.api.describe_api",
    ],
}

# After a write, recompute the offender's outstanding work in the request ("inline", so the
# page the user lands on is current) or leave it to the Celery worker ("worker").
RECOMPUTE_AFTER_COMMIT = os.environ.get("RECOMPUTE_AFTER_COMMIT", "inline")
if RECOMPUTE_AFTER_COMMIT not in {"inline", "worker"}:
    raise ImproperlyConfigured("RECOMPUTE_AFTER_COMMIT must be inline or worker")

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Publishing after a write must not hang the request when the broker is down (the outbox keeps it).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    # Catch time passing and anything the per-write trigger missed, then snapshot every metric.
    "recompute-all-nightly": {
        "task": "dashboards.tasks.nightly",
        "schedule": crontab(hour=2, minute=0),
    },
    # Each supervisor's digest: reviews nearing the one-month mark, unauthorised visits.
    "supervisor-digests-daily": {
        "task": "casework.tasks.send_supervisor_digests",
        "schedule": crontab(hour=7, minute=0),
    },
    # Chain each new s62 log entry into the log's hash chain (offenders.audit_chain).
    "seal-audit-log": {"task": "offenders.tasks.seal_audit_log", "schedule": 60.0},
    # Drain the change outbox even if a publish after a write was lost.
    "process-offender-changes": {"task": "outstanding.tasks.process_offender_changes", "schedule": 300.0},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "mosovo-caseload@localhost")
# Where the service is reached, for links in emails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals_in_one_line": {"()": "kit.log_filters.RefusalsInOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (debug only) would print each django.* line a second time
        # beside the root's; everything reaches the root's console once. (No ADMINS, so its
        # mail_admins handler sent nothing.)
        "django": {"handlers": []},
        # An expected 403 or 404 is one line, not a traceback; a 500 keeps its traceback.
        "django.request": {"filters": ["refusals_in_one_line"]},
    },
}
