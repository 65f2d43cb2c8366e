"""An editor's whole walk-through in Chromium: a newly imported ten-sentence
article becomes ten claims by dragging, and three of them are assessed.

Every step is a person's action (a drag, a click, a choice, typing); the
test counts them and times the walk, and writes both to
tests/artifacts/walkthrough.json (docs/editing.md compares them with the
same work done through a curation file)."""

import json
import time

import pytest

from claims import services
from claims.ingest.pipeline import prepare_article
from claims.models import Assessment, Claim
from tests.browser.conftest import ARTIFACTS
from tests.browser.reading import drag_words, log_in

pytestmark = pytest.mark.browser

ARTICLE = """Aid convoy reaches Al-Bab

The first aid convoy reached Al-Bab on 3 March 2017. It carried food for 20,000 people.
Turkish officials said the road would stay open. The convoy had waited two days at the border.

Local councils will hand out the food next week. About 500 families returned in February.
Most of the water network is damaged. Engineers expect repairs to take six months.

The United Nations called for more convoys. Aid groups say the needs are far larger.
"""


class Hand:
    """A person's actions on the page, counted."""

    def __init__(self, page):
        self.page, self.actions = page, 0

    def drag(self, first, last):
        self.actions += 1
        drag_words(self.page, first, last)

    def click(self, locator):
        self.actions += 1
        locator.click()

    def choose(self, locator, value):
        self.actions += 1
        locator.select_option(value)

    def type(self, locator, words):
        self.actions += 1
        locator.fill(words)


def test_an_editor_turns_a_new_article_into_ten_claims_and_assesses_three(page, editor):
    prepared = prepare_article(ARTICLE.encode(), filename="aid-convoy.txt")
    source, created = services.article_import(prepared=prepared)
    assert created
    sentences = list(source.sentences.filter(kind="body").order_by("index"))
    assert len(sentences) == 10

    log_in(page, "editor")
    page.goto(source.get_absolute_url())
    hand = Hand(page)
    started = time.monotonic()

    for sentence in sentences:
        words = sentence.text.rstrip(".").split()
        element = f"s-{sentence.index}"
        hand.drag((element, words[0]), (element, words[-1]))
        form = page.locator("#new-claim-form")
        form.wait_for(state="visible")
        if any(ch.isdigit() for ch in sentence.text):
            hand.choose(form.get_by_label("Kind"), "quantitative")
        hand.click(form.get_by_role("button", name="Create claim"))
        page.wait_for_url(lambda url: "claim=" in url)
    made = time.monotonic() - started

    claims = list(Claim.objects.filter(anchors__source=source).distinct().order_by("pk"))
    assert len(claims) == 10
    for claim, sentence in zip(claims, sentences, strict=True):
        anchor = claim.anchors.get()
        assert anchor.sentence_id == sentence.pk
        assert source.text[anchor.start : anchor.end] == anchor.exact
        assert anchor.exact == sentence.text.rstrip(".")
    assert sum(claim.kind == "quantitative" for claim in claims) == 3

    verdicts = [
        (1, "supported", "UN OCHA reported the convoy's arrival on 3 March."),
        (5, "unverified", "No count of returning families was found."),
        (8, "not_checkable", "A forecast by engineers."),
    ]
    for index, status, rationale in verdicts:
        hand.click(page.locator(f"#s-{index} mark.hl").first)
        hand.click(page.locator(".panel-claims .claim-note.is-here a").first)
        page.wait_for_url("**/claims/*/")
        hand.choose(page.get_by_label("Evidence status"), status)
        hand.type(page.get_by_label("Rationale"), rationale)
        hand.click(page.get_by_role("button", name="Save assessment"))
        page.wait_for_url("**/claims/*/")
        assert rationale in page.locator("main").inner_text()
        hand.click(page.get_by_role("link", name="Read in context").first)
        page.wait_for_url(lambda url: "claim=" in url)
    total = time.monotonic() - started

    assert Assessment.objects.filter(claim__in=claims).count() == 3
    statuses = sorted(
        Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    )
    assert statuses.count("unassessed") == 7
    # Two actions a claim (a drag and "Create claim"; one more to set the kind),
    # five to assess one, one to go back to the article.
    assert hand.actions == 10 * 2 + 3 + 3 * 6

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "walkthrough.json").write_text(
        json.dumps(
            {
                "sentences": 10,
                "claims": 10,
                "assessed": 3,
                "actions": hand.actions,
                "seconds_to_ten_claims": round(made, 1),
                "seconds_in_all": round(total, 1),
            },
            indent=2,
        )
    )
