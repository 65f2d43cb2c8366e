"""claims/ingest/extract.py: bytes -> the body as published, plus metadata."""

from datetime import date
from pathlib import Path

import pytest

from claims.ingest import ArticleRejected
from claims.ingest.dates import parse_date
from claims.ingest.extract import extract

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def seed_bytes():
    """The seed article as copied from its web page (a copy of the project's seed file)."""
    return (DATA / "seed_article.txt").read_bytes()


def test_it_reads_the_seed_articles_header_and_drops_its_footer(seed_bytes):
    article = extract(seed_bytes, filename="000.txt")

    assert article.title == "Evidence of Secret Cooperation between Putin and Trump?"
    assert article.authors == ["Valentin Vasilescu"]
    assert article.translators == ["Alice Decker"]
    assert article.published_on == date(2017, 2, 15)
    assert article.date_precision == "day"
    assert article.text.startswith("So far no deal has not been officially acknowledged")
    assert article.text.endswith("for the fight against Islamic State.")
    for widget in (
        "cookie-check",
        "Share this page to Telegram",
        "Notify of",
        "Akismet",
        "Inline Feedbacks",
        "View all comments",
        "Spread the Word",
        "Translated by",
    ):
        assert widget not in article.text


def test_it_keeps_the_seed_body_exactly_as_published(seed_bytes):
    article = extract(seed_bytes, filename="000.txt")
    raw = seed_bytes.decode("utf-8")

    assert article.text in raw
    assert article.raw == raw
    # Oddities of the original stay: a missing space, a no-break space, triple newlines.
    assert "the 137Mechanized Brigade" in article.text
    assert "Raqqa. \u00a0 After this maneuver" in article.text
    assert "\n\n\nThe Turkish military offensive" in article.text


def test_it_extracts_a_news_page_without_its_furniture():
    article = extract((DATA / "news_article.html").read_bytes(), filename="news.html")

    assert article.title == "Ceasefire talks resume in Astana"
    assert article.authors == ["Mara Lindqvist"]
    assert article.publisher == "The Northern Ledger"
    assert article.published_on == date(2017, 3, 14)
    assert article.url == (
        "https://ledger.example.org/world/2017/03/14/ceasefire-talks-resume-in-astana"
    )
    assert article.language == "en"
    assert article.text.startswith("Delegations from Russia, Turkey and Iran met again")
    assert article.text.endswith("The talks are expected to last until Wednesday evening.")
    assert "\n\nDisputed front lines\n\n" in article.text
    for furniture in (
        "cookies",
        "Subscribe today",
        "Share on Facebook",
        "Share this article",
        "Related stories",
        "First round of talks",
        "nobody believes it",
        "Post comment",
        "All rights reserved",
    ):
        assert furniture not in article.text


def test_it_extracts_a_blog_post_without_share_buttons_or_reply_form():
    article = extract((DATA / "blog_post.html").read_bytes(), filename="post.htm")

    assert article.title == "Notes from the Euphrates valley"
    assert article.authors == ["Sam Okafor"]
    assert article.publisher == "Field Notebook"
    assert article.published_on == date(2019, 6, 2)
    assert article.language == "en-GB"
    assert article.text.startswith("The road from Raqqa to Deir ez-Zor")
    assert article.text.endswith("which have reopened after nearly three years.")
    assert "The river decides everything here" in article.text
    for furniture in ("Share this", "Like this", "Leave a Reply", "Previous post", "powered by"):
        assert furniture not in article.text


def test_it_rejects_a_page_without_an_article():
    with pytest.raises(ArticleRejected, match="No article text"):
        extract((DATA / "no_article.html").read_bytes(), filename="login.html")


def test_it_finds_a_translator_named_in_the_page():
    html = (
        b"<html><body><article><h1>Talks</h1><p class='byline'>Translated by Ana Reyes</p>"
        b"<p>Delegations met on Tuesday to talk about the ceasefire and its observers.</p>"
        b"<p>The talks will go on for several days, officials said on Tuesday evening.</p>"
        b"</article></body></html>"
    )
    assert extract(html, filename="a.html").translators == ["Ana Reyes"]


TEXT = "Ceasefire holds in the north\n\nThe ceasefire held overnight, officials said.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf-8", "utf-8 with BOM", "CRLF"],
)
def test_it_reads_utf8_with_or_without_bom(data):
    article = extract(data, filename="a.txt")

    assert article.title == "Ceasefire holds in the north"
    assert article.text == "The ceasefire held overnight, officials said."


