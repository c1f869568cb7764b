"""Two Content-Security-Policies: the public site's, and the admin's own.

Both are in settings (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN),
where the reasons for each directive are written down.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin policy for every URL under ADMIN_URL.

    By path rather than by decorating views: the admin's views are many and
    partly Django's own (login, password change, jsi18n), and a view added
    later is covered without anyone remembering to.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        # A view's own @csp decorator (parts.config) still wins.
        if not report_only and parts.config is None and is_admin_request(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


def is_admin_request(request):
    # reverse() includes the script prefix, as request.path does.
    return request.path.startswith(reverse("admin:index"))
