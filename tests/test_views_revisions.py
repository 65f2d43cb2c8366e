"""The revision pages, the reader's link to them, the claim page of an
orphaned claim, and the review queue's decisions on moved anchors."""

import pytest
from django.urls import reverse

from claims.ingest.pipeline import prepare_article
from claims.models import Anchor, ClaimEdit, SourceRevision
from claims.services_revisions import source_revise
from tests.factories import make_claim, make_source

FIRST = [
    ["The town of Al-Bab lies 40 km northeast of Aleppo.", "It was besieged in 2016."],
    ["Over 5,000 fighters defended it <script>alert(1)</script> & more."],
    ["Russian and Syrian aviation provided air support to the Turkish military."],
]


def text_of(paragraphs):
    return "\n\n".join(" ".join(p) for p in paragraphs)


def revise(source, paragraphs, note=""):
    prepared = prepare_article(text_of(paragraphs).encode(), filename="v.txt")
    return source_revise(source=source, prepared=prepared, note=note)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def article(db):
    source = make_source(FIRST, title="Al-Bab <b>report</b>")
    sentences = {s.index: s for s in source.sentences.all()}
    claims = {
        "town": make_claim(sentences[1], "40 km northeast of Aleppo"),
        "fighters": make_claim(sentences[3], "Over 5,000 fighters defended it"),
        "aviation": make_claim(sentences[4]),
    }
    return source, claims


@pytest.fixture
def revised(article):
    source, claims = article
    second = [
        ["The town of Al-Bab lies 45 km northeast of Aleppo.", "It was besieged in 2016."],
        ["Over 5,000 fighters defended it <script>alert(2)</script> & more."],
        ["Warplanes flew from distant bases over the front for weeks."],
    ]
    revise(source, second, note="Distance <corrected>")
    source.refresh_from_db()
    return source, claims


def test_the_reader_links_to_revisions_only_when_there_are_several(client, article, revised):
    source, _ = revised
    page = client.get(source.get_absolute_url()).content.decode()
    assert reverse("source-revisions", args=[source.slug]) in page
    assert "Revision 2: earlier versions and changes" in page


def test_a_single_revision_reader_has_no_revision_link(client, article):
    source, _ = article
    page = client.get(source.get_absolute_url()).content.decode()
    assert "/revisions/" not in page


def test_the_list_shows_every_revision_with_its_note_escaped(client, revised):
    source, _ = revised
    page = client.get(reverse("source-revisions", args=[source.slug])).content.decode()
    assert "Revision 1" in page and "Revision 2" in page
    assert "Distance &lt;corrected&gt;" in page
    assert reverse("source-revision-diff", args=[source.slug, 1, 2]) in page


def test_the_list_sends_a_from_to_choice_to_the_diff(client, revised):
    source, _ = revised
    response = client.get(reverse("source-revisions", args=[source.slug]), {"from": 1, "to": 2})
    assert response.status_code == 302
    assert response["Location"] == reverse("source-revision-diff", args=[source.slug, 1, 2])


def test_an_earlier_revision_is_shown_escaped_with_its_sentences(client, revised):
    source, _ = revised
    page = client.get(reverse("source-revision", args=[source.slug, 1])).content.decode()
    assert "lies 40 km northeast" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more." in page
    assert "<script>alert" not in page
    assert 'id="s-4"' in page
    assert "An earlier version: revision 1 of 2" in page
    text = client.get(reverse("source-revision-text", args=[source.slug, 1]))
    assert text.content.decode() == text_of(FIRST)


def test_the_diff_marks_insertions_and_deletions_escaped(client, revised):
    source, _ = revised
    page = client.get(reverse("source-revision-diff", args=[source.slug, 1, 2])).content.decode()
    assert "<del>40 </del><ins>45 </ins>" in page
    assert "<del>1</del><ins>2</ins>" in page
    assert "&lt;script&gt;alert(" in page and "<script>alert" not in page
    assert (
        "<del>Russian and Syrian aviation provided air support to the Turkish military</del>"
        in page
    )


@pytest.mark.parametrize(
    "name, args",
    [
        ("source-revision", [3]),
        ("source-revision-text", [9]),
        ("source-revision-diff", [1, 3]),
        ("source-revision-diff", [2, 2]),
    ],
)
def test_unknown_revisions_are_404(client, revised, name, args):
    source, _ = revised
    assert client.get(reverse(name, args=[source.slug, *args])).status_code == 404


def test_an_unpublished_source_has_no_revision_pages(client, revised):
    source, _ = revised
    source.__class__.objects.filter(pk=source.pk).update(is_published=False)
    assert client.get(reverse("source-revisions", args=[source.slug])).status_code == 404
    assert client.get(reverse("source-revision", args=[source.slug, 1])).status_code == 404


def test_the_revision_pages_take_constant_queries(client, revised, django_assert_max_num_queries):
    source, _ = revised
    for n in range(3, 6):
        first = [f"The town of Al-Bab lies {n}0 km northeast of Aleppo.", FIRST[0][1]]
        revise(source, [first, *FIRST[1:]])
        source.refresh_from_db()
    for name, args in [
        ("source-revisions", []),
        ("source-revision", [1]),
        ("source-revision-diff", [1, 5]),
    ]:
        with django_assert_max_num_queries(4):
            assert client.get(reverse(name, args=[source.slug, *args])).status_code == 200


def test_an_orphaned_claim_shows_its_words_from_the_revision_where_they_were(client, revised):
    source, claims = revised
    anchor = claims["aviation"].anchors.get()
    assert anchor.state == "orphaned" and anchor.revision == 1
    page = client.get(claims["aviation"].get_absolute_url()).content.decode()
    assert "no longer in the current version of the article (revision 2)" in page
    assert "shown from revision 1, where they were" in page
    assert "Russian and Syrian aviation provided air support" in page
    assert reverse("source-revision", args=[source.slug, 1]) + "#s-4" in page


