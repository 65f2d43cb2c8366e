"""Who may write what. Roles are Django groups created by migration 0002_roles:

- anonymous visitors and plain accounts read only;
- Editors create and edit claims, assess them, cite evidence, review mentions
  and re-anchor quotes (never delete anything);
- staff in Administrators, and superusers, do everything, in the admin too.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

EDITORS_GROUP = "Editors"
ADMINISTRATORS_GROUP = "Administrators"

# The permission that opens the review queue and shows edit controls.
REVIEW_PERMISSION = "claims.add_assessment"


def can_edit(user):
    """True for editors and admins: they see edit controls and the review queue."""
    return user.is_authenticated and user.has_perm(REVIEW_PERMISSION)


def write_view(*permissions, methods=("POST",)):
    """Guard a view that writes.

    Other HTTP methods answer 405 (so a link or a prefetch never writes);
    an anonymous visitor is sent to log in; a logged-in account without every
    permission gets 403. Views that show a form pass methods=("GET", "POST");
    their GET only renders the form.
    """

    def decorator(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(_return_to(request))
            if not request.user.has_perms(permissions):
                raise PermissionDenied("Your account may not make this change.")
            return view(request, *args, **kwargs)

        return require_http_methods(list(methods))(guarded)

    return decorator


def editor_page(view):
    """A page only editors see (the review queue): login, then the review permission."""
    return write_view(REVIEW_PERMISSION, methods=("GET",))(view)


def _return_to(request):
    """Where to come back after logging in: the page itself for a GET; for a
    refused POST the page the form was on, since the action URL answers only POST."""
    if request.method == "GET":
        return request.get_full_path()
    referer = safe_next(request, request.META.get("HTTP_REFERER"), default="/")
    parts = urlsplit(referer)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def safe_next(request, url, *, default):
    """`url` if it points into this site, else `default` (no open redirects)."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default
