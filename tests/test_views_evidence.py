"""Citing a sentence of another stored source as evidence: the assess form's
search (without JavaScript: its "Find sentences" button; with it: the JSON
behind it), the saved evidence on the claim page, and what is refused."""

import pytest
from django.urls import reverse

from claims import services
from claims.models import Assessment, Claim, Evidence
from tests.factories import make_claim, make_source
from tests.html import text


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def claim(source):
    return make_claim(source.sentences.get(index=1))


@pytest.fixture
def report(db):
    return make_source(
        [
            ["Aid workers reached Al-Bab in March.", "The town was taken in February 2017."],
            ["Nothing else happened."],
        ],
        title="Monitor report",
        published_on="2017-03-02",
    )


def assess(claim, **fields):
    data = {"version": claim.version, "status": "supported", "rationale": "Seen in a report."}
    data.update(fields)
    return data


def search(client, claim, q, **fields):
    return client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(claim, **{"evidence-sentence_q": q, "evidence-search": "1", **fields}),
    )


def sentence_choices(page):
    """(value, label text) of each sentence the form offers to cite."""
    import re

    return [
        (value, " ".join(text(label).split()))
        for value, label in re.findall(
            r'<label><input type="radio" name="evidence-sentence" value="(\d*)"[^>]*>(.*?)</label>',
            page,
            flags=re.S,
        )
    ]


def test_it_finds_sentences_of_other_sources_and_keeps_what_was_typed(editor_client, claim, report):
    response = search(
        editor_client,
        claim,
        "taken February",
        rationale="Half a rationale, not lost",
        **{"evidence-stance": "supports", "evidence-note": "page 3"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert sentence_choices(page) == [
        ("", "None of these"),
        (
            str(report.sentences.get(index=2).pk),
            "“The town was taken in February 2017.” Monitor report, 2 March 2017, sentence 2",
        ),
    ]
    # What the editor had typed is still in the form, and nothing was written.
    assert "Half a rationale, not lost</textarea>" in page
    assert '<option value="supports" selected>' in page
    assert "page 3</textarea>" in page
    assert 'value="taken February"' in page
    assert not Assessment.objects.exists() and not Evidence.objects.exists()


def test_it_leaves_out_the_claims_own_article(editor_client, source, claim):
    # "Al-Bab" is in the claim's own article too: only the other source is offered.
    other = make_source([["Al-Bab was quiet."]], title="Elsewhere")
    page = search(editor_client, claim, "Al-Bab").content.decode()
    assert [label for _, label in sentence_choices(page)[1:]] == [
        "“Al-Bab was quiet.” Elsewhere, sentence 1"
    ]
    assert source.title not in text(page).split("Choose the sentence to cite")[1]
    assert other.title in page


def test_it_says_when_nothing_matches_and_asks_for_words(editor_client, claim, report):
    page = search(editor_client, claim, "zebra").content.decode()
    assert "No sentence of another source matches “zebra”." in page
    page = search(editor_client, claim, "   ").content.decode()
    assert "Type words of the sentence you want to cite, then search." in page
    page = search(editor_client, claim, "x" * 201).content.decode()
    assert "A search may be at most 200 characters long." in page
    assert not Assessment.objects.exists()


def test_it_cites_the_sentence_chosen_and_the_claim_page_links_to_it(
    editor_client, editor, claim, report
):
    chosen = report.sentences.get(index=2)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(
            claim,
            **{
                "evidence-sentence_q": "taken February",
                "evidence-sentence": str(chosen.pk),
                "evidence-stance": "supports",
            },
        ),
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.claim, evidence.sentence, evidence.source, evidence.added_by) == (
        claim,
        chosen,
        report,
        editor,
    )
    assert evidence.quote == "The town was taken in February 2017."
    claim.refresh_from_db()
    assert claim.status == "supported"

    page = editor_client.get(claim.get_absolute_url()).content.decode()
    evidence_text = " ".join(
        text(page.split('id="evidence-heading">')[1].split("</ul>")[0]).split()
    )
    assert evidence_text == (
        "Evidence Supports: “The town was taken in February 2017.”, "
        "Monitor report, sentence 2 (2 March 2017)"
    )
    link = f"/sources/{report.slug}/#s-2"
    assert f'<a href="{link}">Monitor report, sentence 2</a>' in page
    # The link goes to that sentence in the reader.
    reader = editor_client.get(link.split("#")[0]).content.decode()
    assert 'id="s-2"' in reader
    assert "The town was taken in February 2017." in text(reader.split('id="s-2"')[1])


def test_it_keeps_the_sentence_chosen_when_the_assessment_is_refused(editor_client, claim, report):
    chosen = report.sentences.get(index=2)
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(claim, rationale="", **{"evidence-sentence": str(chosen.pk)}),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "a rationale is required for this status" in page
    assert "Choose the stance of this evidence" in page
    assert f'value="{chosen.pk}" checked' in page
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    "which, message",
    [
        ("missing", "The sentence you chose is not stored (any more)"),
        ("own", "the article this claim comes from: evidence must come from another source"),
        ("garbled", "Enter a whole number."),
    ],
)
def test_it_refuses_a_sentence_it_cannot_cite_and_writes_nothing(
    editor_client, source, claim, which, message
):
    value = {
        "missing": "999999",
        "own": str(source.sentences.get(index=2).pk),
        "garbled": "two",
    }[which]
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(claim, **{"evidence-sentence": value, "evidence-stance": "supports"}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Assessment.objects.exists() and not Evidence.objects.exists()
    claim.refresh_from_db()
    assert (claim.status, claim.version) == ("unassessed", 1)


def test_it_refuses_a_sentence_and_a_pasted_passage_at_once(editor_client, claim, report):
    response = editor_client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(
            claim,
            **{
                "evidence-sentence": str(report.sentences.get(index=1).pk),
                "evidence-passage": f"/sources/{report.slug}/#s-2",
                "evidence-stance": "supports",
            },
        ),
    )
    assert response.status_code == 400
    assert "Cite one passage at a time" in response.content.decode()
    assert not Evidence.objects.exists()


