"""Bytes in, the article body as published and its metadata out.

HTML goes through trafilatura, which drops navigation, share bars, cookie
notices, comments and related links. Plain text copied from a web page
carries the same furniture as lines above and below the body; those lines
are recognised one by one (`_HEADER_`/`_WIDGET_` patterns) and read for
metadata (title, byline, translator, date) before being cut off.

The body is a slice of the decoded input: nothing inside it is corrected.
The only change is to line endings (CRLF and CR become LF), which are a
property of the file, not of the text.
"""

import codecs
import contextlib
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import trafilatura

from . import ArticleRejected
from .dates import parse_date

MIN_HTML_WORDS = 8

FORMATS = {".html": "html", ".htm": "html", ".txt": "text", ".md": "text"}

# Signatures of files people upload by mistake.
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive or Office document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"{\\rtf": "an RTF document",
}


@dataclass
class Extracted:
    text: str
    raw: str
    format: str
    title: str = ""
    authors: list[str] = field(default_factory=list)
    translators: list[str] = field(default_factory=list)
    publisher: str = ""
    published_on: date | None = None
    date_precision: str = "unknown"
    url: str = ""
    language: str = ""
    content_type: str = ""


def format_for(filename):
    """'html' or 'text' by file extension; ArticleRejected for anything else."""
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        shown = suffix or "a file without extension"
        raise ArticleRejected(
            f"Unsupported file type ({shown}): upload a .html, .htm, .txt or .md file."
        )
    return FORMATS[suffix]


