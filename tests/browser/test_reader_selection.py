"""Making claims in the reader with the mouse, as an editor's hand does:
press, move in steps, release. The text must not move while selecting, and
the saved quote is exactly the text dragged over."""

import pytest

from claims.models import Claim
from tests.browser.reading import drag_words, log_in, point
from tests.sample import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture
def sample(editor):
    return build_sample(editor)


def top(page, element_id):
    return page.locator(f"#{element_id}").bounding_box()["y"]


def create_from_drag(page, first, last, *, kind=None):
    """Drag, check nothing moved, then create the claim from the panel's form."""
    sentence = first[0]
    before = top(page, sentence)
    during = []
    drag_words(page, first, last, during=lambda: during.append(top(page, sentence)))
    form = page.locator("#new-claim-form")
    form.wait_for(state="visible")
    assert [before, top(page, sentence)] == [before] + during  # nothing moved
    if kind:
        form.get_by_label("Kind").select_option(kind)
    count = Claim.objects.count()
    form.get_by_role("button", name="Create claim").click()
    page.wait_for_url(lambda url: "claim=" in url)
    assert Claim.objects.count() == count + 1
    return Claim.objects.order_by("-pk").first()


def anchors(claim):
    return [(a.sentence.index, a.exact) for a in claim.anchors.order_by("start")]


