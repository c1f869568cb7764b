"""Two Content-Security-Policies: the public site's, and the admin's own.

Both are in settings (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN),
where the reasons for each directive are written down.
"""

import functools

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse

# What makes a response's policy its own (django-csp's decorators set these on
# it): such a response is left to django-csp whole.
_OWN_POLICY_ATTRIBUTES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)
_DEBUG_EXEMPT_STATUSES = (404, 500)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy for every URL under ADMIN_URL.

    By path rather than by decorating views: the admin's views are many and
    partly Django's own (login, password change, jsi18n), and a view added
    later is covered without anyone remembering to.

    django-csp builds the header afresh for every response, copying and joining
    every directive twice (the policy and the report-only one): a fifth of what
    a page cache hit costs (bench/RESULTS.md, issue 16). A response with no
    policy of its own and no nonce asked for has the same headers as every other
    such response, public or admin: they are built once per process here.
    Any other response goes through django-csp as before.
    """

    def process_response(self, request, response):
        if not self._takes_the_common_policy(request, response):
            return super().process_response(request, response)
        for header, value in _common_headers(is_admin_request(request)):
            if header not in response:
                response[header] = value
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _takes_the_common_policy(self, request, response):
        return not (
            getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _OWN_POLICY_ATTRIBUTES)
            or (settings.DEBUG and response.status_code in _DEBUG_EXEMPT_STATUSES)
            or _excluded_prefixes()
        )

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # A view's own @csp decorator (parts.config) still wins.
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = _admin_config()
        return parts


def _admin_config():
    return default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])


def _excluded_prefixes():
    """Whether either policy leaves some paths out: then django-csp decides each."""
    return any(
        (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES")
        for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY")
    )


@functools.cache
def _common_headers(admin):
    """((header, value), ...) of a response with no policy of its own: once per
    process (and again when a test changes a setting)."""
    policy = build_policy(config=_admin_config() if admin else None)
    report_only = build_policy(report_only=True)
    return tuple(
        (header, value)
        for header, value in ((HEADER, policy), (HEADER_REPORT_ONLY, report_only))
        if value
    )


def is_admin_request(request):
    return request.path.startswith(_admin_prefix())


@functools.cache
def _admin_prefix():
    # reverse() includes the script prefix, as request.path does.
    return reverse("admin:index")


@receiver(setting_changed)
def _forget_built_headers(**kwargs):
    _common_headers.cache_clear()
    _admin_prefix.cache_clear()