def _looks_like_html(text):
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or bool(
        re.search(r"<(html|body|article|p|div)[\s>]", head)
    )


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def decode(data, *, html=False):
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252.

    For HTML a charset declared in a <meta> tag is tried first.
    """
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ArticleRejected(f"This file is {what}, not text or HTML.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _try_decode(data, "utf-16")
        if text is None:
            raise ArticleRejected("The file could not be read: its UTF-16 text is damaged.")
        return _checked(text.lstrip("\ufeff"))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if b"\x00" in data:
        raise ArticleRejected("This file is binary, not text or HTML.")
    encodings = ["utf-8", "cp1252"]
    if html and (declared := _META_CHARSET.search(data[:4096])):
        with contextlib.suppress(LookupError):
            encodings.insert(0, codecs.lookup(declared.group(1).decode("ascii")).name)
    for encoding in encodings:
        text = _try_decode(data, encoding)
        if text is not None:
            return _checked(text)
    raise ArticleRejected(
        "The file could not be read as text: it is neither UTF-8 nor Windows-1252."
    )


def _try_decode(data, encoding):
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _checked(text):
    # Control characters other than tab, newline, carriage return and form feed
    # do not occur in articles; more than a few mean a binary file.
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 1000):
        raise ArticleRejected("This file is binary, not text or HTML.")
    return text


def extract(data, *, filename=None):
    """The article in `data` (bytes of a file or of pasted text).

    `filename` decides the format; without one (pasted text) HTML is
    recognised by its tags.
    """
    if not data.strip():
        raise ArticleRejected("The input is empty.")
    fmt = format_for(filename) if filename else None
    if fmt is None:
        fmt = "html" if _looks_like_html(data[:2000].decode("utf-8", "replace")) else "text"
    raw = decode(data, html=fmt == "html")
    if not raw.strip():
        raise ArticleRejected("The input contains only whitespace.")
    article = _extract_html(raw) if fmt == "html" else _extract_text(raw)
    if not article.text.strip():
        raise ArticleRejected("No article text was found in the input.")
    return article


# --- plain text and the furniture around an article -------------------------

_DASH = r"[\-\u2010-\u2015|]"
_DATE_TITLE = re.compile(rf"(?P<date>.{{6,40}}?)\s+{_DASH}+\s+(?P<title>.+)")
_NAME_PARTICLES = {
    "al",
    "el",
    "bin",
    "ibn",
    "de",
    "da",
    "di",
    "du",
    "van",
    "von",
    "der",
    "la",
    "le",
}
_BYLINE = re.compile(r"(?:written\s+)?by[:\s]\s*(?P<names>.+)", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"authors?\s*:\s*(?P<names>.+)", re.IGNORECASE)
_TRANSLATOR = re.compile(
    r"(?:translated|translation)(?:\s+from\s+(?:the\s+)?[a-z]+)?(?:\s+(?:in)?to\s+[a-z]+)?"
    r"\s*(?:by\b|:)\s*(?P<names>.+)",
    re.IGNORECASE,
)
_DATED = re.compile(
    r"(?:posted|published|updated|last updated|date)(?:\s+on)?\s*:?\s+(?P<date>.+?)"
    r"(?:\s+by\s+(?P<names>.+))?",
    re.IGNORECASE,
)
_MD_TITLE = re.compile(r"#{1,2}\s+(?P<title>\S.*)")
_SOCIAL = (
    r"(?:facebook|twitter|x|telegram|whatsapp|reddit|linkedin|pinterest|tumblr|vk|email|"
    r"e-mail|print|pocket|mastodon|bluesky|threads|messenger|copy link)"
)
# Lines that belong to the page around an article, never to the article.
_WIDGET = re.compile(
    "|".join(
        [
            r"spread the word",
            r"(?:click to )?(?:share|tweet|email|print|pin)(?: this)?"
            r"(?: page| article| post| story)?"
            r"(?: (?:on|to|via|with) [\w .]+?)?(?: \(opens in new window\))?:?",
            rf"{_SOCIAL}(?:\s*[|·•,/]?\s*{_SOCIAL})*",
            # WordPress's like button: "Like this:" then "Like Loading..."
            r"like this:?",
            r"(?:like\s+)?loading(?:\.*|…)",
            r"related(?: posts| articles| stories| content)?:?",
            r"you (?:may|might) also (?:like|enjoy):?",
            r"leave a (?:comment|reply)",
            r"\d+\s+(?:comments?|responses?|replies|thoughts? on .*)",
            r"comments?(?: \(\d+\))?:?",
            r"notify of",
            r"subscribe",
            r"log ?in(?: to (?:comment|reply))?",
            r"inline feedbacks",
            r"view all comments",
            r"oldest|newest|most voted",
            r"this site uses akismet to reduce spam\..*",
            r"\d*cookie-check.*",
            r"we use cookies.*",
            r"(?:accept|reject)(?: all)?(?: cookies)?",
            r"cookie (?:policy|settings|preferences)",
            r"tags?:.*",
            r"(?:posted|filed) (?:in|under):? .*",
            r"categor(?:y|ies):.*",
            r"advertisement",
            r"skip to (?:main )?content",
            r"(?:previous|next) (?:post|article|story):.*",
            r"print(?: this)?(?: page| article)?",
        ]
    ),
    re.IGNORECASE,
)


def _is_widget(line):
    return _WIDGET.fullmatch(line) is not None


def _names(text):
    """Names in a byline ("A, B and C"), or None if it does not read as names."""
    text = re.sub(r"\s+", " ", text).strip(" .,;")
    if not text or len(text) > 150:
        return None
    names = [n.strip() for n in re.split(r",\s*|\s+and\s+|\s*&\s*", text) if n.strip()]
    for name in names:
        words = name.split()
        if not 1 <= len(words) <= 5:
            return None
        for word in words:
            bare = word.split("-")[0].strip(".'’")
            if not bare or not (bare[0].isupper() or bare.lower() in _NAME_PARTICLES):
                return None
    return names


def _lines(text):
    """(start, end, line) for every line of text (end excludes the newline)."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _read_meta_line(line, meta, *, header):
    """Record what a header/footer line says; False if it is not furniture at all."""
    if _is_widget(line):
        return True
    if match := _TRANSLATOR.fullmatch(line):
        if names := _names(match["names"]):
            meta.translators.extend(n for n in names if n not in meta.translators)
            return True
        return False
    if (match := _BYLINE.fullmatch(line) or _AUTHOR_LABEL.fullmatch(line)) and (
        names := _names(match["names"])
    ):
        meta.authors.extend(n for n in names if n not in meta.authors)
        return True
    if parsed := parse_date(line):
        _set_date(meta, parsed)
        return True
    if (match := _DATED.fullmatch(line)) and (parsed := parse_date(match["date"])):
        _set_date(meta, parsed)
        if match["names"] and (names := _names(match["names"])):
            meta.authors.extend(n for n in names if n not in meta.authors)
        return True
    if header and not meta.title:
        if (match := _DATE_TITLE.fullmatch(line)) and (parsed := parse_date(match["date"])):
            _set_date(meta, parsed)
            meta.title = match["title"].strip()
            return True
        if match := _MD_TITLE.fullmatch(line):
            meta.title = match["title"].strip().rstrip("#").strip()
            return True
    return False


