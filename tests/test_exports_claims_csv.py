import csv
import io

import pytest

from claims.exports.claims_csv import HEADER
from tests.factories import add_anchor, make_claim, make_corpus


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="claims.csv"'
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_it_writes_one_row_per_anchor_under_the_documented_header(client, corpus):
    response = client.get("/exports/claims.csv")
    rows = read_csv(response)
    text = b"".join(client.get("/exports/claims.csv").streaming_content).decode()
    assert text.splitlines()[0] == ",".join(HEADER)
    located, besieged, fighters, left, draft = corpus["claims"]
    assert sorted(int(row["claim_id"]) for row in rows) == sorted(
        [located.pk, besieged.pk, fighters.pk, left.pk]
    )
    row = next(row for row in rows if int(row["claim_id"]) == fighters.pk)
    source = corpus["sources"][0]
    assert row["source"] == source.slug
    assert row["source_title"] == "Siege of Al-Bab"
    assert row["sentence_index"] == "3"
    assert source.text[int(row["start"]) : int(row["end"])] == row["quote"]
    assert row["quote"] == "Over 5,000 fighters defended it"
    assert row["statement"] == "Over 5,000 fighters defended it"
    assert (row["kind"], row["status"]) == ("quantitative", "disputed")
    assert row["attributed_to"] == "Turkey"
    assert row["actors"] == "Islamic State"
    assert row["events"] == "Battle of al-Bab"
    assert row["claim_url"] == f"http://testserver/claims/{fighters.pk}/"
    located_row = next(row for row in rows if int(row["claim_id"]) == located.pk)
    assert located_row["places"] == "Al-Bab; Aleppo"


def test_it_gives_a_claim_quoted_twice_two_rows(client, corpus):
    located = corpus["claims"][0]
    second = corpus["sources"][1].sentences.get(index=2)
    add_anchor(located, second)
    rows = [
        r for r in read_csv(client.get("/exports/claims.csv")) if r["claim_id"] == str(located.pk)
    ]
    assert [(r["source"], r["sentence_index"]) for r in rows] == [
        (corpus["sources"][0].slug, "1"),
        (corpus["sources"][1].slug, "2"),
    ]


def test_it_leaves_out_unpublished_sources(client, corpus):
    rows = read_csv(client.get("/exports/claims.csv"))
    assert corpus["sources"][2].slug not in {row["source"] for row in rows}
    assert "An unpublished draft sentence." not in {row["quote"] for row in rows}


def test_it_defuses_a_quote_that_looks_like_a_formula(client, corpus):
    sentence = corpus["sources"][0].sentences.get(index=3)
    claim = make_claim(sentence, "=SUM(A1)")
    rows = read_csv(client.get("/exports/claims.csv"))
    row = next(row for row in rows if row["claim_id"] == str(claim.pk))
    assert row["quote"] == "'=SUM(A1)"
    assert row["statement"] == "'=SUM(A1)"
    # The offsets still point at the real text; only the cell is escaped.
    assert sentence.source.text[int(row["start"]) : int(row["end"])] == "=SUM(A1)"


def test_it_exports_only_what_the_claim_browsers_filter_selects(client, corpus):
    located, besieged, fighters, left, draft = corpus["claims"]
    isis = corpus["actors"][0]
    rows = read_csv(client.get("/exports/claims.csv", {"actor": isis.slug, "status": "supported"}))
    assert [row["claim_id"] for row in rows] == [str(besieged.pk)]
    rows = read_csv(client.get("/exports/claims.csv", {"sort": "oldest"}))
    assert [row["claim_id"] for row in rows] == [
        str(c.pk) for c in (located, besieged, fighters, left)
    ]


def test_it_refuses_a_bad_filter_with_a_message_instead_of_exporting_everything(client, corpus):
    response = client.get("/exports/claims.csv", {"status": "bogus"})
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "“bogus” is not an evidence status." in response.content.decode()
