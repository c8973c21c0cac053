"""Django settings for Auyl, read from the environment (12-factor).

Development needs nothing: SQLite in ``var/``, in-process cache and queue.
Production sets ``AUYL_ENV=production`` plus ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``,
``REDIS_URL`` (cache and queue broker) and runs behind HTTPS. See docs/deployment.md.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("AUYL_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = os.environ.get("AUYL_ENV", "development") == "production"
DEBUG = env_bool("AUYL_DEBUG", default=False)


def _secret_key() -> str:
    """Production must set SECRET_KEY; development keeps a random one in var/ so sessions survive restarts."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when AUYL_ENV=production")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# Key for personal-data encryption and look-up hashes; separate from SECRET_KEY so it can be kept in a vault.
PERSONAL_DATA_KEY = os.environ.get("AUYL_PERSONAL_DATA_KEY", SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_rq",
    "django_tasks_rq",
    "auyl.core",
    "auyl.territory",
    "auyl.people",
    "auyl.budget",
    "auyl.contests",
    "auyl.assemblies",
    "auyl.initiatives",
    "auyl.appeals",
    "auyl.registries",
    "auyl.workplace",
    "auyl.insight",
    "auyl.oversight",
    "auyl.web",
    "auyl.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "auyl.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "auyl.core.middleware.DefaultLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auyl.core.middleware.ReplicaForAnonymousReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "auyl.urls"
WSGI_APPLICATION = "auyl.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "auyl.web.context_processors.site",
            ],
        },
    },
]

# Connections are kept across requests (DB_CONN_MAX_AGE seconds); the health check (one "SELECT 1" when a request
# first reuses one) replaces a connection the database dropped (restart, fail-over, pooler) instead of failing that
# request.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'auyl.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DB_SERVER_SIDE_BINDING", True):
    # Values travel apart from the SQL and a statement run twice on a connection is prepared: PostgreSQL then skips
    # parsing and planning it (a ballot: a third less database CPU). Off behind a transaction-mode pooler.
    DATABASES["default"]["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 2}
if replica := os.environ.get("DATABASE_REPLICA_URL"):
    # Public pages may read from a replica; writes and authenticated reads stay on the primary.
    DATABASES["replica"] = dj_database_url.parse(replica, conn_max_age=60, conn_health_checks=True)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["auyl.core.db.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "auyl"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work goes through django-tasks: in-process by default, Redis Queue (RQ) when AUYL_QUEUE=rq,
# processed by `auyl worker`.
# With a Redis cache the queue shares its connection pool: given a URL, django-rq opens a new connection for every
# job it enqueues.
_QUEUE_REDIS = {"USE_REDIS_CACHE": "default"} if REDIS_URL else {"URL": "redis://127.0.0.1:6379/0"}
RQ_QUEUES = {"default": {**_QUEUE_REDIS, "DEFAULT_TIMEOUT": 600}}
RQ_TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
if os.environ.get("AUYL_QUEUE", "immediate") == "rq":
    TASKS = RQ_TASKS
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = ["auyl.people.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "people:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# English is the source language of every message, so it is LANGUAGE_CODE (Django falls back to LANGUAGE_CODE for a
# message missing from a catalogue). Visitors whose browser asks for none of kk/ru/en get Kazakh: see
# auyl.core.middleware.DefaultLanguageMiddleware.
LANGUAGE_CODE = "en"
AUYL_DEFAULT_LANGUAGE = "kk"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even when serving from finders
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "auyl.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Auyl API",
    "DESCRIPTION": "Open API of Auyl, the platform for rural local self-government in Kazakhstan.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"TerritoryKindEnum": "auyl.territory.models.Kind"},
}

# Security baseline. HTTPS settings switch on in production (behind a TLS-terminating proxy).
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Log-in and one-time-code brute-force protection.
AUYL_LOGIN_MAX_FAILURES = int(os.environ.get("AUYL_LOGIN_MAX_FAILURES", "5"))
AUYL_LOCKOUT_SECONDS = int(os.environ.get("AUYL_LOCKOUT_SECONDS", str(15 * 60)))
# One-time codes go through a pluggable sender; development prints them to the console.
AUYL_CODE_SENDER = os.environ.get("AUYL_CODE_SENDER", "auyl.people.senders.ConsoleSender")
AUYL_SHARED_DIR = Path(os.environ.get("AUYL_SHARED_DIR", PACKAGE_DIR.parent.parent / "shared"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "auyl.core.logging.PersonalDataFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"], "formatter": "plain"}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# registries
# Each state registry is read through a file exported into AUYL_REGISTRY_DIR (<source>.csv or <source>.json) or,
# when AUYL_REGISTRY_<SOURCE>_URL is set, through its web service with these time-out, retry and breaker limits.
AUYL_REGISTRY_DIR = Path(os.environ.get("AUYL_REGISTRY_DIR", DATA_DIR / "registries"))
AUYL_REGISTRY_HTTP = {
    "timeout": float(os.environ.get("AUYL_REGISTRY_TIMEOUT", "5")),
    "retries": int(os.environ.get("AUYL_REGISTRY_RETRIES", "2")),
    "backoff": float(os.environ.get("AUYL_REGISTRY_BACKOFF", "0.5")),
    "breaker_failures": int(os.environ.get("AUYL_REGISTRY_BREAKER_FAILURES", "3")),
    "breaker_reset": float(os.environ.get("AUYL_REGISTRY_BREAKER_RESET", "300")),
}
AUYL_REGISTRIES = {
    source: {"url": os.environ.get(f"AUYL_REGISTRY_{source.upper()}_URL", "")}
    for source in ("population", "legal_entities", "taxpayers", "land_plots", "real_estate", "vehicles")
}

# --- initiatives --------------------------------------------------------------------------------------------
# Name the initiative enums in the OpenAPI document (their field names "kind" and "status" recur elsewhere).
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {
    **SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}),
    "InitiativeKindEnum": "auyl.initiatives.models.Kind",
    "InitiativeStatusEnum": "auyl.initiatives.models.Status",
    "QuestionKindEnum": "auyl.initiatives.models.QuestionKind",
}
# Rate limits on drafting, signing, reporting and answering polls: {scope: (actions, per seconds)}; see
# auyl/initiatives/limits.py for the defaults.
AUYL_INITIATIVE_LIMITS: dict[str, tuple[int, int]] = {}

# --- insight ------------------------------------------------------------------------------------------------
# Optional abstractive summaries of themes through an OpenAI-compatible chat API the operator runs (off by
# default; only masked text is sent, see auyl/text/llm.py). The helper works fully without it.
AUYL_INSIGHT_LLM_SUMMARIES = env_bool("AUYL_LLM_ENABLED", default=False)
AUYL_INSIGHT_LLM = {
    "enabled": AUYL_INSIGHT_LLM_SUMMARIES,
    "base_url": os.environ.get("AUYL_LLM_URL", ""),
    "model": os.environ.get("AUYL_LLM_MODEL", "local"),
    "api_key": os.environ.get("AUYL_LLM_KEY", ""),
    "timeout": float(os.environ.get("AUYL_LLM_TIMEOUT", "20")),
}
