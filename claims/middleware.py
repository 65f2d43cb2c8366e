"""Input no view can use, refused in one place before any view sees it.

Django's form CharField refuses NUL characters (ProhibitNullCharactersValidator),
but a view that reads request.GET directly (search, autocomplete, the entity
indexes, the claim form's ?source=) or a form field with its own clean()
never runs that validator, and PostgreSQL answers any text with a NUL in it
with an error ("A string literal cannot contain NUL"). So every parameter,
key and value, in the query string and in a posted form, and the path
itself, is checked here: a NUL, or a query value longer than any page uses,
gets a 400 page saying what was wrong, and nothing runs.

A posted form larger than DATA_UPLOAD_MAX_MEMORY_SIZE (a 10 MB paste into
Load article) makes Django raise RequestDataTooBig while reading it; here
that becomes a message on the page the form came from, saying the sizes.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string

from .ingest.pipeline import size_refusal

# Characters a text column cannot store. PostgreSQL refuses NUL; every other
# code point Django can decode from a request is storable.
UNSTORABLE = ("\x00",)
# The longest value a query string parameter may have. No page uses more
# than 200 characters (a search); pages say so themselves up to this length.
MAX_QUERY_VALUE = 1000


NUL_IN_ADDRESS = "The address contains a NUL character (%00), which cannot be stored or searched."
NUL_IN_FORM = (
    "The form contains a NUL character, which cannot be stored. "
    "Remove it (it is invisible: retype the field) and send the form again."
)
API_PREFIX = "/api/"


def _unstorable(text):
    return any(ch in text for ch in UNSTORABLE)


@dataclass(frozen=True)
class Problem:
    status: int  # 404 for an address that can name nothing, else 400
    reason: str
    parameter: str = ""


def input_problem(request):
    """Why the request cannot be answered, or None. Reads the posted form,
    so it may raise RequestDataTooBig."""
    if _unstorable(request.path_info):
        return Problem(404, "Nothing is found at an address with a NUL character (%00) in it.")
    for key, values in request.GET.lists():
        if _unstorable(key) or any(_unstorable(v) for v in values):
            return Problem(400, NUL_IN_ADDRESS, key)
        for value in values:
            if len(value) > MAX_QUERY_VALUE:
                reason = (
                    f"A value in the address is {len(value):,} characters long; "
                    f"the longest accepted is {MAX_QUERY_VALUE:,}."
                )
                return Problem(400, reason, key)
    if request.method == "POST":
        for key, values in request.POST.lists():
            if _unstorable(key) or any(_unstorable(v) for v in values):
                return Problem(400, NUL_IN_FORM, key)
    return None


def refusal(request, problem):
    """The API answers as its schema says (a filter error, or NotFound); pages with a page."""
    if request.path_info.startswith(API_PREFIX):
        if problem.status == 404:
            return JsonResponse({"detail": problem.reason}, status=404)
        return JsonResponse({problem.parameter or "detail": [problem.reason]}, status=400)
    template = "404.html" if problem.status == 404 else "400.html"
    return HttpResponse(
        render_to_string(template, {"reason": problem.reason}), status=problem.status
    )


class RefuseUnstorableInputMiddleware:
    """400 for NUL characters and over-long query values; a message for an oversized post.

    Placed after MessageMiddleware (to leave a message) and, like every
    middleware's request phase, running before CsrfViewMiddleware reads the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            problem = input_problem(request)
        except RequestDataTooBig:
            return self._too_big(request)
        if problem:
            return refusal(request, problem)
        return self.get_response(request)

    def _too_big(self, request):
        # The form is lost (it was never read), so nothing can be written: say
        # why on the page it came from. No CSRF check is needed to change nothing.
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        message = size_refusal("What you sent", size, settings.CLAIMSDB_IMPORT_MAX_BYTES)
        message += " Upload the article as a file, or send less."
        if not hasattr(request, "_messages"):
            return refusal(request, Problem(400, message))
        messages.error(request, message)
        return HttpResponseRedirect(request.get_full_path(), status=303)
