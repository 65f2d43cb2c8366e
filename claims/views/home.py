from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import selectors


@require_GET
def home(request):
    return render(
        request,
        "claims/home.html",
        {"sources": selectors.home_sources(), "totals": selectors.site_totals()},
    )
