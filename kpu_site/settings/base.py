"""Settings shared by every environment; deployment values come from the environment.

`development.py` and `production.py` build on this module. `.env.example` lists
every variable read here.
"""

import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_cache, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])

# The office this site belongs to: printed in the header, titles and feeds.
OFFICE_NAME = env_str("OFFICE_NAME", "KPU Kabupaten Trenggalek")
OFFICE_REGION = env_str("OFFICE_REGION", "Kabupaten Trenggalek, Jawa Timur")

# Its contacts and social accounts, shown until an administrator saves the site
# settings (office/site.py); empty ones are left out of the pages.
OFFICE_ADDRESS = env_str("OFFICE_ADDRESS")
OFFICE_PHONE = env_str("OFFICE_PHONE")
OFFICE_WHATSAPP = env_str("OFFICE_WHATSAPP")
OFFICE_EMAIL = env_str("OFFICE_EMAIL")
OFFICE_HOURS = env_str("OFFICE_HOURS", "Senin–Jumat, 08.00–16.00 WIB")
OFFICE_MAP_URL = env_str("OFFICE_MAP_URL")
OFFICE_INSTAGRAM = env_str("OFFICE_INSTAGRAM")
OFFICE_FACEBOOK = env_str("OFFICE_FACEBOOK")
OFFICE_X = env_str("OFFICE_X")
OFFICE_YOUTUBE = env_str("OFFICE_YOUTUBE")
OFFICE_TIKTOK = env_str("OFFICE_TIKTOK")

# The site's public address, scheme and host only. Canonical links, feed and sitemap
# URLs and feed item ids are built on it rather than on each request's Host, so a
# site reached under two names (www. and bare, an old domain) is still one site to
# search engines and feed readers. Default: https:// and the first ALLOWED_HOSTS
# name; empty (development, tests) means the request's own host.
SITE_URL = env_str("SITE_URL").rstrip("/") or next(
    (f"https://{host.lstrip('.')}" for host in ALLOWED_HOSTS if host != "*"), ""
)
if SITE_URL and not re.fullmatch(r"https?://[^/?#\s]+", SITE_URL):
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} must be a scheme and host only, such as https://kpu.example.go.id"
    )

INSTALLED_APPS = [
    # django.contrib.admin with our AdminSite (kpu_site/admin_site.py).
    "kpu_site.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "taggit",
    "django_ckeditor_5",
    "kpu_site.apps.AxesConfig",  # django-axes, under an Indonesian heading
    "sorl.thumbnail",
    "reversion",
    "accounts",
    "publishing",
    "corrections",
    "news",
    "office",
    "pages",
    "media_library",
    "videos",
    "autosave",
    "documents",
    "announcements",
    "search",
]

# No LocaleMiddleware: the site has one language, and negotiating it would add
# `Vary: Accept-Language` and a language cookie to pages meant to be cached.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers on every response (see "Security headers" below).
    "kpu_site.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Readers' cached pages, answered here: below the security headers, above
    # everything a reader's request without a session only passes through.
    "publishing.page_cache.PageCacheHitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Database down: the friendly 503 page. Exception hooks run bottom-up, so
    # this low it sees the error first; its page still passes out through every
    # middleware above (security headers, CSP).
    "kpu_site.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kpu_site.urls"
WSGI_APPLICATION = "kpu_site.wsgi.application"

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
                "kpu_site.context_processors.office",
                "kpu_site.context_processors.navigation",
            ],
        },
    },
]

