from http import HTTPStatus

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.log import log_response

# Seconds a client (a crawler, a load balancer) is asked to wait before retrying.
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Answer a friendly 503 page when the database cannot be reached.

    OperationalError covers a refused or dropped connection; InterfaceError a
    connection psycopg2 already considers closed. Other database errors (a bad
    query, an integrity error) are bugs and stay 500s. Django closes a broken
    connection when the request ends and opens a new one on the next, so the
    workers recover by themselves once PostgreSQL is back.

    Only errors raised by a view (or while its template renders) come here:
    that is where public pages and the admin query the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Rendered without the request, so no context processor runs: the
        # site's menu would query the database that just failed.
        response = HttpResponse(
            render_to_string(
                "503.html",
                {"OFFICE_NAME": settings.OFFICE_NAME, "OFFICE_REGION": settings.OFFICE_REGION},
            ),
            status=HTTPStatus.SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
        # Neither the page cache nor a proxy may keep the outage page.
        add_never_cache_headers(response)
        # A staff session that could not be loaded would be loaded again (and
        # fail, as a 500) when SessionMiddleware prepares its cookie. Without
        # the attribute it leaves the response and the visitor's cookie alone.
        if hasattr(request, "session"):
            del request.session
        # Once, with the traceback; Django then skips its own "Service Unavailable" line.
        log_response(
            "Database unavailable: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response
