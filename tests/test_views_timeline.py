import re
from datetime import date

import pytest

from tests.factories import make_event, make_place
from tests.pagetext import visible_text as text

pytestmark = pytest.mark.django_db


def get(client):
    response = client.get("/timeline/")
    assert response.status_code == 200
    return response.content.decode()


def items(html):
    """Each timeline entry's visible text, in page order."""
    return [text(m) for m in re.findall(r'<li class="timeline-item">(.*?)</li>', html, re.S)]


@pytest.fixture
def events():
    al_bab = make_place("Al-Bab")
    battle = make_event(
        "Battle of Al-Bab",
        kind="battle",
        date_earliest=date(2016, 11, 1),
        date_latest=date(2017, 1, 31),
        date_precision="month",
        date_text="from November to January",
    )
    battle.places.set([al_bab])
    return {
        "battle": battle,
        "ceasefire": make_event(
            "Ceasefire",
            date_earliest=date(2016, 12, 20),
            date_latest=date(2016, 12, 31),
            date_precision="season",
            date_text="late December 2016",
        ),
        "deployment": make_event(
            "Deployment",
            date_earliest=date(2016, 12, 1),
            date_latest=date(2016, 12, 31),
            date_precision="month",
        ),
        "talks": make_event(
            "Talks",
            date_earliest=date(2017, 1, 23),
            date_latest=date(2017, 1, 23),
            date_precision="day",
        ),
        "year": make_event(
            "Reinforcements",
            date_earliest=date(2015, 1, 1),
            date_latest=date(2015, 12, 31),
            date_precision="year",
        ),
        "unknown": make_event("Secret meeting", date_text="some time before the offensive"),
    }


def test_it_lists_events_by_date_at_their_precision(client, events):
    html = get(client)
    assert items(html) == [
        "2015 (known to the year) Reinforcements other",
        "November 2016 – January 2017 (known to the month) Battle of Al-Bab battle, at Al-Bab"
        " The source says: “from November to January”",
        "December 2016 (known to the month) Deployment other",
        "about December 2016 (known only roughly) Ceasefire other"
        " The source says: “late December 2016”",
        "23 January 2017 (known to the day) Talks other",
        "Secret meeting other The source says: “some time before the offensive”",
    ]


def test_it_groups_by_year_and_keeps_unknown_dates_apart(client, events):
    headings = re.findall(r"<h2[^>]*>(.*?)</h2>", get(client))
    assert headings == ["2015", "2016", "2017", "Unknown date", "Download"]


def test_it_links_events_and_places(client, events):
    html = get(client)
    assert f'href="/events/{events["battle"].slug}/"' in html
    assert 'href="/places/' in html


def test_it_marks_up_only_exact_dates_as_machine_dates(client, events):
    html = get(client)
    assert '<time datetime="2016-12">December 2016</time>' in html
    assert '<time datetime="2017-01-23">23 January 2017</time>' in html
    assert '<time datetime="2015">2015</time>' in html
    assert "November 2016 – January 2017</span>" in html  # a range: no single datetime


def test_it_draws_each_span_on_one_scale(client, events):
    html = get(client)
    bars = re.findall(r'<rect x="([\d.]+)%" width="([\d.]+)%"', html)
    assert len(bars) == 5
    starts = [float(x) for x, _ in bars]
    assert starts == sorted(starts)
    assert starts[0] == 0
    assert all(0 < float(w) <= 100 and float(x) + float(w) <= 100.01 for x, w in bars)


def test_it_says_so_when_there_are_no_events(client, db):
    assert "No events yet." in text(get(client))


def test_its_query_count_does_not_grow_with_rows(client, events, django_assert_max_num_queries):
    def count():
        with django_assert_max_num_queries(10) as captured:
            get(client)
        return len(captured)

    before = count()
    for n in range(10):
        event = make_event(f"Clash {n}", date_earliest=date(2016, 6, n + 1), date_precision="day")
        event.places.set([make_place(f"Village {n}"), make_place(f"Hill {n}")])
    assert count() == before
