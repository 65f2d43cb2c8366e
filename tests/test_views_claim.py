import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import STATUS_MEANINGS, ClaimRelation, Evidence
from tests.factories import add_anchor, make_actor, make_claim, make_event, make_place, make_source
from tests.html import inner_html, text

pytestmark = pytest.mark.django_db


def _json_ld(html):
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(script) for script in scripts]


@pytest.fixture
def claim(source):
    return make_claim(
        source.sentences.get(index=2), "besieged in 2016", statement="Al-Bab was besieged in 2016."
    )


def test_it_shows_the_quote_in_its_sentence_with_neighbours(client, claim, source):
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<h1>Al-Bab was besieged in 2016.</h1>" in html
    assert '<mark class="hl st-unassessed">besieged in 2016</mark>' in html
    assert "It was " in html
    assert "The town of Al-Bab lies 40 km northeast of Aleppo." in html  # sentence before
    assert "Over 5,000 fighters defended it." in html  # sentence after
    # Read in context: the sentence, with this claim's own words marked there
    assert f'href="{source.get_absolute_url()}?claim={claim.pk}#s-2">Read in context' in html


def test_it_shows_the_status_with_its_meaning(client, claim, editor):
    services.claim_assess(
        claim=claim, status="disputed", rationale="Sources differ on the month.", editor=editor
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    assert '<span class="status st-disputed">Disputed</span>' in html
    assert STATUS_MEANINGS["disputed"] in html
    history = text(inner_html(html, "history-heading").join(["", ""]))
    assert "Assessment history" in history
    assert "Sources differ on the month." in html
    assert f"by Editor {editor.pk}," in text(html)


def test_it_names_editors_by_full_name_or_pseudonym_never_by_login_name(client, claim, editor):
    """A login name shown to every reader tells an attacker which accounts to guess."""
    editor.username = "dk-login-2026"
    editor.save()
    services.claim_assess(claim=claim, status="disputed", rationale="Unclear.", editor=editor)
    services.evidence_add(claim=claim, editor=editor, stance="context", url="https://example.org/")
    services.claim_update(claim=claim, editor=editor, statement="Reworded.")
    page = text(client.get(claim.get_absolute_url()).content.decode())
    assert f"by Editor {editor.pk}" in page
    assert "dk-login-2026" not in page
    editor.first_name, editor.last_name = "Dana", "Kurd"
    editor.save()
    page = text(client.get(claim.get_absolute_url()).content.decode())
    assert "by Dana Kurd" in page
    assert "dk-login-2026" not in page


def test_it_says_when_an_assessment_has_no_editor_on_record(client, claim):
    """Fixture data and deleted accounts: the history does not invent a person."""
    services.claim_assess(claim=claim, status="supported", rationale="Two sources.", editor=None)
    history = text(
        re.search(
            r'<ol class="assessment-list".*?</ol>',
            client.get(claim.get_absolute_url()).content.decode(),
            re.S,
        ).group(0)
    )
    assert "Supported" in history
    assert "editor not recorded" in history
    assert "former editor" not in history


def test_it_lists_every_anchor_when_a_claim_appears_in_several_sources(client, claim):
    other = make_source(
        [["Reports said Al-Bab was besieged in 2016 by several forces."]], title="Second report"
    )
    sentence = other.sentences.get()
    add_anchor(claim, sentence, "besieged in 2016")
    html = client.get(claim.get_absolute_url()).content.decode()
    assert html.count("Read in context") == 2
    assert f'href="{other.get_absolute_url()}?claim={claim.pk}#s-1"' in html


def test_it_hides_anchors_in_unpublished_sources_and_claims_only_there(client, claim):
    hidden = make_source([["A draft sentence that nobody may read."]], is_published=False)
    draft_claim = make_claim(hidden.sentences.get())
    add_anchor(claim, hidden.sentences.get(), "draft")
    assert client.get(draft_claim.get_absolute_url()).status_code == 404
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "nobody may read" not in html
    assert client.get("/claims/999999/").status_code == 404


def test_it_lists_entities_quantities_evidence_and_relations(client, claim, source):
    actor, place, event = make_actor(), make_place(), make_event()
    claim.actors.add(actor)
    claim.places.add(place)
    claim.events.add(event)
    claim.quantities.create(text="5,000 fighters", value=5000, unit="fighters", qualifier="over")
    Evidence.objects.create(
        claim=claim, stance="contradicts", url="https://example.org/report", title="Field report"
    )
    other = make_claim(source.sentences.get(index=3))
    ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind="supports")

    html = client.get(claim.get_absolute_url()).content.decode()

    for entity in (actor, place, event):
        assert f'href="{entity.get_absolute_url()}"' in html
    assert "“5,000 fighters”: over 5000 fighters" in html
    assert "Contradicts" in html and 'href="https://example.org/report"' in html
    assert "supported by" in html and f'href="{other.get_absolute_url()}"' in html
    # and from the other end
    assert "supports" in client.get(other.get_absolute_url()).content.decode()


