"""Pages of long lists: which page an address asks for, and the links to the others
(templates/claims/includes/pagination.html)."""


def page_of(paginator, raw):
    """(page, message) for `raw`, the address's ?page= value.

    Missing: the first page. Not a number: the first page, and a message
    saying so. Out of range: the nearest page, and a message saying so.
    Never an error page for a mistyped or outdated address.
    """
    if raw in (None, ""):
        return paginator.page(1), None
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return paginator.page(1), f"“{raw}” is not a page number; showing the first page."
    nearest = min(max(number, 1), paginator.num_pages)
    if nearest != number:
        return paginator.page(nearest), f"There is no page {raw}; showing page {nearest}."
    return paginator.page(number), None


def page_urls(page, address):
    """First, previous, next and last page addresses of `page` (None where
    the link would repeat another: "First" only from page 3 on, "Last" only
    up to the third last page). `address(number)` gives a page's address."""
    last = page.paginator.num_pages
    return {
        "previous": address(page.previous_page_number()) if page.has_previous() else None,
        "next": address(page.next_page_number()) if page.has_next() else None,
        "first": address(1) if page.number > 2 else None,
        "last": address(last) if page.number < last - 1 else None,
    }
