import csv
import io

import pytest

from claims.exports.events_csv import HEADER
from claims.models import Anchor
from tests.factories import make_corpus


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def read_rows(client):
    response = client.get("/exports/events.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="events.csv"'
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.splitlines()[0] == ",".join(HEADER)
    return list(csv.DictReader(io.StringIO(text)))


def test_it_writes_one_row_per_event_and_place(client, corpus):
    rows = read_rows(client)
    battle, talks = corpus["events"]
    battle_rows = [row for row in rows if row["event_slug"] == battle.slug]
    assert [row["place"] for row in battle_rows] == ["Al-Bab", "Aleppo", "Unlocated hills"]
    talks_rows = [row for row in rows if row["event_slug"] == talks.slug]
    assert len(talks_rows) == 1 and talks_rows[0]["place"] == ""
    # Dated events first, then undated ones.
    assert rows[-1]["event_slug"] == talks.slug


def test_it_gives_dates_actors_by_role_coordinates_and_sources(client, corpus):
    battle = corpus["events"][0]
    row = next(r for r in read_rows(client) if r["event_slug"] == battle.slug)
    assert row["event_id"] == str(battle.pk)
    assert row["title"] == "Battle of al-Bab"
    assert row["event_type"] == "battle"
    assert (row["date_earliest"], row["date_latest"], row["date_precision"]) == (
        "2016-11-06",
        "2017-02-23",
        "day",
    )
    assert row["date_text"] == "November 2016 to February 2017"
    assert row["actors_initiator"] == "Turkey"
    assert row["actors_target"] == "Islamic State"
    assert row["actors_supporter"] == "Free Syrian Army"
    assert row["actors_mediator"] == ""
    assert (float(row["latitude"]), float(row["longitude"])) == (36.37, 37.5167)
    assert row["geo_precision"] == "exact"
    assert row["country_code"] == "SY"
    first, second, _ = corpus["sources"]
    # Sources by publication date (undated last); the reader page stands in for a missing url.
    assert row["source"] == "Siege of Al-Bab; After the battle"
    assert row["source_url"] == (
        f"https://example.org/al-bab; http://testserver/sources/{second.slug}/"
    )
    assert row["claim_count"] == "3"
    assert row["notes"] == "Turkish-backed offensive on the town."
    assert row["event_url"] == f"http://testserver/events/{battle.slug}/"


def test_it_names_no_unpublished_source(client, corpus):
    battle = corpus["events"][0]
    draft = corpus["claims"][4]
    draft.events.add(battle)
    row = next(r for r in read_rows(client) if r["event_slug"] == battle.slug)
    assert corpus["sources"][2].title not in row["source"]
    assert row["claim_count"] == "3"


def test_it_leaves_a_place_without_coordinates_blank_not_zero(client, corpus):
    row = next(r for r in read_rows(client) if r["place"] == "Unlocated hills")
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("", "", "unknown")


def test_it_reads_events_in_a_fixed_number_of_queries(client, corpus, django_assert_num_queries):
    assert Anchor.objects.exists()
    # The database asked first (SELECT 1, so an outage answers 503, not a cut
    # file), events with places and actors (prefetched), sources and claim counts.
    with django_assert_num_queries(6):
        read_rows(client)
