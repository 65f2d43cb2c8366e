"""Page links for templates/claims/includes/pagination.html."""


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
