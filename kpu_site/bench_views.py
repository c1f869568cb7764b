"""The load benchmark's baseline (bench/, `make bench`), routed only with BENCH_ENDPOINTS on."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


# never_cache: the baseline must measure the full middleware stack with no
# cache in front, so every page's ratio compares against the same work.
@never_cache
def hello(request):
    return HttpResponse("Hello", content_type="text/plain")