def test_a_drag_over_claimed_text_makes_a_claim_of_exactly_those_words(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    # "1,300 troops, 50 tanks" lies inside the claimed "1,300 troops, 50 tanks, 15 APC".
    claim = create_from_drag(
        page, ("s-1", "1,300 troops"), ("s-1", "50 tanks"), kind="quantitative"
    )
    assert anchors(claim) == [(1, "1,300 troops, 50 tanks")]
    assert claim.kind == "quantitative" and claim.statement == "1,300 troops, 50 tanks"
    text = sample.source.text
    assert all(text[a.start : a.end] == a.exact for a in claim.anchors.all())
    # Back in the reader, the new claim is marked and listed.
    assert page.locator("mark.hl-target").all_inner_texts() == ["1,300 troops, 50 tanks"]
    assert f"Claim #{claim.pk} created." in page.locator(".messages").inner_text()
    assert (
        page.locator(".panel-claims .claim-note.is-here")
        .inner_text()
        .endswith("1,300 troops, 50 tanks")
    )


def test_a_drag_over_unclaimed_text_makes_a_claim(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    # Sentence 6 holds one claim at its end; its start is unclaimed.
    claim = create_from_drag(page, ("s-6", "Even if"), ("s-6", "is large"))
    assert anchors(claim) == [(6, "Even if this group is large")]


def test_a_drag_from_the_first_letter_of_the_text_selects(page, sample):
    """The first sentence is the text's tab stop; a press on its first letter still selects."""
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    claim = create_from_drag(page, ("s-1", "The Turkish"), ("s-1", "offensive"))
    assert anchors(claim) == [(1, "The Turkish military offensive")]


def test_a_drag_across_two_claims_makes_one_claim_of_the_words_between(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    # From inside "1,300 troops, 50 tanks, 15 APC" into "began in September 2016".
    claim = create_from_drag(page, ("s-1", "15 APC"), ("s-1", "began in"))
    assert anchors(claim) == [
        (1, "15 APC), supported by 2,000 Islamic rebels from the FSA, to capture Al-Bab, began in")
    ]


def test_a_drag_over_two_sentences_makes_one_claim_with_an_anchor_in_each(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    claim = create_from_drag(page, ("s-2", "40 km"), ("s-3", "January 2017"))
    assert anchors(claim) == [
        (2, "40 km northeast of Aleppo."),
        (3, "From November 2016 until January 2017"),
    ]
    assert claim.statement == "40 km northeast of Aleppo. From November 2016 until January 2017"


def test_a_double_click_selects_a_word_instead_of_leaving_the_page(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    url = page.url
    page.mouse.dblclick(*point(page, "s-2", "located"))
    page.locator("#new-claim-form").wait_for(state="visible")
    assert page.url == url
    assert page.locator(".new-claim-quote").inner_text() == "located"


def test_a_drag_on_an_actor_link_selects_text_too(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url() + "?mentions=1")
    url = page.url
    claim = create_from_drag(page, ("s-5", "Kurdish"), ("s-5", "YPG"))
    assert anchors(claim) == [(5, "Kurdish YPG")]
    assert page.url != url  # the claim was made; the drag did not follow the link


def test_a_selection_outside_the_article_offers_no_claim(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    drag_words(page, ("reader-title", "Evidence"), ("reader-title", "cooperation"))
    page.wait_for_timeout(600)  # longer than the form waits for a selection to settle
    assert page.locator("#new-claim-form").is_hidden()
    assert not Claim.objects.filter(statement__startswith="Evidence").exists()


def test_a_selection_over_too_many_sentences_is_explained(page, editor):
    from tests.factories import make_source

    source = make_source([[f"Sentence number {i} is here." for i in range(1, 9)]])
    log_in(page, "editor")
    page.goto(source.get_absolute_url())
    drag_words(page, ("s-1", "Sentence"), ("s-8", "here."))
    problem = page.locator(".new-claim-problem")
    problem.wait_for(state="visible")
    assert "at most 5 sentences; this selection covers 8" in problem.inner_text()
    assert page.locator("#new-claim-form").is_hidden()


def test_a_phone_with_touch_selects_and_makes_a_claim(browser, live_server, sample):
    context = browser.new_context(
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, "editor")
        page.goto(sample.source.get_absolute_url())
        claim = create_from_drag(page, ("s-2", "Al-Bab is"), ("s-2", "northeast"))
        assert anchors(claim) == [(2, "Al-Bab is located 40 km northeast")]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        context.close()


def test_the_form_covers_no_text_on_a_phone_while_selecting(browser, live_server, sample):
    """On a phone the form is a sheet over the foot of the screen: the text under the
    selection stays where it was."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, has_touch=True
    )
    page = context.new_page()
    try:
        log_in(page, "editor")
        page.goto(sample.source.get_absolute_url())
        before = top(page, "s-2")
        drag_words(page, ("s-2", "located"), ("s-2", "Aleppo"))
        sheet = page.locator("#new-claim")
        page.locator("#new-claim-form").wait_for(state="visible")
        assert top(page, "s-2") == before
        assert sheet.evaluate("el => getComputedStyle(el).position") == "fixed"
    finally:
        context.close()


def test_an_editor_makes_a_claim_of_a_sentence_from_the_keyboard(page, sample):
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    page.locator("#s-1").focus()  # where Tab lands in the text
    page.keyboard.press("ArrowDown")
    page.keyboard.press("n")
    statement = page.get_by_label("Statement")
    assert statement.evaluate("el => el === document.activeElement")
    page.keyboard.press("Control+A")  # the statement starts as the quote: replace it
    page.keyboard.type("Al-Bab is 40 km from Aleppo.")
    page.keyboard.press("Tab")  # kind
    page.keyboard.press("Tab")  # Create claim
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "claim=" in url)
    claim = Claim.objects.order_by("-pk").first()
    assert claim.statement == "Al-Bab is 40 km from Aleppo."
    assert anchors(claim) == [(2, "The town of Al-Bab is located 40 km northeast of Aleppo.")]


def test_a_stale_form_says_so_and_writes_nothing(page, sample):
    """The article's text changed after the page was loaded: the selection is refused."""
    from claims.models import Source

    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    drag_words(page, ("s-2", "40 km"), ("s-2", "Aleppo"))
    page.locator("#new-claim-form").wait_for(state="visible")
    text = sample.source.text.replace("40 km northeast", "30 km northeast")
    Source.objects.filter(pk=sample.source.pk).update(text=text)
    count = Claim.objects.count()
    page.get_by_role("button", name="Create claim").click()
    page.wait_for_load_state()
    assert "no longer reads as the words you selected" in page.locator("main").inner_text()
    assert Claim.objects.count() == count


@pytest.mark.parametrize("width", [1366, 390])
def test_an_editor_accepts_a_suggested_claim_where_it_stands(page, sample, width):
    from tests.factories import make_claim_suggestion

    sentence = sample.source.sentences.get(index=6)
    suggestion = make_claim_suggestion(sentence, "Even if this group is large", kind="opinion")
    page.set_viewport_size({"width": width, "height": 844})
    log_in(page, "editor")
    page.goto(sample.source.get_absolute_url())
    page.mouse.click(*point(page, "s-6", "Even if"))
    item = page.locator(f"#suggestion-{suggestion.pk}")
    item.wait_for(state="visible")
    if width > 1000:  # beside the text, in the panel
        assert page.locator(".claim-panel #suggestion-" + str(suggestion.pk)).count() == 1
    item.get_by_role("button", name="Accept", exact=True).click()
    page.wait_for_url("**#s-6")
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    claim = suggestion.claim
    assert anchors(claim) == [(6, "Even if this group is large")] and claim.kind == "opinion"
    assert page.locator(f'#s-6 mark.hl[data-claims~="{claim.pk}"]').count() == 1
    assert page.locator(f"#suggestion-{suggestion.pk}").count() == 0
