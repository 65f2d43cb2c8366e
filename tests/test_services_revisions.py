"""Loading a corrected version of the seed article: where every anchor goes."""

import dataclasses
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from claims.ingest.pipeline import prepare_article
from claims.jsonld import claim_review
from claims.models import Anchor, Claim, ClaimEdit, Mention, Sentence, Source, SourceRevision
from claims.services import ServiceError, article_import
from claims.services_revisions import (
    anchor_confirm,
    anchor_detach,
    anchor_reselect,
    source_revise,
)

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
# Added after the last sentence, out of every quote's context.
NOTE = "\n\nEditor’s note: this article was corrected on 20 February 2017."


@pytest.fixture
def seed(db):
    call_command("loaddata", FIXTURE, verbosity=0)
    return Source.objects.get()


def prepared(text, name="seed-corrected.txt"):
    return prepare_article(text.encode("utf-8"), filename=name)


def revise(source, text, **kwargs):
    return source_revise(source=source, prepared=prepared(text), **kwargs)


def anchor_of(quote):
    return Anchor.objects.get(exact__startswith=quote)


def state_of(quote):
    return anchor_of(quote).state


def assert_anchors_hold():
    """Every exact and moved anchor's words are the current text at its offsets;
    an orphaned one's are its own revision's."""
    source = Source.objects.get()
    texts = {r.number: r.text for r in source.revisions.all()}
    for anchor in Anchor.objects.all():
        if anchor.state in ("exact", "moved", "fuzzy"):
            assert anchor.revision == source.revision
            assert source.text[anchor.start : anchor.end] == anchor.exact, anchor
            sentence = anchor.sentence
            assert sentence.source_id == source.pk
            assert sentence.start <= anchor.start < sentence.end
        else:
            assert texts[anchor.revision][anchor.start : anchor.end] == anchor.exact, anchor


def test_it_reads_the_seed_text_back_unchanged(seed):
    # The tests below edit the stored text; the import must give it back as is.
    assert prepared(seed.text).text == seed.text


def test_it_keeps_every_anchor_exact_for_a_change_far_from_any_quote(seed):
    text = seed.text + NOTE
    report = revise(seed, text)
    assert report.anchors == {"exact": 105}
    assert_anchors_hold()
    seed.refresh_from_db()
    assert seed.revision == 2 and seed.text == text
    assert list(seed.revisions.values_list("number", flat=True)) == [1, 2]
    assert seed.revisions.get(number=1).text != text


def test_a_typo_fixed_inside_a_quote_makes_it_fuzzy_keeping_the_old_words(seed):
    old = anchor_of("So far no deal")
    text = seed.text.replace("no deal has not been", "no deal has been")
    report = revise(seed, text)
    anchor = anchor_of("So far no deal")
    assert anchor.state == "fuzzy"
    assert anchor.exact.startswith("So far no deal has been officially acknowledged")
    assert anchor.exact.endswith(old.exact[-30:])
    assert anchor.previous_exact == old.exact
    assert (anchor.previous_revision, anchor.previous_start, anchor.previous_end) == (
        1,
        old.start,
        old.end,
    )
    assert anchor.revision == 2
    # The next quote's context is untouched: exact, four characters earlier.
    after = anchor_of("who has gotten closer")
    assert after.state == "exact" and after.start == 76 - 4
    assert report.anchors["fuzzy"] == 1
    assert_anchors_hold()


def test_a_changed_number_makes_the_quote_fuzzy_and_flags_its_quantity(seed):
    claim = anchor_of("The Turkish military offensive").claim
    had_quantity = claim.quantities.filter(text__contains="1,300").exists()
    report = revise(seed, seed.text.replace("1,300 troops", "1,500 troops"))
    anchor = anchor_of("The Turkish military offensive")
    assert anchor.state == "fuzzy"
    assert anchor.exact == "The Turkish military offensive (1,500 troops, 50 tanks, 15 APC)"
    assert (
        anchor.previous_exact == "The Turkish military offensive (1,300 troops, 50 tanks, 15 APC)"
    )
    if had_quantity:
        assert any(claim_id == claim.pk for claim_id, _ in report.quantities_lost)
    assert_anchors_hold()


