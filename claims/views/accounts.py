"""Log in and out. Failed logins are throttled by django-axes; when an
account is locked the login page says so, in the site's own style."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


login = LoginView.as_view()

# AccessAttempt.username is a varchar(255).
AXES_USERNAME_MAX = 255


def attempted_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the username tried, as axes can store it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    return username[:AXES_USERNAME_MAX] if isinstance(username, str) else username


logout = auth_views.LogoutView.as_view()


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login page again, saying why, with status 429.

    The form is not validated again: that would be one more attempt."""
    hours = settings.AXES_COOLOFF_TIME
    wait = (
        f" Try again in {round(hours * 60)} minutes."
        if isinstance(hours, int | float) and hours
        else " Ask an administrator to unlock it."
    )
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {
        "form": form,
        "locked_out": "Too many failed attempts to log in from your address." + wait,
    }
    return render(request, "registration/login.html", context, status=429)
