import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from tests.factories import make_claim, make_source
from tests.html import text

pytestmark = pytest.mark.django_db


def test_it_lists_published_sources_with_counts_by_status(client, editor):
    source = make_source(title="The Al-Bab offensive")
    make_source(title="A draft", is_published=False)
    first, second, third = source.sentences.all()
    make_claim(first)
    make_claim(first, "Al-Bab")
    services.claim_assess(
        claim=make_claim(second), status="refuted", rationale="No.", editor=editor
    )

    html = client.get("/").content.decode()

    assert f'<a href="{source.get_absolute_url()}">The Al-Bab offensive</a>' in html
    assert "A draft" not in html
    counts = text(html.split("The Al-Bab offensive")[1].split("</li>")[0])
    assert "3 claims:" in counts
    assert "Unassessed 2" in " ".join(counts.split())
    assert "Refuted 1" in " ".join(counts.split())


def test_it_has_a_search_box_sending_to_search(client):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="home-search"[^>]*>', html).group(0)
    assert 'role="search"' in form and 'action="/search/"' in form and 'method="get"' in form
    assert 'name="q"' in html


def test_it_shows_totals(client, source):
    make_claim(source.sentences.first())
    hidden = make_source(is_published=False)
    make_claim(hidden.sentences.first())
    html = " ".join(text(client.get("/").content.decode()).split())
    assert "In the database 1 source 1 claim 0 actors 0 places 0 events" in html


def test_it_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    make_source()
    before = count()
    for _ in range(5):
        source = make_source()
        for sentence in source.sentences.all():
            make_claim(sentence)
    assert count() == before
    # 7, and 1 for the most widely reported claims.
    with django_assert_max_num_queries(8):
        client.get("/")


def test_it_lists_sources_a_page_at_a_time_newest_first(client):
    import datetime

    for day in range(1, 24):
        make_source(title=f"Article of day {day}", published_on=datetime.date(2017, 3, day))

    first = text(client.get("/").content.decode())
    assert "Article of day 23" in first and "Article of day 4" in first
    assert "Article of day 3" not in first
    assert first.index("Article of day 23") < first.index("Article of day 22")
    assert "Page 1 of 2" in first
    assert "In the database 23 sources" in " ".join(first.split())

    second = text(client.get("/?page=2").content.decode())
    assert "Article of day 3" in second and "Article of day 1" in second
    assert "Article of day 4" not in second


@pytest.mark.parametrize(
    "page, message",
    [
        ("9", "There is no page 9; showing page 2."),
        ("0", "There is no page 0; showing page 1."),
        ("two", "“two” is not a page number; showing the first page."),
    ],
)
def test_it_says_when_a_page_does_not_exist(client, page, message):
    for _ in range(21):
        make_source()
    html = " ".join(text(client.get(f"/?page={page}").content.decode()).split())
    assert message in html
