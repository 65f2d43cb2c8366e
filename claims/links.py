"""Addresses of many objects of one kind, for pages that link hundreds of them."""

from django.urls import reverse

_SLUG = "0slug0"  # a stand-in no address pattern contains


def slug_url(view_name):
    """A function slug -> the address of the `view_name` page for it, reversed once.

    reverse() costs tens of microseconds; called for each of thousands of
    links (map, index pages, timeline) it was a third of the page's time.
    Slugs are ASCII (SlugField), so nothing needs quoting.
    """
    head, tail = reverse(view_name, args=[_SLUG]).rsplit(_SLUG, 1)
    return lambda slug: f"{head}{slug}{tail}"