# PostgreSQL only. `make run` / `make test` export DATABASE_URL after finding a
# server (see scripts/dev_database.py); the default suits a local trust-auth server.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kpu_site"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
# An unreachable database host must fail a request quickly (the 503 page), not
# hold a worker until gunicorn's timeout kills it.
DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
    "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
)
# No JIT compilation: a page's statements run in a millisecond, and PostgreSQL
# compiles one whose estimate passes jit_above_cost in 10 ms or more (seen on
# the news feed at 100,000 articles, bench/RESULTS.md). Added to any options
# DATABASE_URL gives.
DATABASES["default"]["OPTIONS"]["options"] = " ".join(
    filter(None, [DATABASES["default"]["OPTIONS"].get("options"), "-c jit=off"])
)
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://…)")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccountBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia")]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates as the public site writes them, in the admin too (kpu_site/formats/id/).
FORMAT_MODULE_PATH = ["kpu_site.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Public-information documents (documents/): outside MEDIA_ROOT, so no web server
# serves them by path; only documents/views.py does, after asking whether the
# document is public, with headers that keep a PDF's scripts out of our origin.
DOCUMENTS_ROOT = Path(env_str("DOCUMENTS_ROOT", str(BASE_DIR / "var" / "documents")))
# The largest document file an editor may upload, and a PDF's most pages
# (documents/forms.py): a scanned decree of a few hundred pages fits.
DOCUMENT_MAX_UPLOAD_BYTES = env_int("DOCUMENT_MAX_UPLOAD_BYTES", 30 * 1024 * 1024)
DOCUMENT_MAX_PAGES = env_int("DOCUMENT_MAX_PAGES", 500)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CACHES = {"default": env_cache("CACHE_URL")}
CACHE_IS_SHARED = CACHES["default"]["BACKEND"].endswith("RedisCache")

# Whole public pages for anonymous readers (publishing/page_cache.py): how long a
# page is kept (0: never). Edits start a new generation at once in a shared cache;
# a local-memory cache is one per process, where another worker cannot hear of an
# edit, so there everything lives seconds.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600 if CACHE_IS_SHARED else 5)
# The longest a generation lasts, and with it everything kept under it (pages,
# cards, the menu): the longest a write that sends no signal (update(), raw SQL,
# a data migration) stays unseen.
PAGE_CACHE_GENERATION_SECONDS = env_int(
    "PAGE_CACHE_GENERATION_SECONDS", 600 if CACHE_IS_SHARED else 5
)
# How often a worker asks the shared cache whether another worker's edit started
# a new generation: the longest an edit in one worker takes to show in another.
PAGE_CACHE_GENERATION_CHECK_SECONDS = 1
# Public pages one client address may have drawn afresh (not from the cache) per
# minute; staff are exempt. Readers share cached pages and stay far below it,
# searches and made-up session cookies included (publishing/page_cache.may_render).
PUBLIC_RENDER_RATE_LIMIT = env_str("PUBLIC_RENDER_RATE_LIMIT", "240/m")

# The task queue (kpu_site/celery.py): Celery workers fed through Redis. A task is
# acknowledged only once it has run, so a worker that dies mid-task (killed by the
# time limit, out of memory) leaves it to be delivered again; the rows a task works
# on keep their own status for the admin ("menunggu", "diproses", "selesai", "gagal").
CELERY_BROKER_URL = env_str("TASK_BROKER_URL", "redis://127.0.0.1:6379/2")
CELERY_TASK_DEFAULT_QUEUE = env_str("TASK_QUEUE", "kpu_site")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# No task may run away with a worker: OCR of a long scan is the slowest honest task.
# A scan of DOCUMENT_MAX_PAGES pages at some 2 s a page (make bench-ocr) needs ~17 min.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("TASK_SOFT_TIME_LIMIT_SECONDS", 1800)
CELERY_TASK_TIME_LIMIT = CELERY_TASK_SOFT_TIME_LIMIT + 30
CELERY_WORKER_MAX_MEMORY_PER_CHILD = 512 * 1024  # KiB
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message not acknowledged within this time is delivered again (Redis transport).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 60}
# OCR of scanned pages (documents/reading.py): Debian's tesseract-ocr with its
# Indonesian model (tesseract-ocr-ind), run once per page, killed past the timeout.
DOCUMENT_OCR_COMMAND = env_str("DOCUMENT_OCR_COMMAND", "tesseract")
DOCUMENT_OCR_PAGE_TIMEOUT_SECONDS = env_int("DOCUMENT_OCR_PAGE_TIMEOUT_SECONDS", 60)