def test_a_sentence_inserted_before_a_claim_moves_it(seed):
    old = anchor_of("The town of Al-Bab is located")
    next_old = anchor_of("was an important component")
    inserted = "Ankara announced the operation on state television. "
    text = seed.text.replace(
        "The town of Al-Bab is located", inserted + "The town of Al-Bab is located"
    )
    revise(seed, text)
    anchor = anchor_of("The town of Al-Bab is located")
    assert anchor.state == "moved"
    assert anchor.start == old.start + len(inserted)
    assert anchor.sentence.text.startswith("The town of Al-Bab")
    following = anchor_of("was an important component")
    assert following.state == "exact" and following.start == next_old.start + len(inserted)
    assert_anchors_hold()


def test_a_removed_paragraph_orphans_its_quotes_on_the_revision_they_were_in(seed):
    start = seed.text.index("In late December 2016")
    end = seed.text.index("The SDF group")
    removed = seed.text[start:end]
    old = {a.pk: (a.start, a.end, a.exact) for a in Anchor.objects.all()}
    report = revise(seed, seed.text[:start] + seed.text[end:])
    orphaned = Anchor.objects.filter(state="orphaned")
    assert orphaned.count() == report.anchors["orphaned"] == 9
    for anchor in orphaned:
        assert anchor.exact in removed
        assert anchor.revision == 1 and (anchor.start, anchor.end, anchor.exact) == old[anchor.pk]
    # The next quote's context held the end of the removed paragraph.
    assert state_of("The SDF group (Syrian Democratic Forces)") == "moved"
    assert state_of("including some members of the PKK") == "exact"
    assert_anchors_hold()


def test_a_quote_reworded_beyond_recognition_is_orphaned(seed):
    text = seed.text.replace(
        "Russian and Syrian aviation provided air support to the Turkish military",
        "Warplanes flew from distant bases over the front for weeks",
    )
    revise(seed, text)
    assert state_of("Russian and Syrian aviation") == "orphaned"
    assert state_of("and so the city was totally surrounded") == "moved"  # its suffix changed
    assert state_of("That is how the Turkish army") == "exact"
    assert_anchors_hold()


def test_a_duplicated_sentence_makes_its_quote_ambiguous_for_a_person_to_settle(seed):
    sentence = "These groups control the Syrian border with Jordan."
    text = seed.text.replace(sentence, sentence + " " + sentence)
    edits_before = ClaimEdit.objects.count()
    revise(seed, text)
    anchor = anchor_of("These groups control the Syrian border")
    assert anchor.state == "fuzzy"
    assert seed.__class__.objects.get().text[anchor.start : anchor.end] == anchor.exact
    edit = ClaimEdit.objects.filter(claim=anchor.claim).latest("id")
    assert "appear 2 times" in edit.changes["anchor"]["to"]
    assert ClaimEdit.objects.count() - edits_before == Claim.objects.count()
    assert_anchors_hold()


def test_every_claim_keeps_its_assessments_and_its_history_notes_the_revision(seed):
    claim = Claim.objects.exclude(status="unassessed").first()
    assessments = list(claim.assessments.values_list("pk", "status"))
    status = claim.status
    revise(seed, seed.text.replace("1,300 troops", "1,500 troops"))
    claim.refresh_from_db()
    assert claim.status == status
    assert list(claim.assessments.values_list("pk", "status")) == assessments
    edit = claim.edits.latest("id")
    assert edit.changes["revision"] == {"from": 1, "to": 2}


def test_the_claimreview_of_a_re_anchored_claim_is_unchanged(seed, rf):
    claim = Claim.objects.exclude(status="unassessed").filter(anchors__exact__contains="1,300")
    claim = claim.first() or anchor_of("The Turkish military offensive").claim
    request = rf.get("/")
    before = claim_review(Claim.objects.get(pk=claim.pk), request)
    revise(seed, seed.text.replace("1,300 troops", "1,500 troops"))
    after = claim_review(Claim.objects.get(pk=claim.pk), request)
    assert after == before


