from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .. import corroboration, selectors
from ..models import Source
from ..paging import page_of, page_urls

# One page of sources: with a thousand articles, listing them all (each with
# its counts by status) made a 0.8 MB page that took seconds
# (docs/benchmarks.md).
SOURCES_PER_PAGE = 20


@require_GET
def home(request):
    paginator = Paginator(
        Source.objects.published().order_by(*selectors.SOURCE_ORDER), SOURCES_PER_PAGE
    )
    page, page_error = page_of(paginator, request.GET.get("page"))
    return render(
        request,
        "claims/home.html",
        {
            "sources": selectors.home_sources(page.object_list),
            "totals": selectors.site_totals(source_count=paginator.count),
            "page_obj": page,
            "page_urls": _page_urls(page),
            "page_error": page_error,
            "most_reported": corroboration.most_reported(),
        },
    )


def _page_urls(page):
    return page_urls(page, lambda number: f"?page={number}#sources-heading")