# Uploaded images: cover photos and pictures inside article bodies.
IMAGE_UPLOAD_MAX_BYTES = env_int("IMAGE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Larger pictures are refused before decoding: a small file can claim
# billions of pixels (a decompression bomb), and a worker checking one holds
# about four bytes a pixel. 25 million: a 24-megapixel camera's 6000 × 4000.
IMAGE_UPLOAD_MAX_PIXELS = env_int("IMAGE_UPLOAD_MAX_PIXELS", 25_000_000)
# Django reads file uploads above this size into a temporary file, not memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Form fields other than files, in memory; news/uploads.py counts on this cap.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A request too large for one allowed picture has its files dropped unread, so
# the form answers "too large" without 50 MB in memory or on disk (news/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "news.uploads.MaxSizeUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Cover renditions are made with sorl-thumbnail when a cover is saved
# (news/renditions.py); its key-value store keeps them in the cache and database.
THUMBNAIL_KVSTORE = "sorl.thumbnail.kvstores.cached_db_kvstore.KVStore"
THUMBNAIL_PRESERVE_FORMAT = False
THUMBNAIL_DEBUG = False

# View counter: one count per reader per article within this window.
VIEW_COUNT_WINDOW_SECONDS = env_int("VIEW_COUNT_WINDOW_SECONDS", 30 * 60)
# Beacons one client address may send (django-ratelimit rate); generous, as many
# phone readers share one carrier address (CGNAT).
VIEW_COUNT_RATE_LIMIT = env_str("VIEW_COUNT_RATE_LIMIT", "120/m")
# Views one client address can add to one article per hour, whatever browser it
# claims to be (news/counter.py says how this balances inflation against CGNAT).
VIEW_COUNT_PER_ADDRESS_PER_HOUR = env_int("VIEW_COUNT_PER_ADDRESS_PER_HOUR", 30)
# Whether a counted view waits for the WAL flush (see news/counter.record_view).
VIEW_COUNT_SYNCHRONOUS_COMMIT = env_bool("VIEW_COUNT_SYNCHRONOUS_COMMIT", False)

LOGIN_URL = "admin:login"
# Where a login lands when its next= is missing or refused (off-site).
LOGIN_REDIRECT_URL = "admin:index"

# Tags (django-taggit): "Pilkada 2024" and "pilkada 2024" are one tag (the
# database holds it to that too, news migration 0011), and the tag field is read
# as readers type it: commas separate tags, spaces belong to them (news/tags.py).
TAGGIT_CASE_INSENSITIVE = True
TAGGIT_TAGS_FROM_STRING = "news.tags.tags_from_string"
TAGGIT_STRING_FROM_TAGS = "news.tags.string_from_tags"

# Staff sessions end after this many seconds without a request (saved on every
# request, so the clock restarts with each one). Public pages have no session.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_TIMEOUT_SECONDS", 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failures for one
# username from one address, that pair is locked for the cool-off time. Locking
# by username alone would let anyone lock staff out on election day.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"

# CKEditor 5 (django-ckeditor-5): the uploads go to our own view, which checks
# the user, limits the size and re-encodes the picture (ArticleAdmin.upload_image_view).
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "admin:news_article_upload_image"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "png", "gif", "webp"]
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "id",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "insertImage",
                "insertTable",
                "mediaEmbed",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraf", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Subjudul",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Subjudul kecil",
                    "class": "ck-heading_heading3",
                },
            ]
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:inline",
                "imageStyle:block",
            ],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "link": {"defaultProtocol": "https://"},
        # YouTube links only (pasted, or through the toolbar button), kept as
        # <oembed url> with no preview: the admin loads nothing from YouTube, and
        # the sanitiser (videos/youtube.py) decides what is kept. A "/…/" string
        # is read as a regular expression by django_ckeditor_5's app.js (one
        # string: it would join a list into one); the editor tries it on the link
        # with and without "https://" and "www.".
        "mediaEmbed": {
            "previewsInData": False,
            "providers": [
                {
                    "name": "youtube",
                    "url": (
                        r"/^(?:(?:m\.)?youtube\.com\/(?:watch\?(?:[^#]*&)?v=|(?:shorts|live|embed|v)\/)"
                        r"|youtu\.be\/|youtube-nocookie\.com\/embed\/)[\w-]{11}/"
                    ),
                }
            ],
        },
    }
}