def test_sentences_are_segmented_again_for_the_new_text(seed):
    inserted = "A new sentence opens this paragraph. "
    text = seed.text.replace(
        "The Turkish military offensive", inserted + "The Turkish military offensive"
    )
    revise(seed, text)
    sentences = list(Sentence.objects.order_by("index"))
    assert [s.index for s in sentences] == list(range(1, len(sentences) + 1))
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert any(s.text == inserted.strip() for s in sentences)


def test_mentions_move_with_their_words_and_go_with_a_removed_paragraph(seed):
    start = seed.text.index("In late December 2016")
    end = seed.text.index("The SDF group")
    inside = Mention.objects.filter(start__gte=start, end__lte=end).count()
    confirmed_after = list(
        Mention.objects.filter(start__gte=end, status="confirmed").values_list("surface", flat=True)
    )
    before = Mention.objects.count()
    report = revise(seed, seed.text[:start] + seed.text[end:])
    text = Source.objects.get().text
    assert report.mentions_dropped == inside
    assert Mention.objects.count() == before - inside + report.mentions_suggested
    for mention in Mention.objects.select_related("sentence"):
        assert text[mention.start : mention.end] == mention.surface
        assert mention.sentence.start <= mention.start < mention.end <= mention.sentence.end
    assert sorted(
        Mention.objects.filter(status="confirmed", start__gte=start).values_list(
            "surface", flat=True
        )
    ) == sorted(confirmed_after)


def test_a_third_revision_finds_orphaned_words_that_came_back(seed):
    original = seed.text
    start = original.index("In late December 2016")
    end = original.index("The SDF group")
    revise(seed, original[:start] + original[end:])
    assert state_of("Russian and Syrian aviation") == "orphaned"
    revise(Source.objects.get(), original + NOTE)
    anchor = anchor_of("Russian and Syrian aviation")
    assert anchor.state == "exact" and anchor.revision == 3
    assert_anchors_hold()


# --- refused, nothing written --------------------------------------------------


def _snapshot():
    return (
        SourceRevision.objects.count(),
        list(Sentence.objects.values_list("pk", "start", "end")),
        list(Anchor.objects.values_list("pk", "start", "end", "state", "revision")),
        Mention.objects.count(),
        ClaimEdit.objects.count(),
        Source.objects.get().text,
    )


def test_it_refuses_an_identical_version(seed):
    before = _snapshot()
    with pytest.raises(ServiceError, match="the same as revision 1"):
        revise(seed, seed.text)
    assert _snapshot() == before


def test_it_refuses_a_version_already_stored_as_an_earlier_revision(seed):
    original = seed.text
    revise(seed, original + NOTE)
    before = _snapshot()
    with pytest.raises(ServiceError, match="the same as revision 1"):
        revise(Source.objects.get(), original)
    assert _snapshot() == before


def test_it_refuses_another_article_saying_which_measure(seed):
    other = (Path(settings.BASE_DIR) / "tests" / "data" / "news_article.html").read_bytes()
    before = _snapshot()
    with pytest.raises(ServiceError, match=r"word trigrams .* at least 50%"):
        source_revise(source=seed, prepared=prepare_article(other, filename="news.html"))
    assert _snapshot() == before


def test_it_refuses_an_empty_version(seed):
    empty = dataclasses.replace(prepared(seed.text + " More."), text="  ", sentences=[])
    before = _snapshot()
    with pytest.raises(ServiceError, match="empty"):
        source_revise(source=seed, prepared=empty)
    assert _snapshot() == before


def test_importing_an_earlier_revision_as_an_article_finds_its_source(seed):
    original = seed.text
    revise(seed, original + NOTE)
    source, created = article_import(prepared=prepared(original))
    assert (source.pk, created) == (seed.pk, False)


# --- the review queue's decisions ---------------------------------------------


