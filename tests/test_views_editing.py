"""Creating, editing and assessing claims through the pages (claims/views/editing.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Anchor, Assessment, Claim, ClaimEdit, Evidence, Quantity
from tests.factories import (
    add_anchor,
    make_actor,
    make_claim,
    make_event,
    make_place,
    make_source,
)
from tests.html import marked_quotes, text


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def sentence(source):
    return source.sentences.get(index=1)


def new_claim_data(sentence, quote=None, **fields):
    quote = sentence.text if quote is None else quote
    data = {
        "sentence": sentence.pk,
        "quote": quote,
        "statement": "",
        "kind": "factual",
        "quantities-TOTAL_FORMS": "0",
        "quantities-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return data


# New claim


def test_it_prefills_the_new_claim_form_with_the_selected_span(editor_client, source, sentence):
    start = source.text.index("40 km")
    end = start + len("40 km northeast of Aleppo")
    response = editor_client.get(
        reverse("claim-new"),
        {"source": source.slug, "sentence": 1, "start": start, "end": end},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>40 km northeast of Aleppo</mark>" in page
    form = response.context["form"]
    assert form["quote"].value() == "40 km northeast of Aleppo"
    assert form["statement"].value() == "40 km northeast of Aleppo"
    assert (form["start"].value(), form["end"].value()) == (start, end)


def test_it_trims_spaces_a_mouse_selection_took_along(editor_client, source, sentence):
    start = source.text.index(" lies 40")
    response = editor_client.get(
        reverse("claim-new"),
        {"source": source.slug, "sentence": 1, "start": start, "end": start + 9},
    )
    assert response.context["form"]["quote"].value() == "lies 40"


def test_it_finds_the_quote_when_the_offsets_are_off(editor_client, source, sentence):
    response = editor_client.get(
        reverse("claim-new"),
        {"source": source.slug, "sentence": 1, "start": 0, "end": 3, "quote": "northeast"},
    )
    assert response.context["form"]["quote"].value() == "northeast"


def test_it_takes_the_whole_sentence_when_offsets_leave_it(editor_client, source, sentence):
    response = editor_client.get(
        reverse("claim-new"), {"source": source.slug, "sentence": 1, "start": 0, "end": 9999}
    )
    assert response.context["form"]["quote"].value() == sentence.text


def test_it_answers_404_for_a_sentence_that_does_not_exist(editor_client, source):
    response = editor_client.get(reverse("claim-new"), {"source": source.slug, "sentence": 99})
    assert response.status_code == 404
    response = editor_client.get(reverse("claim-new"), {"source": "nope", "sentence": 1})
    assert response.status_code == 404


def test_it_creates_a_claim_anchored_to_the_quote_with_its_links(
    editor_client, editor, source, sentence
):
    isis = make_actor("Islamic State", aliases=["ISIS"])
    albab = make_place("Al-Bab")
    battle = make_event("Battle of Al-Bab")
    start = source.text.index("40 km")
    data = new_claim_data(
        sentence,
        "40 km northeast of Aleppo",
        start=start,
        end=start + 25,
        kind="quantitative",
        statement="Al-Bab is 40 km from Aleppo.",
        attributed_to="ISIS",
        actors=[isis.slug],
        places=["al-bab"],  # a name, any case
        events=["Battle of Al-Bab"],
    )
    data["places"] = ["AL-BAB"]
    response = editor_client.post(reverse("claim-new"), data)
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()
    assert claim.statement == "Al-Bab is 40 km from Aleppo."
    assert claim.kind == "quantitative"
    assert claim.created_by == editor
    assert claim.attributed_to == isis
    assert list(claim.actors.all()) == [isis]
    assert list(claim.places.all()) == [albab]
    assert list(claim.events.all()) == [battle]
    anchor = claim.anchors.get()
    assert source.text[anchor.start : anchor.end] == anchor.exact == "40 km northeast of Aleppo"
    assert anchor.prefix.endswith("Al-Bab lies ")
    assert anchor.suffix.startswith(". It was besieged")


def test_it_locates_a_quote_narrowed_by_hand(editor_client, source, sentence):
    data = new_claim_data(sentence, "  northeast of Aleppo ")
    editor_client.post(reverse("claim-new"), data)
    anchor = Anchor.objects.get()
    assert anchor.exact == "northeast of Aleppo"
    assert source.text[anchor.start : anchor.end] == "northeast of Aleppo"
    assert anchor.claim.statement == "northeast of Aleppo"


def test_it_refuses_a_reworded_quote_and_writes_nothing(editor_client, sentence):
    response = editor_client.post(
        reverse("claim-new"), new_claim_data(sentence, "Al-Bab is near Aleppo")
    )
    assert response.status_code == 400
    assert "must be copied exactly from the sentence" in response.content.decode()
    assert not Claim.objects.exists()


def test_it_names_an_unknown_actor_and_keeps_the_input(editor_client, sentence):
    response = editor_client.post(
        reverse("claim-new"), new_claim_data(sentence, statement="Mine.", actors=["Nobody Known"])
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is no actor called “Nobody Known”" in page
    assert "Mine." in page
    assert not Claim.objects.exists()


def test_it_asks_which_of_two_actors_with_one_name(editor_client, sentence):
    make_actor("Free Army", slug="free-army-a")
    make_actor("Free Army", slug="free-army-b")
    response = editor_client.post(
        reverse("claim-new"), new_claim_data(sentence, actors=["Free Army"])
    )
    assert response.status_code == 400
    assert "matches several actors" in response.content.decode()
    assert "free-army-b" in response.content.decode()


def test_it_adds_quantities_typed_and_accepted_but_not_ignored_suggestions(editor_client, sentence):
    data = new_claim_data(sentence)
    data.update(
        {
            "quantities-TOTAL_FORMS": "3",
            # a suggestion the editor accepted
            "quantities-0-suggested": "on",
            "quantities-0-accept": "on",
            "quantities-0-text": "40 km",
            "quantities-0-value": "40",
            "quantities-0-unit": "km",
            "quantities-0-qualifier": "exact",
            # a suggestion left alone
            "quantities-1-suggested": "on",
            "quantities-1-text": "Aleppo 2",
            "quantities-1-value": "2",
            "quantities-1-qualifier": "exact",
            # typed by hand
            "quantities-2-text": "about 35-45 km",
            "quantities-2-value": "35",
            "quantities-2-value_max": "45",
            "quantities-2-unit": "km",
            "quantities-2-qualifier": "range",
        }
    )
    assert editor_client.post(reverse("claim-new"), data).status_code == 302
    assert list(Quantity.objects.values_list("text", "unit", "qualifier")) == [
        ("40 km", "km", "exact"),
        ("about 35-45 km", "km", "range"),
    ]


def test_it_refuses_a_quantity_range_upside_down(editor_client, sentence):
    data = new_claim_data(sentence)
    data.update(
        {
            "quantities-TOTAL_FORMS": "1",
            "quantities-0-text": "45-35 km",
            "quantities-0-value": "45",
            "quantities-0-value_max": "35",
            "quantities-0-qualifier": "range",
        }
    )
    response = editor_client.post(reverse("claim-new"), data)
    assert response.status_code == 400
    assert "The upper end must not be below the number." in response.content.decode()
    assert not Claim.objects.exists()


def test_it_offers_the_quantities_found_in_the_quote_for_one_click(editor_client, source):
    response = editor_client.get(reverse("claim-new"), {"source": source.slug, "sentence": 3})
    formset = response.context["quantities"]
    suggested = [form.initial for form in formset if form.initial.get("suggested")]
    assert [(row["text"], row["value"], row["unit"], row["qualifier"]) for row in suggested] == [
        ("Over 5,000 fighters", 5000, "fighters", "over")
    ]
    page = response.content.decode()
    assert "Add suggestion" in page
    # Suggestions start unticked: nothing is added unless the editor says so.
    assert 'name="quantities-0-accept" id="id_quantities-0-accept" checked' not in page


# Reader and claim page controls


# New claim from the reader's panel: offsets over one or several sentences, no quantity rows


def reader_post(source, start, end, quote=None, **fields):
    data = {
        "source": source.slug,
        "start": start,
        "end": end,
        "quote": source.text[start:end] if quote is None else quote,
        "statement": "",
        "kind": "factual",
        "next": source.get_absolute_url(),
    }
    data.update(fields)
    return data


def test_it_creates_a_claim_from_the_reader_and_goes_back_to_it(editor_client, source):
    start = source.text.index("40 km")
    end = start + len("40 km northeast of Aleppo")
    response = editor_client.post(
        reverse("claim-new"), reader_post(source, start, end, kind="quantitative")
    )
    claim = Claim.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{source.get_absolute_url()}?claim={claim.pk}#s-1"
    assert claim.kind == "quantitative" and claim.statement == "40 km northeast of Aleppo"
    anchor = claim.anchors.get()
    assert source.text[anchor.start : anchor.end] == anchor.exact == "40 km northeast of Aleppo"
    page = editor_client.get(response["Location"]).content.decode()
    assert f"Claim #{claim.pk} created." in page


def test_it_anchors_a_selection_over_two_paragraphs_in_each_sentence(editor_client, source):
    # make_source: "The town ... Aleppo. It was besieged in 2016.\n\nOver 5,000 fighters ..."
    start = source.text.index("besieged")
    end = source.text.index(" fighters")
    page_text = "besieged in 2016.\nOver 5,000"  # the page shows no blank line between paragraphs
    response = editor_client.post(
        reverse("claim-new"), reader_post(source, start, end, quote=page_text)
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    anchors = list(claim.anchors.order_by("start"))
    assert [a.exact for a in anchors] == ["besieged in 2016.", "Over 5,000"]
    assert [a.sentence.index for a in anchors] == [2, 3]
    assert all(source.text[a.start : a.end] == a.exact for a in anchors)
    assert claim.statement == "besieged in 2016. Over 5,000"
    assert response["Location"].endswith("#s-2")


def test_it_refuses_a_selection_whose_text_changed_and_writes_nothing(editor_client, source):
    start = source.text.index("40 km")
    response = editor_client.post(
        reverse("claim-new"),
        reader_post(source, start, start + 5, quote="30 km", statement="My statement"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "no longer reads as the words you selected" in page
    assert "My statement" in page  # the editor's input is kept
    assert not Claim.objects.exists() and not Anchor.objects.exists()


def test_it_refuses_a_selection_outside_the_sentences(editor_client, source):
    # The blank line between the two paragraphs belongs to no sentence.
    gap = source.text.index("\n\n")
    response = editor_client.post(reverse("claim-new"), reader_post(source, gap, gap + 2))
    assert response.status_code == 400
    assert "select words inside the article" in response.content.decode()
    response = editor_client.post(
        reverse("claim-new"), {**reader_post(source, 5, 10), "source": "no-such-article"}
    )
    assert response.status_code == 400
    assert "This article is no longer here" in response.content.decode()
    assert not Claim.objects.exists()


def test_it_says_why_a_selection_over_too_many_sentences_is_refused(editor_client):
    source = make_source([[f"Sentence number {i}." for i in range(8)]])
    response = editor_client.post(reverse("claim-new"), reader_post(source, 0, len(source.text)))
    assert response.status_code == 400
    assert "at most 5 sentences; this selection covers 8" in response.content.decode()
    assert not Claim.objects.exists()


def test_it_sends_a_new_claim_back_only_to_its_own_reader(editor_client, source):
    start = source.text.index("40 km")
    # Another site, another page of ours, nothing: each goes to the new claim's page.
    for next_url in ("https://evil.example/", "/claims/", ""):
        response = editor_client.post(
            reverse("claim-new"), reader_post(source, start, start + 5, next=next_url)
        )
        newest = Claim.objects.latest("pk")
        assert response.status_code == 302
        assert response["Location"] == newest.get_absolute_url()


def test_it_opens_the_full_form_for_a_selection_over_two_sentences(editor_client, source):
    start = source.text.index("Aleppo")
    end = source.text.index(" in 2016")
    response = editor_client.get(
        reverse("claim-new"), {"source": source.slug, "start": start, "end": end}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "sentences 1–2 (one anchor in each)" in page
    assert "<mark>Aleppo. It was besieged</mark>" in page
    response = editor_client.post(
        reverse("claim-new"),
        {
            "source": source.slug,
            "sentence": source.sentences.get(index=1).pk,
            "start": start,
            "end": end,
            "quote": "Aleppo. It was besieged",
            "statement": "",
            "kind": "factual",
            "quantities-TOTAL_FORMS": "0",
            "quantities-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert [a.exact for a in Claim.objects.get().anchors.order_by("start")] == [
        "Aleppo.",
        "It was besieged",
    ]


def test_it_shows_the_new_claim_control_on_the_reader_to_editors_only(client, source, editor):
    url = source.get_absolute_url()
    assert 'id="new-claim-form"' not in client.get(url).content.decode()
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert 'id="new-claim-form"' in page
    form = page.split('id="new-claim-form"')[1].split("</form>")[0]
    assert 'name="csrfmiddlewaretoken"' in form


def test_it_shows_the_assessment_form_on_the_claim_page_to_editors_only(
    client, sentence, editor, researcher
):
    claim = make_claim(sentence)
    assert (
        f'action="/claims/{claim.pk}/assess/"'
        not in client.get(claim.get_absolute_url()).content.decode()
    )
    client.force_login(researcher)
    assert "Assess this claim" not in client.get(claim.get_absolute_url()).content.decode()
    client.force_login(editor)
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Assess this claim" in page
    assert f'name="version" value="{claim.version}"' in page
    assert 'name="csrfmiddlewaretoken"' in page


# Assess


def assess_data(claim, **fields):
    data = {"version": claim.version, "status": "refuted", "rationale": "Satellite images."}
    data.update(fields)
    return data


def test_it_assesses_a_claim_with_a_link_as_evidence(editor_client, editor, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess_data(
            claim,
            **{
                "evidence-stance": "contradicts",
                "evidence-url": "https://example.org/report",
                "evidence-title": "A report",
                "evidence-publisher": "Example",
                "evidence-published_on": "2017-03-01",
            },
        ),
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == "refuted"
    assessment = Assessment.objects.get()
    assert (assessment.editor, assessment.rationale) == (editor, "Satellite images.")
    evidence = Evidence.objects.get()
    assert (evidence.stance, evidence.url, evidence.added_by) == (
        "contradicts",
        "https://example.org/report",
        editor,
    )
    page = editor_client.get(response["Location"]).content.decode()
    assert "Status set to refuted." in page


def test_it_requires_a_rationale_and_writes_nothing(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]), assess_data(claim, rationale="  ")
    )
    assert response.status_code == 400
    assert "a rationale is required for this status" in response.content.decode()
    assert not Assessment.objects.exists()
    claim.refresh_from_db()
    assert claim.status == "unassessed"


def test_it_resets_to_unassessed_without_a_rationale(editor_client, sentence):
    claim = make_claim(sentence)
    services.claim_assess(claim=claim, status="supported", rationale="Seen.")
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess_data(claim, status="unassessed", rationale=""),
    )
    assert response.status_code == 302
    assert list(claim.assessments.values_list("status", flat=True)) == ["supported", "unassessed"]


@pytest.mark.parametrize(
    "evidence, message",
    [
        ({"evidence-publisher": "Only a publisher"}, "Evidence needs something to point at"),
        ({"evidence-url": "not a link"}, "Enter a valid URL."),
        ({"evidence-passage": "/sources/nope/#s-1"}, "There is no sentence 1 in a source “nope”"),
        ({"evidence-passage": "somewhere else"}, "Paste a sentence link from the reader"),
        ({"evidence-published_on": "March"}, "Enter a valid date."),
    ],
)
def test_it_refuses_bad_evidence_and_writes_nothing(editor_client, sentence, evidence, message):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]), assess_data(claim, **evidence)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.exists()
    assert not Evidence.objects.exists()


def test_it_cites_a_sentence_of_another_source_by_its_reader_link(editor_client, sentence):
    claim = make_claim(sentence)
    other = make_source([["Turkish-backed forces took Al-Bab.", "The siege ended in February."]])
    link = f"http://testserver/sources/{other.slug}/#s-2"
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess_data(
            claim, status="supported", **{"evidence-passage": link, "evidence-stance": "supports"}
        ),
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.sentence, evidence.quote) == (
        other.sentences.get(index=2),
        "The siege ended in February.",
    )
    # Citing a sentence makes no claim of it.
    assert not Claim.objects.filter(anchors__source=other).exists()
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    assert "The siege ended in February." in page
    assert f'href="/sources/{other.slug}/#s-2"' in page


def test_it_cites_another_claim_by_its_address(editor_client, source, sentence):
    claim = make_claim(sentence)
    other = make_claim(source.sentences.get(index=2))
    editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess_data(
            claim, **{"evidence-passage": f"/claims/{other.pk}/", "evidence-stance": "context"}
        ),
    )
    assert Evidence.objects.get().anchor == other.anchors.get()


# Concurrency: two editors, one claim


def test_it_shows_the_second_of_two_editors_the_newer_assessment_and_keeps_their_input(
    db, sentence, editor, django_user_model
):
    from django.contrib.auth.models import Group

    claim = make_claim(sentence)
    other = django_user_model.objects.create_user("second-editor", password="x" * 20)
    other.groups.add(Group.objects.get(name="Editors"))
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(other)

    # Both open the claim page: both forms carry version 1.
    for browser in (first, second):
        page = browser.get(claim.get_absolute_url()).content.decode()
        assert 'name="version" value="1"' in page

    first_post = first.post(
        reverse("claim-assess", args=[claim.pk]),
        {"version": 1, "status": "refuted", "rationale": "Satellite images show otherwise."},
    )
    assert first_post.status_code == 302
    second_post = second.post(
        reverse("claim-assess", args=[claim.pk]),
        {"version": 1, "status": "supported", "rationale": "Two witnesses confirm it."},
    )
    page = second_post.content.decode()
    assert second_post.status_code == 409
    assert "Another editor changed this claim while you were editing it" in page
    # The newer assessment, by the first editor, is on the page...
    assert "Satellite images show otherwise." in text(page)
    assert "Newest assessment" in page and "editor" in page
    # ...and the second editor's own input is still in the form.
    form = second_post.context["form"]
    assert form["status"].value() == "supported"
    assert form["rationale"].value() == "Two witnesses confirm it."
    assert form["version"].value() == "2"
    claim.refresh_from_db()
    assert claim.status == "refuted"
    assert claim.assessments.count() == 1

    # Submitting again, knowingly, goes through on top of the newer version.
    again = second.post(
        reverse("claim-assess", args=[claim.pk]),
        {"version": 2, "status": "disputed", "rationale": "Two witnesses confirm it."},
    )
    assert again.status_code == 302
    assert list(claim.assessments.values_list("status", flat=True)) == ["refuted", "disputed"]


def test_it_refuses_a_stale_claim_edit_the_same_way(db, sentence, editor, superuser):
    claim = make_claim(sentence)
    first, second = Client(), Client()
    first.force_login(editor)
    second.force_login(superuser)
    assert (
        'name="version" value="1"'
        in second.get(reverse("claim-edit", args=[claim.pk])).content.decode()
    )
    first.post(
        reverse("claim-edit", args=[claim.pk]),
        {"version": 1, "statement": "The editor's wording.", "kind": "factual"},
    )
    response = second.post(
        reverse("claim-edit", args=[claim.pk]),
        {"version": 1, "statement": "The admin's wording.", "kind": "opinion"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "Another editor changed this claim" in page
    assert "The editor&#x27;s wording." in page  # the claim as it is now
    assert response.context["form"]["statement"].value() == "The admin's wording."
    claim.refresh_from_db()
    assert claim.statement == "The editor's wording."


# Edit and history


def test_it_records_and_shows_an_edit_of_statement_kind_and_links(editor_client, sentence):
    claim = make_claim(sentence)
    sdf = make_actor("SDF")
    response = editor_client.post(
        reverse("claim-edit", args=[claim.pk]),
        {"version": 1, "statement": "Al-Bab is near Aleppo.", "kind": "opinion", "actors": ["SDF"]},
    )
    assert response.status_code == 302
    edit = ClaimEdit.objects.get()
    assert edit.changes["actors"] == {"from": [], "to": ["SDF"]}
    page = text(editor_client.get(claim.get_absolute_url()).content.decode())
    assert "Edit history" in page
    assert "statement: " + sentence.text + " → Al-Bab is near Aleppo." in " ".join(page.split())
    assert "kind: factual → opinion" in page
    assert "actors: added SDF" in page
    assert list(claim.actors.all()) == [sdf]


def test_it_removes_a_link_when_its_box_is_unticked(editor_client, sentence):
    sdf, ypg = make_actor("SDF"), make_actor("YPG")
    claim = make_claim(sentence, actors=[sdf, ypg])
    form_page = editor_client.get(reverse("claim-edit", args=[claim.pk])).content.decode()
    assert f'value="{sdf.slug}" checked' in form_page
    editor_client.post(
        reverse("claim-edit", args=[claim.pk]),
        {"version": 1, "statement": claim.statement, "kind": "factual", "actors": [ypg.slug]},
    )
    assert list(claim.actors.all()) == [ypg]
    assert ClaimEdit.objects.get().changes["actors"] == {"from": ["SDF", "YPG"], "to": ["YPG"]}


def test_it_keeps_every_assessment_and_shows_them_all(editor_client, sentence, client):
    claim = make_claim(sentence)
    for status, why in [("disputed", "Sources differ."), ("refuted", "New data.")]:
        claim.refresh_from_db()
        editor_client.post(
            reverse("claim-assess", args=[claim.pk]),
            {"version": claim.version, "status": status, "rationale": why},
        )
    page = text(client.get(claim.get_absolute_url()).content.decode())
    assert "Sources differ." in page and "New data." in page


def test_it_shows_the_full_history_on_the_assess_page(editor_client, sentence):
    claim = make_claim(sentence)
    services.claim_assess(
        claim=claim,
        status="refuted",
        rationale="Wrong.",
        evidence=[{"url": "https://example.org/a", "title": "Report A"}],
    )
    services.claim_update(claim=claim, editor=None, statement="Shorter.")
    page = text(editor_client.get(reverse("claim-assess", args=[claim.pk])).content.decode())
    assert "Assessed Refuted" in page
    assert "Added evidence: Supports: Report A" in " ".join(page.split())
    assert "statement:" in page


# Bulk


def test_it_assesses_the_claims_ticked_in_a_list(editor_client, source):
    claims = [make_claim(s) for s in source.sentences.all()]
    response = editor_client.post(
        reverse("claims-bulk-assess"),
        {
            "claims": [claims[0].pk, claims[2].pk],
            f"version-{claims[0].pk}": "1",
            f"version-{claims[2].pk}": "1",
            "status": "unverified",
            "rationale": "Nothing found either way.",
            "next": "/claims/?status=unassessed",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/claims/?status=unassessed"
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses == {
        claims[0].pk: "unverified",
        claims[1].pk: "unassessed",
        claims[2].pk: "unverified",
    }
    assert Assessment.objects.filter(rationale="Nothing found either way.").count() == 2


def test_it_does_not_redirect_a_bulk_assessment_off_site(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claims-bulk-assess"),
        {
            "claims": [claim.pk],
            f"version-{claim.pk}": "1",
            "status": "unverified",
            "rationale": "x",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("home")


def test_it_refuses_a_claim_sent_without_its_version_in_bulk(editor_client, source):
    first, second = (make_claim(s) for s in source.sentences.all()[:2])
    response = editor_client.post(
        reverse("claims-bulk-assess"),
        {
            "claims": [first.pk, second.pk],
            f"version-{first.pk}": "1",
            f"version-{second.pk}": "",
            "status": "refuted",
            "rationale": "Wrong.",
        },
    )
    assert response.status_code == 400
    assert f"Claim #{second.pk} was sent without the version you saw" in response.content.decode()
    assert not Assessment.objects.exists()


def test_it_needs_a_ticked_claim_and_a_rationale_in_bulk(editor_client, sentence):
    response = editor_client.post(
        reverse("claims-bulk-assess"), {"status": "refuted", "rationale": ""}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Tick at least one claim first." in page
    assert "a rationale is required" in page
    assert not Assessment.objects.exists()


def test_it_assesses_none_in_bulk_if_one_changed_meanwhile(editor_client, source):
    first, second = (make_claim(s) for s in source.sentences.all()[:2])
    services.claim_assess(claim=second, status="supported", rationale="Confirmed by B.")
    response = editor_client.post(
        reverse("claims-bulk-assess"),
        {
            "claims": [first.pk, second.pk],
            f"version-{first.pk}": "1",
            f"version-{second.pk}": "1",
            "status": "refuted",
            "rationale": "Both wrong.",
        },
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert f"Another editor changed #{second.pk}" in page
    assert "Confirmed by B." in page
    assert "Both wrong." in page
    assert Assessment.objects.count() == 1


def test_it_never_deletes_a_claim_for_an_editor(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(f"/admin/claims/claim/{claim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_it_offers_bulk_selection_in_the_claim_browser_to_editors_only(
    client, source, editor, django_assert_max_num_queries
):
    for sentence in source.sentences.all():
        make_claim(sentence)
    page = client.get("/claims/").content.decode()
    assert 'id="bulk-assess"' not in page and "bulk-select" not in page
    client.force_login(editor)
    with django_assert_max_num_queries(30):
        page = client.get("/claims/").content.decode()
    assert 'id="bulk-assess"' in page
    assert page.count('form="bulk-assess" class="bulk-select"') == 3
    assert 'name="version-' in page


def test_it_keeps_the_browser_query_count_flat_for_editors(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    make_claim(make_source().sentences.first())
    with django_assert_max_num_queries(40) as few:
        client.get("/claims/")
    for _ in range(10):
        make_claim(make_source().sentences.first())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/claims/")


def test_it_explains_a_tampered_form_instead_of_failing(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claim-edit", args=[claim.pk]), {"statement": "New.", "kind": "factual"}
    )
    assert response.status_code == 400
    assert "This form is out of date or incomplete" in response.content.decode()
    assert not ClaimEdit.objects.exists()
    response = editor_client.post(reverse("claim-new"), {"sentence": "999", "quote": "x"})
    assert response.status_code == 400
    assert "This sentence no longer exists" in response.content.decode()
    assert Claim.objects.count() == 1


# The quote in view: every page that assesses shows the claim's exact words
# marked in their sentence.


def test_it_shows_the_quote_marked_in_its_sentence_in_the_claim_page_form(editor_client, sentence):
    claim = make_claim(sentence, "40 km northeast of Aleppo")
    page = editor_client.get(claim.get_absolute_url()).content.decode()
    form = page[page.index('id="assess-heading"') : page.index("Save assessment")]
    assert marked_quotes(form) == [(sentence.text, ["40 km northeast of Aleppo"])]


def test_it_shows_the_quote_marked_on_the_assess_page(editor_client, sentence):
    claim = make_claim(sentence, "lies 40 km")
    page = editor_client.get(reverse("claim-assess", args=[claim.pk])).content.decode()
    assert marked_quotes(page) == [(sentence.text, ["lies 40 km"])]
    assert f'href="{sentence.get_absolute_url()}"' in page


def test_it_shows_each_sentence_of_a_claim_quoted_in_two(editor_client, source, sentence):
    claim = make_claim(sentence, "Al-Bab lies 40 km")
    second = source.sentences.get(index=2)
    add_anchor(claim, second, "besieged in 2016")
    page = editor_client.get(reverse("claim-assess", args=[claim.pk])).content.decode()
    assert marked_quotes(page) == [
        (sentence.text, ["Al-Bab lies 40 km"]),
        (second.text, ["besieged in 2016"]),
    ]


def test_it_keeps_the_quote_in_view_after_a_refused_assessment(editor_client, sentence):
    claim = make_claim(sentence, "northeast of Aleppo")
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]), assess_data(claim, rationale="")
    )
    assert response.status_code == 400
    assert marked_quotes(response.content.decode()) == [(sentence.text, ["northeast of Aleppo"])]


def test_it_keeps_the_quote_in_view_after_a_conflict(editor_client, sentence):
    claim = make_claim(sentence, "northeast of Aleppo")
    services.claim_assess(claim=claim, status="supported", rationale="Seen by another editor.")
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]), assess_data(claim, version=1)
    )
    assert response.status_code == 409
    assert marked_quotes(response.content.decode()) == [(sentence.text, ["northeast of Aleppo"])]


def test_it_escapes_the_sentence_and_the_quote(editor_client):
    source = make_source([["Officials said <b>“5 & 6”</b> units were sent."]])
    sentence = source.sentences.get()
    claim = make_claim(sentence, "<b>“5 & 6”</b> units")
    page = editor_client.get(reverse("claim-assess", args=[claim.pk])).content.decode()
    assert "<mark>&lt;b&gt;“5 &amp; 6”&lt;/b&gt; units</mark>" in page
    assert marked_quotes(page) == [(sentence.text, ["<b>“5 & 6”</b> units"])]


def test_it_marks_nothing_for_an_anchor_that_no_longer_holds_its_quote(editor_client, sentence):
    claim = make_claim(sentence, "northeast of Aleppo")
    Anchor.objects.filter(claim=claim).update(start=sentence.start + 1, end=sentence.start + 9)
    page = editor_client.get(reverse("claim-assess", args=[claim.pk])).content.decode()
    assert marked_quotes(page) == [(sentence.text, [])]
    assert "The quote “northeast of Aleppo” no longer stands in this sentence" in text(page)


def test_it_shows_the_quotes_on_the_assess_page_in_a_fixed_number_of_queries(
    editor_client, source, sentence, django_assert_max_num_queries
):
    claim = make_claim(sentence, "Al-Bab")
    url = reverse("claim-assess", args=[claim.pk])
    with django_assert_max_num_queries(20) as one:
        editor_client.get(url)
    for other in source.sentences.exclude(pk=sentence.pk):
        add_anchor(claim, other)
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = editor_client.get(url).content.decode()
    assert len(marked_quotes(page)) == 3


# Evidence stance: never preselected as "supports" behind the editor's back


def test_it_preselects_no_stance(editor_client, sentence):
    claim = make_claim(sentence)
    services.claim_assess(claim=claim, status="refuted", rationale="Wrong.")
    for url in (claim.get_absolute_url(), reverse("claim-assess", args=[claim.pk])):
        response = editor_client.get(url)
        stance = response.context["evidence_form"]["stance"]
        assert stance.value() in (None, "")
        assert '<option value="supports" selected>' not in response.content.decode()
        assert '<option value="" selected>Choose…</option>' in response.content.decode()


def test_it_refuses_evidence_without_a_stance_and_writes_nothing(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess_data(claim, status="refuted", **{"evidence-url": "https://example.org/map"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose the stance of this evidence" in page
    # The refuted assessment shown again does not offer "supports" ready-made.
    assert '<option value="supports" selected>' not in page
    assert response.context["form"]["status"].value() == "refuted"
    assert response.context["evidence_form"]["url"].value() == "https://example.org/map"
    assert not Assessment.objects.exists()
    assert not Evidence.objects.exists()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("unassessed", 1)


def test_it_saves_the_stance_chosen(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess_data(
            claim,
            status="disputed",
            **{"evidence-url": "https://example.org/map", "evidence-stance": "context"},
        ),
    )
    assert response.status_code == 302
    assert Evidence.objects.get().stance == "context"


def test_it_needs_no_stance_without_evidence(editor_client, sentence):
    claim = make_claim(sentence)
    response = editor_client.post(reverse("claim-assess", args=[claim.pk]), assess_data(claim))
    assert response.status_code == 302
    assert not Evidence.objects.exists()


def test_it_tells_the_script_which_stance_each_status_suggests(editor_client, sentence):
    claim = make_claim(sentence)
    page = editor_client.get(reverse("claim-assess", args=[claim.pk])).content.decode()
    assert (
        'data-stance-for="{&quot;supported&quot;: &quot;supports&quot;, '
        "&quot;partly_supported&quot;: &quot;supports&quot;, "
        "&quot;disputed&quot;: &quot;contradicts&quot;, "
        '&quot;refuted&quot;: &quot;contradicts&quot;}"'
    ) in page
    assert "js/editing.js" in page


# Bulk assessing with the quotes in view


def bulk_data(claims, **fields):
    data = {"claims": [claim.pk for claim in claims], "status": "refuted", "rationale": "Wrong."}
    data.update({f"version-{claim.pk}": "1" for claim in claims})
    data.update(fields)
    return data


def test_it_shows_each_ticked_claim_with_its_marked_quote_after_a_refusal(
    editor_client, source, django_assert_max_num_queries
):
    first, second, third = source.sentences.order_by("index")
    claims = [
        make_claim(first, "40 km northeast"),
        make_claim(second, "besieged"),
        make_claim(third, "5,000 fighters"),
    ]
    with django_assert_max_num_queries(20) as two:
        editor_client.post(reverse("claims-bulk-assess"), bulk_data(claims[:2], rationale=""))
    with django_assert_max_num_queries(len(two.captured_queries)):
        response = editor_client.post(
            reverse("claims-bulk-assess"), bulk_data(claims, rationale="")
        )
    assert response.status_code == 400
    assert marked_quotes(response.content.decode()) == [
        (first.text, ["40 km northeast"]),
        (second.text, ["besieged"]),
        (third.text, ["5,000 fighters"]),
    ]
    assert not Assessment.objects.exists()


def test_it_shows_each_ticked_claim_with_its_marked_quote_after_a_conflict(editor_client, source):
    first, second = source.sentences.order_by("index")[:2]
    claims = [make_claim(first, "Al-Bab"), make_claim(second, "in 2016")]
    services.claim_assess(claim=claims[1], status="supported", rationale="Confirmed by B.")
    response = editor_client.post(reverse("claims-bulk-assess"), bulk_data(claims))
    assert response.status_code == 409
    assert marked_quotes(response.content.decode()) == [
        (first.text, ["Al-Bab"]),
        (second.text, ["in 2016"]),
    ]


def test_it_shows_editors_each_quote_marked_in_the_claim_browser(client, editor, source):
    first, second = source.sentences.order_by("index")[:2]
    make_claim(first, "northeast of Aleppo")
    make_claim(second, "besieged")
    assert marked_quotes(client.get("/claims/").content.decode()) == []
    client.force_login(editor)
    quotes = marked_quotes(client.get("/claims/").content.decode())
    assert sorted(quotes) == sorted(
        [(first.text, ["northeast of Aleppo"]), (second.text, ["besieged"])]
    )


def test_it_labels_each_row_of_the_claim_browser_with_its_checkbox(editor_client, sentence):
    claim = make_claim(sentence)
    page = editor_client.get("/claims/").content.decode()
    assert (
        f'<label class="bulk-select-label"><input type="checkbox" name="claims" '
        f'value="{claim.pk}" form="bulk-assess" class="bulk-select">'
        f'<span class="visually-hidden">Select claim #{claim.pk}</span></label>'
    ) in page
