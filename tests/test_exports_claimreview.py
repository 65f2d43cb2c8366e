import json

import pytest
from pyld import jsonld

from claims.exports.contexts import document_loader
from claims.models import CLAIMREVIEW_RATINGS
from tests.factories import make_corpus

SCHEMA = "http://schema.org/"


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def get_review(client, claim):
    response = client.get(f"/claims/{claim.pk}/claimreview.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    return json.loads(response.content)


def test_it_reviews_an_assessed_claim_with_the_designed_rating(client, corpus):
    fighters = corpus["claims"][2]
    review = get_review(client, fighters)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Over 5,000 fighters defended it"
    assert review["url"] == f"http://testserver/claims/{fighters.pk}/"
    rating = review["reviewRating"]
    assert rating["alternateName"] == "Disputed"
    assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (2, 5, 1)
    assert rating["ratingValue"] == CLAIMREVIEW_RATINGS["disputed"]
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] == "Turkey"
    [appearance] = item["appearance"]
    assert appearance["url"] == "https://example.org/al-bab"
    assert appearance["datePublished"] == "2017-01-15"
    assert review["author"]["name"]
    assert review["datePublished"] == fighters.assessments.get().created_at.date().isoformat()


def test_it_gives_no_rating_value_where_the_status_is_no_verdict(client, corpus):
    left = corpus["claims"][3]  # not checkable
    rating = get_review(client, left)["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Not checkable"}


def test_it_has_no_review_for_unassessed_or_hidden_claims(client, corpus):
    located, _, _, _, draft = corpus["claims"]
    assert client.get(f"/claims/{located.pk}/claimreview.jsonld").status_code == 404
    assert client.get(f"/claims/{draft.pk}/claimreview.jsonld").status_code == 404


def test_it_matches_the_review_embedded_in_the_claim_page(client, corpus):
    besieged = corpus["claims"][1]
    page = client.get(f"/claims/{besieged.pk}/").content.decode()
    embedded = page.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(embedded) == get_review(client, besieged)


def test_it_expands_as_json_ld_in_the_schema_org_vocabulary(client, corpus):
    review = get_review(client, corpus["claims"][1])
    [expanded] = jsonld.expand(review, {"documentLoader": document_loader})
    assert expanded["@type"] == [SCHEMA + "ClaimReview"]
    [rating] = expanded[SCHEMA + "reviewRating"]
    assert rating[SCHEMA + "ratingValue"] == [{"@value": 5}]
    assert rating[SCHEMA + "alternateName"] == [{"@value": "Supported"}]
    [item] = expanded[SCHEMA + "itemReviewed"]
    assert item["@type"] == [SCHEMA + "Claim"]
    assert SCHEMA + "appearance" in item


def test_it_exports_every_review_in_one_file(client, corpus):
    response = client.get("/exports/claimreviews.jsonld")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="claimreviews.jsonld"'
    reviews = json.loads(b"".join(response.streaming_content))
    _, besieged, fighters, left, _ = corpus["claims"]
    assert [r["url"] for r in reviews] == [
        f"http://testserver/claims/{c.pk}/" for c in (besieged, fighters, left)
    ]
    for review in reviews:
        jsonld.expand(review, {"documentLoader": document_loader})