def test_it_reads_utf16_with_a_bom():
    article = extract(TEXT.encode("utf-16"), filename="a.txt")
    assert article.text == "The ceasefire held overnight, officials said."


def test_it_reads_windows_1252():
    text = "Café talks – the “Tamadur” detachment\n\nIt cost €5 and 10°C.\n"
    article = extract(text.encode("cp1252"), filename="a.txt")

    assert article.text == "It cost €5 and 10°C."
    assert article.title == "Café talks – the “Tamadur” detachment"


def test_it_recognises_pasted_html_without_a_filename():
    html = (DATA / "news_article.html").read_bytes()
    assert extract(html).title == "Ceasefire talks resume in Astana"


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "a.txt", "empty"),
        (b"   \n\t \r\n ", "a.txt", "empty"),
        ("\u00a0\u2003\n".encode(), "a.txt", "whitespace"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a.txt", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.html", "PNG"),
        (b"some\x00binary\x00data\x01\x02", "a.txt", "binary"),
        (bytes(range(1, 32)) * 20, "a.txt", "binary"),
        (b"\x81\x8d\x8f\x90\x9d text", "a.txt", "neither UTF-8 nor Windows-1252"),
        (b"\xff\xfeA\x00\x00\xd8", "a.txt", "UTF-16 text is damaged"),
        (b"hello", "a.pdf", "Unsupported file type"),
        (b"hello", "README", "Unsupported file type"),
        (b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "a.html", "No article"),
    ],
)
def test_it_rejects_bad_input_with_a_clear_message(data, filename, message):
    with pytest.raises(ArticleRejected, match=message):
        extract(data, filename=filename)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15-Feb-17", (date(2017, 2, 15), "day")),
        ("2017-02-15", (date(2017, 2, 15), "day")),
        ("2017-03-14T08:30:00+00:00", (date(2017, 3, 14), "day")),
        ("June 2, 2019", (date(2019, 6, 2), "day")),
        ("Tuesday, 14 March 2017", (date(2017, 3, 14), "day")),
        ("3rd of Sept. 2016", (date(2016, 9, 3), "day")),
        ("15.02.2017", (date(2017, 2, 15), "day")),
        ("02/15/2017", (date(2017, 2, 15), "day")),
        ("February 2017", (date(2017, 2, 1), "month")),
        ("31-Feb-17", None),
        ("Spread the Word", None),
        ("by Valentin Vasilescu", None),
    ],
)
def test_it_parses_dates_as_pages_write_them(text, expected):
    assert parse_date(text) == expected


def test_it_reads_bylines_with_several_authors_and_a_posted_on_line():
    text = (
        "Posted on March 3, 2021 by Sam Writer\n"
        "By Ana Reyes and Li Wei\n\n"
        "The bridge reopened on Monday after two years of repairs.\n\n"
        "Share this:\nTwitter\nFacebook\nLike this:\nLoading...\n"
    )
    article = extract(text.encode(), filename="a.md")

    assert article.authors == ["Sam Writer", "Ana Reyes", "Li Wei"]
    assert article.published_on == date(2021, 3, 3)
    assert article.text == "The bridge reopened on Monday after two years of repairs."


def test_it_keeps_a_byline_looking_sentence_in_the_body():
    text = "A title here\n\nBy the end of the week the town was surrounded.\n"
    article = extract(text.encode(), filename="a.txt")

    assert article.text == "By the end of the week the town was surrounded."
    assert article.authors == []


def test_it_takes_a_markdown_heading_as_title():
    article = extract(b"# The markets of Mayadin\n\nThey reopened in May.\n", filename="a.md")

    assert article.title == "The markets of Mayadin"
    assert article.text == "They reopened in May."


@pytest.mark.parametrize("like", ["Like Loading...", "Like Loading…", "Loading..."])
def test_it_drops_wordpress_like_lines_at_the_end(like):
    body = "Talks resumed in Astana on Tuesday.\n\nAbout 300 observers are needed."
    data = f"{body}\n\nShare this:\nTwitter\nFacebook\nLike this:\n{like}\n\nRelated\n".encode()

    assert extract(data, filename="post.txt").text == body


def test_like_inside_the_article_stays():
    body = "Like this: the convoy stopped.\n\nLike Loading... was the name of a blog."
    assert extract(body.encode(), filename="post.txt").text == body
