"""Small helpers to look inside rendered pages the way a reader would."""

import re
from html import unescape

_TAG = re.compile(r"<(/?)([a-zA-Z0-9]+)([^>]*?)(/?)>")
_VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}


def inner_html(html, element_id):
    """The markup inside the element with id=`element_id`."""
    start = re.search(rf'<([a-zA-Z0-9]+)\b[^>]*\bid="{re.escape(element_id)}"[^>]*>', html)
    assert start, f"no element with id {element_id!r}"
    name, depth = start.group(1), 1
    for tag in _TAG.finditer(html, start.end()):
        closing, tag_name = tag.group(1), tag.group(2)
        if tag_name != name or tag_name in _VOID:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return html[start.end() : tag.start()]
    raise AssertionError(f"element {element_id!r} is not closed")


def text(html):
    """Visible text: tags dropped, visually hidden spans dropped, entities decoded."""
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html, flags=re.S)
    html = re.sub(r'<span aria-hidden="true">.*?</span>', "", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", "", html))


def marked_quotes(html):
    """Each quoted sentence an assessing page shows (the claim_quotes tag), as
    (the sentence's text, [the text of each <mark> in it]), in page order."""
    found = []
    for block in re.findall(r'<div class="claim-quotes">(.*?)</div>', html, flags=re.S):
        for quote in re.findall(r"<blockquote[^>]*>(.*?)</blockquote>", block, flags=re.S):
            marks = [unescape(mark) for mark in re.findall(r"<mark>(.*?)</mark>", quote)]
            found.append((text(quote).strip(), marks))
    return found