# YouTube videos in bodies (videos/): the thumbnail and title our server fetches
# once per video when an item embedding it is saved. URLs are settings so that
# tests can point them at a local server.
VIDEO_THUMBNAIL_URL = "https://i.ytimg.com/vi/{id}/hqdefault.jpg"
VIDEO_OEMBED_URL = "https://www.youtube.com/oembed?format=json&url={url}"
# Per request (connect, and the whole body), and for all the videos of one save.
VIDEO_FETCH_TIMEOUT_SECONDS = 4
VIDEO_FETCH_BUDGET_SECONDS = 10
# hqdefault.jpg is about 30 KB.
VIDEO_THUMBNAIL_MAX_BYTES = 1024 * 1024
# A failed fetch is tried again on a save this long after it.
VIDEO_FETCH_RETRY_SECONDS = 15 * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# `make bench` (bench/): a trivial /bench/hello/ view, the baseline its figures
# are divided by. Off everywhere else.
BENCH_ENDPOINTS = env_bool("BENCH_ENDPOINTS", False)

# --- Security headers --------------------------------------------------------
# Sent on every response, development and tests included, so what is tested is
# what runs; production.py adds HTTPS-only settings (HSTS, secure cookies).

# The newsroom's address. Moving it off /admin/ keeps scripted login attempts
# (which axes throttles anyway) out of the logs; it is not a secret.
ADMIN_URL = env_str("ADMIN_URL", "admin/")
if not re.fullmatch(r"[\w.~-]+(/[\w.~-]+)*/", ADMIN_URL):
    raise ImproperlyConfigured(
        f"ADMIN_URL={ADMIN_URL!r} must be a relative path ending in a slash, such as redaksi/"
    )

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# Pages opened from ours (shared links) get no handle on our window.
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Clickjacking: no page of ours may be framed (with CSP frame-ancestors below,
# for browsers that read only one of the two).
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Readable by script on purpose: CKEditor 5's upload adapter sends it as
# X-CSRFToken (django_ckeditor_5's bundle reads document.cookie). An HttpOnly
# CSRF cookie would protect nothing: the token is in every admin form too.
CSRF_COOKIE_HTTPONLY = False

# The site uses none of these browser features; a script injected despite the
# CSP cannot use them either (django-permissions-policy).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture",
        "geolocation", "gyroscope", "hid", "magnetometer", "microphone",
        "midi", "payment", "publickey-credentials-get", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip
# Except for the video player a reader starts (videos/): it plays at once
# (autoplay, as the press of play was the reader's) and may play protected
# streams. A frame gets a feature only if the page itself has it, hence "self".
PERMISSIONS_POLICY |= {
    feature: ["self", "https://www.youtube-nocookie.com"]
    for feature in ("autoplay", "encrypted-media")
}

# Content-Security-Policy (django-csp 4). Public pages: no inline script or
# style at all, and no nonce either, because whole pages are cached
# (publishing/page_cache.py) and a cached nonce would be replayed to every reader.
# The article page's JSON-LD is a data block, which script-src does not govern.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF],
        "style-src": [csp.SELF],
        # Covers and pictures are served from MEDIA_URL on this host; an object
        # storage on another host must be added here.
        "img-src": [csp.SELF, "data:"],
        "object-src": [csp.NONE],
        "base-uri": [csp.NONE],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
        # YouTube's player, loaded when a reader presses play (videos/embeds.py).
        "frame-src": ["https://www.youtube-nocookie.com"],
    }
}
# The admin (everything under ADMIN_URL, see kpu_site/csp.py) loosens what
# CKEditor 5 needs, and nothing else (tests/e2e/test_csp.py drives it):
# - style-src-attr 'unsafe-inline': the editor writes style="…" attributes from
#   script (balloon and toolbar positions, resized pictures). Stylesheets and
#   <style> elements stay 'self': this bundle's CSS is a file, and its one
#   <style> (the colour picker) is in a tool our toolbar leaves out. Browsers
#   without style-src-attr (Safari before 15.4) fall back to style-src and show
#   the editor unstyled in places, never unsafely.
# - img-src and connect-src data: blob:: a pasted or dropped picture is shown
#   from a data:/blob: URL and read back from it with fetch() to be uploaded.
# Scripts stay 'self' only: neither Django's admin nor django_ckeditor_5 has
# inline script (the editor's config is a JSON data block), so no nonce either.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:", "blob:"],
        "connect-src": [csp.SELF, "data:", "blob:"],
    }
}

# Set when a proxy of ours (nginx) appends the client address to X-Forwarded-For;
# otherwise the header is the client's own word and is ignored. Read only by
# kpu_site/client_address.py, which every part of the site asks for the address.
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)
AXES_CLIENT_IP_CALLABLE = "kpu_site.client_address.client_address"
