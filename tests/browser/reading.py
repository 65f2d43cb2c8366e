"""Reading the reader page as a hand and an eye would: where words are on the
screen, and mouse drags between them. Positions are read from the page;
nothing here sets the selection or any other state a person cannot set."""

from tests.conftest import PASSWORD

POINT_JS = """([id, words, nth, atEnd]) => {
    const root = document.getElementById(id);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let seen = 0;
    while (walker.nextNode()) {
        const data = walker.currentNode.data;
        let at = data.indexOf(words);
        while (at !== -1 && seen < nth) { seen += 1; at = data.indexOf(words, at + 1); }
        if (at === -1) continue;
        // The middle of the first character, or of the last one for an end point.
        const k = atEnd ? at + words.length - 1 : at;
        const range = document.createRange();
        range.setStart(walker.currentNode, k);
        range.setEnd(walker.currentNode, k + 1);
        const box = range.getClientRects()[0];
        return [atEnd ? box.right - 1 : box.left + 1, box.top + box.height / 2];
    }
    throw new Error(words + " not found in " + id);
}"""


def point(page, element_id, words, *, end=False, nth=0):
    """Viewport coordinates of the first (or, with end, the last) letter of `words`."""
    return page.evaluate(POINT_JS, [element_id, words, nth, end])


def drag(page, start, end, *, steps=12, during=None):
    """Press at `start`, move in steps, release at `end`; `during` runs mid-drag."""
    page.mouse.move(*start)
    page.mouse.down()
    for step in range(1, steps + 1):
        page.mouse.move(
            start[0] + (end[0] - start[0]) * step / steps,
            start[1] + (end[1] - start[1]) * step / steps,
        )
        if during is not None and step == steps // 2:
            during()
    page.mouse.up()


def drag_words(page, first, last, *, during=None):
    """Drag from the first letter of `first` to the last letter of `last`:
    each is (element id, words)."""
    drag(page, point(page, *first), point(page, *last, end=True), during=during)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")
    assert f"Logged in as {username}" in page.locator(".user-area").inner_text()