def _set_date(meta, parsed):
    if meta.published_on is None:
        meta.published_on, meta.date_precision = parsed


def _looks_like_title(line):
    return len(line) <= 200 and not line.endswith((".", ",", ";", ":")) and len(line.split()) >= 2


def strip_furniture(text, meta):
    """(start, end) of the body inside `text`, after reading header and footer lines into meta."""
    lines = list(_lines(text))
    first = 0
    consumed_any = False
    while first < len(lines):
        line = lines[first][2].strip()
        if not line:
            first += 1
            continue
        if _read_meta_line(line, meta, header=True):
            first += 1
            consumed_any = True
            continue
        # A short first line standing alone above the body is its title.
        if (
            not meta.title
            and not consumed_any
            and _looks_like_title(line)
            and first + 1 < len(lines)
            and not lines[first + 1][2].strip()
            and any(rest.strip() for _, _, rest in lines[first + 2 :])
        ):
            meta.title = line
            first += 1
            consumed_any = True
            continue
        break
    last = len(lines) - 1
    while last >= first:
        line = lines[last][2].strip()
        if not line or _read_meta_line(line, meta, header=False):
            last -= 1
            continue
        break
    if first > last:
        return 0, 0
    start, end = lines[first][0], lines[last][1]
    # Trim whitespace (including no-break spaces) at the edges of the body only.
    body = text[start:end]
    start += len(body) - len(body.lstrip())
    end -= len(body) - len(body.rstrip())
    return start, max(start, end)


def _normalize_newlines(text):
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _extract_text(raw):
    text = _normalize_newlines(raw)
    meta = Extracted(text="", raw=raw, format="text", content_type="text/plain")
    start, end = strip_furniture(text, meta)
    meta.text = text[start:end]
    return meta


# --- HTML ---------------------------------------------------------------------

_HTML_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)", re.I)
_TAG = re.compile(r"<[^>]+>")
_TRANSLATED_IN_PAGE = re.compile(
    r"Translated(?: from (?:the )?[A-Z][a-z]+)?(?: (?:in)?to [A-Z][a-z]+)? by\s+"
    r"(?P<names>[A-Z][\w.'’-]+(?:[ \t]+(?:[A-Z][\w.'’-]+|al|el|bin|de|van|von)){0,4})"
)


def _extract_html(raw):
    document = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
    )
    meta = Extracted(text="", raw=raw, format="html", content_type="text/html")
    # Fewer words than a sentence is a menu or a button, not an article.
    if document is None or len((document.text or "").split()) < MIN_HTML_WORDS:
        raise ArticleRejected(
            "No article text could be found in this HTML page "
            "(it may be a menu, a login page or a page built by JavaScript)."
        )
    # trafilatura puts one block (paragraph, heading, list item) per line;
    # a blank line between blocks is how paragraphs are stored for every format.
    blocks = [line for line in _normalize_newlines(document.text).split("\n") if line.strip()]
    text = "\n\n".join(blocks)
    start, end = strip_furniture(text, meta)
    meta.text = text[start:end]
    meta.title = (document.title or "").strip() or meta.title
    if document.author:
        authors = [a.strip() for a in document.author.split(";") if a.strip()]
        meta.authors = authors + [a for a in meta.authors if a not in authors]
    if not meta.translators and (match := _TRANSLATED_IN_PAGE.search(_TAG.sub("\n", raw))):
        meta.translators = _names(match["names"]) or []
    meta.publisher = (document.sitename or "").strip()
    meta.url = (document.url or "").strip()
    if document.date and (parsed := parse_date(document.date)):
        meta.published_on, meta.date_precision = parsed
    if match := _HTML_LANG.search(raw[:5000]):
        meta.language = match.group(1)
    elif document.language:
        meta.language = document.language
    return meta
