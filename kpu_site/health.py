from http import HTTPStatus

from django.db import Error, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness for the load balancer: the process answers and the database does too."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    # Error, not DatabaseError: a connection psycopg2 already closed raises
    # InterfaceError, which is no DatabaseError, and is "down" all the same.
    except Error:
        return JsonResponse(
            {"status": "error", "database": "down"}, status=HTTPStatus.SERVICE_UNAVAILABLE
        )
    return JsonResponse({"status": "ok", "database": "up"})