def test_it_embeds_claim_review_for_assessed_claims_only(client, claim, editor):
    assert _json_ld(client.get(claim.get_absolute_url()).content.decode()) == []
    services.claim_assess(
        claim=claim, status="refuted", rationale="</script><script>alert(1)</script>", editor=editor
    )

    html = client.get(claim.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in html
    (review,) = _json_ld(html)
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Al-Bab was besieged in 2016."
    assert review["reviewRating"]["alternateName"] == "Refuted"
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["reviewBody"] == "</script><script>alert(1)</script>"
    assert review["itemReviewed"]["appearance"][0]["text"] == "besieged in 2016"


def test_it_uses_a_fixed_number_of_queries(client, editor, django_assert_max_num_queries):
    def build(n):
        source = make_source([[f"Sentence {i} about Al-Bab." for i in range(n + 2)]])
        sentences = list(source.sentences.all())
        elsewhere = list(
            make_source([[f"Report {i} on Al-Bab." for i in range(n)]]).sentences.all()
        )
        claim = make_claim(sentences[1])
        for i in range(n):
            claim.actors.add(make_actor(f"Actor {i}"))
            claim.places.add(make_place(f"Place {i}"))
            claim.events.add(make_event(f"Event {i}"))
            claim.quantities.create(text=f"{i} troops", value=i)
            services.claim_assess(
                claim=claim,
                status="supported",
                rationale=f"Reason {i}",
                editor=editor,
                evidence=[
                    {"url": f"https://example.org/{i}"},
                    {"sentence": elsewhere[i], "stance": "supports"},
                ],
            )
            other = make_claim(sentences[i + 2])
            ClaimRelation.objects.create(from_claim=claim, to_claim=other, kind="elaborates")
            ClaimRelation.objects.create(from_claim=other, to_claim=claim, kind="supports")
            s = sentences[i + 2]
            add_anchor(claim, s)
        return claim

    def count(claim):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(claim.get_absolute_url()).status_code == 200
        return len(queries)

    small, large = build(1), build(8)
    assert count(small) == count(large) <= 14  # rendered: the claim's versions, then the page
    assert count(large) == 1  # its fragments kept: the claim with its versions
    client.force_login(editor)  # an editor's page is rendered whole, in as many queries
    assert count(small) == count(large)
    with django_assert_max_num_queries(18):
        client.get(large.get_absolute_url())


def test_it_keeps_neighbours_from_other_paragraphs_in_their_own_paragraph(client, source):
    claim = make_claim(source.sentences.get(index=3))  # first of paragraph 2
    html = client.get(claim.get_absolute_url()).content.decode()
    assert (
        '<p class="context-sentence">It was besieged in 2016.</p>' in html
    )  # paragraph 1's last sentence


def test_it_escapes_statements_rationales_and_evidence(client, claim, editor):
    claim.statement = "<b>bold</b> claim"
    claim.save()
    services.claim_assess(
        claim=claim,
        status="supported",
        rationale="<img src=x onerror=alert(1)>",
        editor=editor,
        evidence=[{"title": "<i>report</i>", "url": "https://example.org/"}],
    )
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt; claim" in html
    assert "<img src=x" not in html
    assert "<i>report</i>" not in html


def test_it_does_not_link_evidence_in_an_unpublished_source(client, claim):
    draft = make_source([["A passage in a draft."]], title="Draft report", is_published=False)
    sentence = draft.sentences.get()
    passage = add_anchor(make_claim(make_source().sentences.first()), sentence)
    Evidence.objects.create(claim=claim, anchor=passage)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "Draft report (not yet published)" in html
    assert draft.get_absolute_url() not in html
