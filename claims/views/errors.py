"""Error pages. The 500 and 503 pages are rendered without a request
context, so no context processor (the user, messages) touches the database."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string

# What the database driver raises when the database cannot be reached or the
# connection was lost: an outage, not a bug.
OUTAGE = (OperationalError, InterfaceError)


def service_unavailable():
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    return response


def server_error(request):
    """handler500: 503 when the exception being handled is a database outage.

    Django calls it for any uncaught exception, raised by a view or by a
    middleware (sessions, the page cache), while that exception is handled."""
    if isinstance(sys.exc_info()[1], OUTAGE):
        return service_unavailable()
    return HttpResponseServerError(render_to_string("500.html"))
