"""expomatch settings, read from the environment with safe embedded defaults.

Nothing set: SQLite file beside the project, in-memory channel layer, DEBUG on, console e-mail.
Production: set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL.
See README.md ("Configuration") for every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from expomatch.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "django-insecure-expomatch-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # daphne first so that `runserver` serves ASGI (HTTP and WebSockets).
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "expomatch",
    "matchmaking",
    "meetings",
    "api",
    "frontend",
]

MIDDLEWARE = [
    # First: request id, access log line and request metrics cover everything below (static files included).
    "expomatch.middleware.request_context_middleware",
    "django.middleware.security.SecurityMiddleware",
    "expomatch.middleware.security_headers_middleware",
    "expomatch.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "frontend.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if not DEBUG:
    # Production serves collected static files from the ASGI process itself (no separate file server needed).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )

ROOT_URLCONF = "expomatch.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "expomatch.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "frontend.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# DATABASE_URL selects PostgreSQL (postgres://user@host:5432/name); the default is a SQLite file.
_SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{_SQLITE_PATH}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes; a busy timeout, not "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file (not in-memory) so live-server tests' child processes share it; one per test process (the name
    # is put in the environment, which child processes inherit) so parallel runs never share a file.
    os.environ.setdefault("EXPOMATCH_TEST_DB", str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3"))
    DATABASES["default"]["TEST"] = {"NAME": os.environ["EXPOMATCH_TEST_DB"]}
else:
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_expomatch")}
    # DB_POOL_MAX_SIZE=N: a psycopg connection pool of at most N connections per process (`make serve` sets it).
    # Under ASGI every concurrent request would otherwise open its own connection, and a burst of users runs
    # PostgreSQL out of connections ("too many clients"); with the pool, requests wait for a free one instead.
    if int(os.environ.get("DB_POOL_MAX_SIZE", "0")) > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections; Django must not
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": int(os.environ.get("DB_POOL_MIN_SIZE", "2")),
            "max_size": int(os.environ["DB_POOL_MAX_SIZE"]),
            "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "20")),
        }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "matchmaking.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation -------------------------------------------------------------------------------
# The database stores UTC; each Event has its own time zone, activated for display by the portal.
USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("uz", _("Uzbek")),
]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]

# --- Static files ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Cache ----------------------------------------------------------------------------------------------
# CACHE_URL (redis://…) shares the cache between processes and machines — the log-in failure counter needs that as
# soon as more than one process serves; `make serve` sets it to REDIS_URL. Default: per-process memory.
CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL:
    CACHES = {
        "default": {
            # Django's Redis cache, except that an unreachable Redis reads as a miss instead of a 500 (its
            # contents are disposable: throttle and log-in counters, cached sessions); expomatch/cache.py.
            "BACKEND": "expomatch.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "expomatch"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Sessions read from the cache (written through to the database): one query less on every request.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Channels -------------------------------------------------------------------------------------------
# REDIS_URL switches to the Redis layer, needed as soon as more than one ASGI process serves WebSockets.
# The pub/sub layer: pushes are best effort by design (pages catch up from the change log), and channels_redis'
# list-based core layer dropped a few messages per thousand in bench/live.py, the pub/sub layer none.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": os.environ.get("CHANNELS_PREFIX", "expomatch")},
        }
    }
else:
    # channels' in-memory layer, sweeping expired messages once a second instead of on every send (meetings/layers.py)
    CHANNEL_LAYERS = {"default": {"BACKEND": "meetings.layers.SweepingInMemoryChannelLayer"}}

# --- Background tasks (Django Tasks API, backport `django-tasks`, database backend) ------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "scheduler"],
    }
}

# --- REST framework -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Sessions for the portal; tokens ("Authorization: Token …", created in the admin) for integrations.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/min"),
        "user": os.environ.get("API_THROTTLE_USER", "600/min"),
    },
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "expomatch API",
    "DESCRIPTION": "Exhibitor matchmaking and B2B meeting scheduling.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- E-mail ---------------------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "expomatch <noreply@expomatch.example>")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
# A mail server that hangs fails the attempt after this many seconds; the notification is retried later.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
# The portal's public address, for links in e-mails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

# --- Security -------------------------------------------------------------------------------------------
# Uploads (participant imports) are bounded; larger files are refused with a clear error.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# PLAIN_HTTP=1: a local trial of the production settings on http://127.0.0.1 with no TLS anywhere (`make serve
# PLAIN_HTTP=1`): cookies lose the Secure flag (browsers would not send them back over http, so login would fail),
# no redirect to https, no HSTS. Never with a public address; production runs behind a TLS-terminating proxy.
PLAIN_HTTP = env_bool("PLAIN_HTTP", False)
if not DEBUG and not PLAIN_HTTP:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Probes and the metrics scraper talk to the app directly over http, not through the TLS proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Content security policy (django-csp; Django 5.2 has none of its own). The portal has no inline scripts,
# handlers or style attributes; the admin and the API docs page get a narrow per-view relaxation
# (expomatch/middleware.py). CSP_REPORT_ONLY=1 sends it as Content-Security-Policy-Report-Only instead.
_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
else:
    CONTENT_SECURITY_POLICY = _CSP

# --- Observability --------------------------------------------------------------------------------------
# /metrics (Prometheus): with METRICS_TOKEN set, only "Authorization: Bearer <token>"; without, loopback only.
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
# Routes whose requests get metrics but no access-log line (probes and scrapes every few seconds).
ACCESS_LOG_QUIET_ROUTES = {"/healthz", "/readyz", "/metrics"}

# One JSON object per line with the request id (LOG_FORMAT=json, the default without DEBUG), or plain text.
LOGGING = logging_config(
    json_lines=os.environ.get("LOG_FORMAT", "plain" if DEBUG else "json") == "json",
    level=os.environ.get("LOG_LEVEL", "INFO"),
)