def test_a_fuzzy_claim_page_shows_its_new_words(client, revised):
    _, claims = revised
    page = client.get(claims["town"].get_absolute_url()).content.decode()
    assert "45 km northeast of Aleppo" in page
    assert "no longer in the current version" not in page


# --- review queue -----------------------------------------------------------------


def test_the_queue_lists_fuzzy_and_orphaned_anchors_with_their_actions(editor_client, revised):
    _, claims = revised
    town, aviation = claims["town"].anchors.get(), claims["aviation"].anchors.get()
    response = editor_client.get(reverse("review"), {"tab": "anchors"})
    page = response.content.decode()
    assert response.context["counts"]["anchors"] == 2
    assert '<q class="quote-changes"><del>40 </del><ins>45 </ins>km northeast of Aleppo</q>' in page
    assert reverse("anchor-confirm", args=[town.pk]) in page
    assert reverse("anchor-detach", args=[aviation.pk]) in page
    assert reverse("anchor-reselect", args=[aviation.pk]) in page
    assert "it was in" in page


def test_an_editor_confirms_from_the_queue(editor_client, revised):
    _, claims = revised
    town = claims["town"].anchors.get()
    response = editor_client.post(reverse("anchor-confirm", args=[town.pk]), follow=True)
    assert "are confirmed" in response.content.decode()
    town.refresh_from_db()
    assert town.state == "exact"
    assert response.context["counts"]["anchors"] == 1


def test_an_editor_detaches_from_the_queue(editor_client, revised):
    _, claims = revised
    aviation = claims["aviation"].anchors.get()
    response = editor_client.post(reverse("anchor-detach", args=[aviation.pk]), follow=True)
    assert "detached" in response.content.decode()
    aviation.refresh_from_db()
    assert aviation.state == "detached"
    assert response.context["counts"]["anchors"] == 1


def test_an_editor_re_selects_the_words(editor_client, revised):
    source, claims = revised
    aviation = claims["aviation"].anchors.get()
    url = reverse("anchor-reselect", args=[aviation.pk])
    form = editor_client.get(url)
    assert "Warplanes flew from distant bases" in form.content.decode()
    refused = editor_client.post(url, {"quote": "Russian and Syrian aviation", "sentence": ""})
    assert refused.status_code == 400
    assert "is not in the current version" in refused.content.decode()
    response = editor_client.post(
        url, {"quote": "Warplanes flew from distant bases", "sentence": 4}
    )
    assert response.status_code == 302
    aviation.refresh_from_db()
    assert aviation.state == "exact" and aviation.revision == 2
    assert source.text[aviation.start : aviation.end] == "Warplanes flew from distant bases"


def test_queue_actions_need_the_permission_and_a_post(client, researcher, revised):
    _, claims = revised
    town = claims["town"].anchors.get()
    client.force_login(researcher)
    assert client.post(reverse("anchor-confirm", args=[town.pk])).status_code == 403
    assert client.post(reverse("anchor-detach", args=[town.pk])).status_code == 403
    assert client.get(reverse("anchor-reselect", args=[town.pk])).status_code == 403
    town.refresh_from_db()
    assert town.state == "fuzzy"
    assert not ClaimEdit.objects.filter(changes__anchor__to="confirmed by an editor").exists()


def test_the_first_revision_is_stored_for_a_source_that_had_none(revised):
    source, _ = revised
    assert list(SourceRevision.objects.filter(source=source).values_list("number", flat=True)) == [
        1,
        2,
    ]
    assert Anchor.objects.filter(revision=2).count() == 2


# --- API and exports ----------------------------------------------------------------


def test_the_api_lists_a_sources_revisions_and_each_anchors_revision(client, revised):
    source, claims = revised
    data = client.get(reverse("api:source-detail", args=[source.slug])).json()
    assert data["revision"] == 2
    assert [r["number"] for r in data["revisions"]] == [1, 2]
    assert data["revisions"][1]["note"] == "Distance <corrected>"
    assert data["revisions"][0]["text_url"].endswith(
        reverse("source-revision-text", args=[source.slug, 1])
    )
    listed = client.get(reverse("api:source-list")).json()["results"][0]
    assert [r["number"] for r in listed["revisions"]] == [1, 2]
    claim = client.get(reverse("api:claim-detail", args=[claims["aviation"].pk])).json()
    assert [(a["revision"], a["state"]) for a in claim["anchors"]] == [(1, "orphaned")]
    claim = client.get(reverse("api:claim-detail", args=[claims["town"].pk])).json()
    assert [(a["revision"], a["state"]) for a in claim["anchors"]] == [(2, "fuzzy")]


def test_a_single_revision_source_lists_one_revision(client, article):
    source, _ = article
    data = client.get(reverse("api:source-detail", args=[source.slug])).json()
    assert data["revision"] == 1
    assert [r["number"] for r in data["revisions"]] == [1]


def test_annotations_target_the_revision_their_offsets_refer_to(client, revised):
    source, claims = revised
    data = client.get(reverse("source-annotations", args=[source.slug])).json()
    items = {item["id"].rsplit("-", 1)[1]: item for item in data["first"]["items"]}
    for anchor in Anchor.objects.filter(source=source):
        target = items[str(anchor.pk)]["target"]
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        text = client.get(target["source"]).content.decode()
        assert text[position["start"] : position["end"]] == quote["exact"] == anchor.exact
        expected = "/revisions/1/text.txt" if anchor.revision == 1 else "/text.txt"
        assert target["source"].endswith(expected)
        assert ("/revisions/" in target["source"]) == (anchor.state == "orphaned")
