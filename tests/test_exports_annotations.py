import json

import pytest
from pyld import jsonld

from claims.exports.contexts import document_loader
from tests.factories import make_claim, make_corpus

OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"


@pytest.fixture
def corpus(db, editor):
    return make_corpus(editor=editor)


def get_collection(client, source):
    response = client.get(f"/sources/{source.slug}/annotations.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert 'profile="http://www.w3.org/ns/anno.jsonld"' in response["Content-Type"]
    return json.loads(response.content)


def selectors_of(annotation):
    return {s["type"]: s for s in annotation["target"]["selector"]}


def test_it_gives_every_anchor_of_a_source_as_an_annotation(client, corpus):
    source = corpus["sources"][0]
    collection = get_collection(client, source)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 3
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    assert page["partOf"] == collection["id"]
    items = page["items"]
    assert [selectors_of(a)["TextQuoteSelector"]["exact"] for a in items] == [
        "40 km northeast of Aleppo",
        "It was besieged in 2016.",
        "Over 5,000 fighters defended it",
    ]
    fighters = items[2]
    assert fighters["type"] == "Annotation"
    bodies = {body["purpose"]: body for body in fighters["body"]}
    assert bodies["describing"]["value"] == "Over 5,000 fighters defended it"
    assert bodies["classifying"]["value"] == "quantitative"
    assert bodies["assessing"]["value"] == "disputed"
    assert bodies["linking"]["id"] == f"http://testserver/claims/{corpus['claims'][2].pk}/"
    assert fighters["target"]["scope"] == f"http://testserver/sources/{source.slug}/#s-3"


def test_it_resolves_both_selectors_to_the_same_text(client, corpus):
    source = corpus["sources"][0]
    sentence = source.sentences.get(index=3)
    make_claim(sentence, "defended it")
    for item in get_collection(client, source)["first"]["items"]:
        text_response = client.get(item["target"]["source"].removeprefix("http://testserver"))
        assert text_response["Content-Type"] == "text/plain; charset=utf-8"
        text = text_response.content.decode("utf-8")
        assert text == source.text
        selectors = selectors_of(item)
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        exact = text[position["start"] : position["end"]]
        assert exact == quote["exact"]
        assert text[: position["start"]].endswith(quote.get("prefix", ""))
        assert text[position["end"] :].startswith(quote.get("suffix", ""))
        # And the quote alone finds the same place when its context is used.
        found = text.find(quote.get("prefix", "") + quote["exact"] + quote.get("suffix", ""))
        assert found + len(quote.get("prefix", "")) == position["start"]


def test_it_counts_offsets_in_code_points_like_the_w3c_model(client, db):
    from tests.factories import make_source

    source = make_source([["Le général 𝔸 dit: «Nous tenons Raqqa.»"]])
    sentence = source.sentences.get()
    make_claim(sentence, "«Nous tenons Raqqa.»")
    [item] = get_collection(client, source)["first"]["items"]
    position = selectors_of(item)["TextPositionSelector"]
    assert source.text[position["start"] : position["end"]] == "«Nous tenons Raqqa.»"
    assert position["start"] == len("Le général 𝔸 dit: ")


def test_it_expands_as_json_ld_with_the_w3c_vocabulary(client, corpus):
    collection = get_collection(client, corpus["sources"][0])
    [expanded] = jsonld.expand(collection, {"documentLoader": document_loader})
    assert expanded["@type"] == [AS + "OrderedCollection"]
    [page] = expanded[AS + "first"]
    [items] = page[AS + "items"]
    annotation = items["@list"][0]
    assert annotation["@type"] == [OA + "Annotation"]
    assert annotation[OA + "motivatedBy"] == [{"@id": OA + "describing"}]
    [target] = annotation[OA + "hasTarget"]
    kinds = {s["@type"][0] for s in target[OA + "hasSelector"]}
    assert kinds == {OA + "TextQuoteSelector", OA + "TextPositionSelector"}
    position = next(s for s in target[OA + "hasSelector"] if "Position" in s["@type"][0])
    assert (
        position[OA + "start"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#nonNegativeInteger"
    )
    purposes = {b[OA + "hasPurpose"][0]["@id"] for b in annotation[OA + "hasBody"]}
    assert purposes == {OA + "describing", OA + "classifying", OA + "tagging", OA + "linking"}


def test_it_refuses_to_fetch_a_context_it_does_not_hold(client, corpus):
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(
            {"@context": "https://example.org/other.jsonld", "x": 1},
            {"documentLoader": document_loader},
        )


def test_it_404s_for_an_unpublished_source(client, corpus):
    hidden = corpus["sources"][2]
    assert client.get(f"/sources/{hidden.slug}/annotations.jsonld").status_code == 404
    assert client.get(f"/sources/{hidden.slug}/text.txt").status_code == 404