# Unpublished sources


@pytest.fixture
def draft(db):
    return make_source([["A draft says Al-Bab fell."]], title="Draft dossier", is_published=False)


def test_editors_find_unpublished_sentences_marked_as_such(editor_client, claim, draft):
    page = search(editor_client, claim, "draft").content.decode()
    assert sentence_choices(page)[1:] == [
        (
            str(draft.sentences.get().pk),
            "“A draft says Al-Bab fell.” Draft dossier, sentence 1 (not published)",
        )
    ]


def test_evidence_in_an_unpublished_source_is_not_shown_to_readers(client, editor, claim, draft):
    services.claim_assess(
        claim=claim,
        status="supported",
        rationale="A draft.",
        editor=editor,
        evidence=[{"sentence": draft.sentences.get(), "stance": "supports"}],
    )
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "a sentence of a source not yet published" in page
    assert "A draft says" not in page and "Draft dossier" not in page
    api = client.get(reverse("api:claim-detail", args=[claim.pk])).json()
    assert api["evidence"][0]["sentence"] is None


def test_an_account_that_may_not_view_sources_cannot_cite_an_unpublished_one(
    client, django_user_model, claim, draft
):
    from django.contrib.auth.models import Permission

    assessor = django_user_model.objects.create_user("assessor", password="x" * 20)
    assessor.user_permissions.set(
        Permission.objects.filter(codename__in=["add_assessment", "add_evidence"])
    )
    client.force_login(assessor)
    page = search(client, claim, "draft").content.decode()
    assert "No sentence of another source matches “draft”." in page
    response = client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(
            claim,
            **{"evidence-sentence": str(draft.sentences.get().pk), "evidence-stance": "supports"},
        ),
    )
    assert response.status_code == 400
    assert "The sentence you chose is not stored (any more)" in response.content.decode()
    assert not Evidence.objects.exists()
    json = client.get(reverse("evidence-sentences", args=[claim.pk]), {"q": "draft"}).json()
    assert json == {"results": []}


# The JSON the form's script asks


def test_it_answers_the_script_with_the_same_sentences(editor_client, claim, report, draft):
    response = editor_client.get(reverse("evidence-sentences", args=[claim.pk]), {"q": "February"})
    assert response.status_code == 200
    assert response.json() == {
        "results": [
            {
                "id": report.sentences.get(index=2).pk,
                "text": "The town was taken in February 2017.",
                "index": 2,
                "source": "Monitor report",
                "date": "2 March 2017",
                "published": True,
            }
        ]
    }
    drafts = editor_client.get(reverse("evidence-sentences", args=[claim.pk]), {"q": "draft"})
    assert [r["published"] for r in drafts.json()["results"]] == [False]
    too_long = editor_client.get(reverse("evidence-sentences", args=[claim.pk]), {"q": "x" * 201})
    assert too_long.status_code == 400
    assert "at most 200 characters" in too_long.json()["error"]


def test_readers_cannot_search_or_cite(client, researcher, claim, report, draft):
    url = reverse("evidence-sentences", args=[claim.pk])
    anonymous = client.get(url, {"q": "draft"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    posted = search(client, claim, "draft")
    assert posted.status_code == 302 and "/accounts/login/" in posted["Location"]
    client.force_login(researcher)
    assert client.get(url, {"q": "draft"}).status_code == 403
    assert search(client, claim, "draft").status_code == 403
    cite = client.post(
        reverse("claim-assess", args=[claim.pk]),
        assess(claim, **{"evidence-sentence": str(report.sentences.get(index=2).pk)}),
    )
    assert cite.status_code == 403
    assert not Evidence.objects.exists() and not Assessment.objects.exists()
    assert Claim.objects.get().status == "unassessed"