def test_an_editor_confirms_a_fuzzy_anchor(seed, editor):
    revise(seed, seed.text.replace("1,300 troops", "1,500 troops"))
    anchor = anchor_confirm(anchor=anchor_of("The Turkish military offensive"), editor=editor)
    assert anchor.state == "exact" and anchor.previous_exact == ""
    assert not Anchor.objects.to_review().filter(pk=anchor.pk).exists()
    assert anchor.claim.edits.latest("id").changes["anchor"]["to"] == "confirmed by an editor"
    with pytest.raises(ServiceError, match="not fuzzy"):
        anchor_confirm(anchor=anchor, editor=editor)


def test_an_editor_re_selects_the_words_of_an_orphaned_anchor(seed, editor):
    text = seed.text.replace(
        "Russian and Syrian aviation provided air support to the Turkish military",
        "Warplanes flew from distant bases over the front for weeks",
    )
    revise(seed, text)
    anchor = anchor_of("Russian and Syrian aviation")
    with pytest.raises(ServiceError, match="not in the current version"):
        anchor_reselect(anchor=anchor, editor=editor, quote="Russian and Syrian aviation")
    with pytest.raises(ServiceError, match="appears"):
        anchor_reselect(anchor=anchor, editor=editor, quote="the")
    anchor = anchor_reselect(
        anchor=anchor, editor=editor, quote="Warplanes flew from distant bases"
    )
    source = Source.objects.get()
    assert anchor.state == "exact" and anchor.revision == 2
    assert source.text[anchor.start : anchor.end] == "Warplanes flew from distant bases"
    assert anchor.sentence.text.startswith("Warplanes flew")
    assert_anchors_hold()


def test_an_editor_detaches_a_fuzzy_anchor_back_to_its_words(seed, editor):
    old = anchor_of("The Turkish military offensive")
    revise(seed, seed.text.replace("1,300 troops", "1,500 troops"))
    anchor = anchor_detach(anchor=anchor_of("The Turkish military offensive"), editor=editor)
    assert anchor.state == "detached" and anchor.revision == 1
    assert (anchor.start, anchor.end, anchor.exact) == (old.start, old.end, old.exact)
    assert not Anchor.objects.to_review().exists()
    assert_anchors_hold()
    # Another revision leaves it where the editor put it.
    revise(Source.objects.get(), Source.objects.get().text + NOTE)
    assert anchor_of("The Turkish military offensive").state == "detached"
    assert_anchors_hold()


def test_only_fuzzy_or_orphaned_anchors_are_detached(seed, editor):
    with pytest.raises(ServiceError, match="only a fuzzy or orphaned"):
        anchor_detach(anchor=Anchor.objects.first(), editor=editor)


def test_anchors_check_puts_an_anchor_written_around_the_services_on_the_current_revision(seed):
    from claims.services import anchors_check

    revise(seed, seed.text + NOTE)
    Anchor.objects.filter(state="exact").update(revision=1)  # as an admin form would write it
    anchors_check()
    assert set(Anchor.objects.filter(state="exact").values_list("revision", flat=True)) == {2}


def test_cited_sentences_follow_a_revision_or_keep_their_words(seed, editor):
    from claims import services
    from claims.models import Evidence
    from tests.factories import make_claim, make_source

    claim = make_claim(make_source().sentences.get(index=1))
    changed = seed.sentences.get(text__contains="1,300 troops")
    kept = seed.sentences.exclude(pk=changed.pk).order_by("index").last()
    for cited in (kept, changed):
        services.evidence_add(claim=claim, editor=editor, sentence=cited, stance="context")
    revise(seed, seed.text.replace("1,300 troops", "1,500 troops"))
    first, second = Evidence.objects.filter(claim=claim).order_by("pk")
    # The unchanged sentence is followed to the new version's row; the changed
    # one's link is cleared, its words and source kept as they were cited.
    assert (first.sentence.text, first.sentence.source) == (kept.text, seed)
    assert first.sentence.pk != kept.pk  # a new version's sentence
    assert (second.sentence, second.source, second.quote) == (None, seed, changed.text)
    page = Client().get(claim.get_absolute_url()).content.decode()
    assert f'href="/sources/{seed.slug}/#s-{first.sentence.index}"' in page
    assert "a sentence of an earlier version: the article has been revised since" in page
