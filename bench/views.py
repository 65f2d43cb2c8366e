from django.http import HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def floor(request):
    """The framework's floor for load tests: the middleware stack and nothing else
    (no database, no template). docs/benchmarks.md compares pages with it."""
    return HttpResponse("floor\n", content_type="text/plain; charset=utf-8")
