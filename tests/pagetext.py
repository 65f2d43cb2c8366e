"""Read a rendered page as a person would: its visible words, spaces collapsed."""

import re
from html import unescape

_INLINE = r"a|abbr|b|code|em|i|mark|small|span|strong|time|sup|sub|label"


def visible_text(html):
    html = re.sub(r"<(script|style|title)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<span class="visually-hidden">.*?</span>', "", html, flags=re.S)
    html = re.sub(rf"</?(?:{_INLINE})\b[^>]*>", "", html)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(unescape(html).split())
