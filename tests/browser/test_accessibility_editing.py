"""axe-core finds no serious or critical violation on the editors' pages,
with the controls they add to the reader, claim page and claim browser."""

import pytest
from django.urls import reverse

from tests.browser.axe import assert_no_serious_violations
from tests.browser.test_editing import log_in
from tests.factories import make_claim, make_claim_suggestion, make_mention, make_place
from tests.sample import build_sample

pytestmark = pytest.mark.browser

PAGES = {
    "login": lambda s: reverse("login"),
    "reader as editor": lambda s: s.source.get_absolute_url(),
    "claim as editor": lambda s: s.claims.fighters.get_absolute_url(),
    "claim browser as editor": lambda s: "/claims/",
    "new claim": lambda s: f"{reverse('claim-new')}?source={s.source.slug}&sentence=3",
    "edit claim": lambda s: reverse("claim-edit", args=[s.claims.fighters.pk]),
    "assess claim": lambda s: reverse("claim-assess", args=[s.claims.fighters.pk]),
    "review claims": lambda s: reverse("review"),
    "review mentions": lambda s: reverse("review") + "?tab=mentions",
    "review anchors": lambda s: reverse("review") + "?tab=anchors",
    "review suggestions": lambda s: reverse("review") + "?tab=suggestions",
    "new place": lambda s: reverse("mention-new-place", args=[s.candidate.pk]),
}


@pytest.fixture
def sample(editor):
    sample = build_sample(editor)
    sentence = sample.source.sentences.get(index=3)
    anchor = make_claim(sentence).anchors.get()
    type(anchor).objects.filter(pk=anchor.pk).update(start=anchor.start + 1)
    sample.candidate = make_mention(sentence, sentence.text.split()[0], candidate={"name": "X"})
    make_mention(sentence, sentence.text.split()[1], place=make_place("Somewhere"))
    make_claim_suggestion(sentence, kind="quantitative", reason="quantity “5,000 fighters”")
    return sample


@pytest.mark.parametrize("name", PAGES)
def test_it_has_no_serious_accessibility_violations(page, sample, name):
    if name != "login":
        log_in(page, "editor")
    page.goto(PAGES[name](sample))
    assert_no_serious_violations(page)


def test_it_has_none_on_a_form_shown_again_with_errors(page, sample):
    log_in(page, "editor")
    page.goto(reverse("claim-assess", args=[sample.claims.fighters.pk]))
    page.get_by_label("Evidence status").select_option("refuted")
    page.get_by_role("button", name="Save assessment").click()
    assert "a rationale is required" in page.content()
    assert_no_serious_violations(page)


@pytest.mark.parametrize("width", [1366, 390])
def test_it_has_none_with_the_new_claim_form_open_in_the_reader(page, sample, width):
    from tests.browser.reading import drag_words

    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    drag_words(page, ("s-2", "located"), ("s-2", "Aleppo"))
    page.locator("#new-claim-form").wait_for(state="visible")
    assert_no_serious_violations(page)


def test_it_has_none_with_a_suggested_claim_in_the_reader_panel(page, sample):
    from tests.factories import make_claim_suggestion

    make_claim_suggestion(sample.source.sentences.get(index=6), "Even if this group is large")
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    page.locator("#s-6").click()
    page.locator(".claim-panel .suggestion-note").wait_for()
    assert_no_serious_violations(page)
