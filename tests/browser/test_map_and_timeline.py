"""The interactive map and timeline in Chromium (issue 17), driven by mouse
and keyboard: zoom, clusters, popups, filters in the address, brushing a
period, and from an event or a place to its claims and their sentences.
The page fixture fails any test whose page asks another host for anything."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_serious_violations
from tests.factories import make_claim, make_event, make_place
from tests.sample import build_sample

pytestmark = pytest.mark.browser


@pytest.fixture
def sample(editor):
    sample = build_sample(editor)
    # Bzaah lies next to Al-Bab: one cluster at first; Raqqa and Manbij apart.
    sample.bzaah = make_place("Bzaah", latitude=36.33, longitude=37.56, geo_precision="near")
    sample.raqqa = make_place("Raqqa", latitude=35.95, longitude=39.01, geo_precision="exact")
    sample.manbij = make_place("Manbij", latitude=36.53, longitude=37.95, geo_precision="exact")
    sample.siege = make_event(
        "Siege of Raqqa",
        kind="siege",
        date_earliest=datetime.date(2014, 1, 1),
        date_latest=datetime.date(2015, 12, 31),
        date_precision="year",
    )
    sample.siege.places.add(sample.raqqa)
    sample.talks = make_event(
        "Talks at Manbij",
        date_earliest=datetime.date(2016, 9, 12),
        date_latest=datetime.date(2016, 9, 12),
        date_precision="day",
    )
    sample.talks.places.add(sample.manbij)
    sample.talks_claim = make_claim(
        sample.sentences[5], events=[sample.talks], places=[sample.manbij]
    )
    return sample


def centre(locator):
    box = locator.bounding_box()
    assert box, "not drawn"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def click(page, locator):
    page.mouse.click(*centre(locator))


def marker(page, place):
    return page.locator(f".place-marker[data-place='{place.slug}']")


def distance(page, a, b):
    (ax, ay), (bx, by) = centre(marker(page, a)), centre(marker(page, b))
    return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5


def test_the_map_zooms_opens_a_cluster_and_a_popup_and_leads_to_a_claims_sentence(page, sample):
    page.goto("/map/")
    expect(page.locator("#map-message")).to_have_text(
        "5 places on the map; 1 without coordinates, listed below."
    )
    cluster = page.locator(".place-cluster")
    expect(cluster).to_have_count(1)
    expect(cluster).to_contain_text("2")
    expect(marker(page, sample.raqqa)).to_be_visible()
    # Country names are drawn from the offline outlines.
    expect(page.locator(".country-label", has_text="Syria")).to_be_attached()

    # The + button, clicked with the mouse, zooms in: places draw apart.
    apart = distance(page, sample.raqqa, sample.manbij)
    click(page, page.locator(".leaflet-control-zoom-in"))
    page.wait_for_timeout(600)  # Leaflet's zoom animation
    zoomed = distance(page, sample.raqqa, sample.manbij)
    assert zoomed > 1.5 * apart
    # The mouse wheel zooms back out.
    page.mouse.move(*centre(page.locator("#map-canvas")))
    page.mouse.wheel(0, 60)
    page.wait_for_timeout(800)
    assert distance(page, sample.raqqa, sample.manbij) < zoomed / 1.5

    # A cluster opens into its places when clicked.
    click(page, page.locator(".place-cluster"))
    expect(marker(page, sample.places.al_bab)).to_be_visible()
    expect(marker(page, sample.bzaah)).to_be_visible()
    expect(marker(page, sample.bzaah)).to_have_class(re.compile(r"precision-near"))
    expect(page.locator(".leaflet-tooltip.place-name", has_text="Bzaah")).to_be_visible()

    # A place's popup: its claims by status and its events, with links.
    page.wait_for_timeout(400)
    click(page, marker(page, sample.places.al_bab))
    popup = page.locator(".place-popup")
    expect(popup).to_be_visible()
    expect(popup.get_by_role("link", name="Al-Bab", exact=True)).to_have_attribute(
        "href", sample.places.al_bab.get_absolute_url()
    )
    expect(popup).to_contain_text("3 claims:")
    expect(popup.get_by_role("link", name="Supported 1")).to_have_attribute(
        "href", re.compile(rf"/claims/\?place={sample.places.al_bab.slug}&status=supported")
    )
    expect(popup.get_by_role("link", name="Turkish offensive on Al-Bab")).to_be_visible()
    expect(popup).to_contain_text("September 2016")

    # Its claims in the side panel, each leading to its sentence.
    click(page, popup.get_by_role("button", name="Show these claims"))
    panel = page.locator("#claims-panel")
    expect(panel.get_by_role("heading")).to_have_text("Claims about Al-Bab")
    expect(panel.locator(".panel-claims > li")).to_have_count(3)
    expect(panel.locator(".status").first).to_be_visible()
    # Leaflet fades a popup in: axe judges its colours only once it is opaque.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.leaflet-popup')]"
        ".every(p => getComputedStyle(p).opacity === '1')"
    )
    assert_no_serious_violations(page)
    item = panel.locator(".panel-claims > li", has_text=sample.claims.location.statement)
    expect(item.get_by_role("link", name="Read it in its sentence")).to_have_attribute(
        "href", f"/sources/{sample.source.slug}/?claim={sample.claims.location.pk}#s-2"
    )
    # Follow the claim to its page, and from there to its sentence.
    click(page, item.get_by_role("link", name=sample.claims.location.statement))
    page.wait_for_url(re.compile(rf"/claims/{sample.claims.location.pk}/$"))
    click(page, page.locator("a.read-in-context").first)
    page.wait_for_url(re.compile(rf"/sources/{sample.source.slug}/\?claim=\d+#s-2$"))


def test_the_map_is_operable_by_keyboard(page, sample):
    page.goto(f"/map/?actor={sample.actors.isis.slug}")
    expect(page.locator(".place-marker")).to_have_count(1)
    # Tab from the filters to the map, then to its one marker; Enter opens it.
    page.get_by_role("button", name="Show").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.place") == sample.places.al_bab.slug:
            break
    else:
        pytest.fail("Tab never reached the marker")
    page.keyboard.press("Enter")
    expect(page.locator(".place-popup")).to_be_visible()
    expect(page.locator(".place-popup")).to_contain_text("Al-Bab")
    # Escape closes it; on the map, + zooms in: Al-Bab draws away from Syria's name.
    page.keyboard.press("Escape")
    expect(page.locator(".place-popup")).to_have_count(0)
    syria = page.locator(".country-label", has_text="Syria")
    expect(syria).to_be_attached()

    def apart():
        (ax, ay), (bx, by) = centre(marker(page, sample.places.al_bab)), centre(syria)
        return ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5

    before = apart()
    page.get_by_role("region", name=re.compile("Interactive map")).focus()
    page.keyboard.press("+")
    page.wait_for_timeout(600)
    assert apart() > 1.5 * before


def test_a_filter_in_the_address_narrows_the_map_and_a_change_rewrites_the_address(page, sample):
    page.goto(f"/map/?actor={sample.actors.isis.slug}")
    expect(page.locator("#map-message")).to_have_text("1 place on the map.")
    expect(page.locator(".place-marker")).to_have_count(1)
    expect(marker(page, sample.places.al_bab)).to_be_visible()
    # The actor chosen: the claims naming it are beside the map.
    panel = page.locator("#claims-panel")
    expect(panel.get_by_role("heading")).to_have_text("Claims naming Islamic State")
    expect(panel.locator(".panel-claims > li")).to_have_count(1)

    page.get_by_label("Actor").select_option("")
    page.get_by_label("Evidence status").select_option("supported")
    expect(page).to_have_url(re.compile(r"/map/\?status=supported$"))
    # Al-Bab and Aleppo both have the one supported claim.
    expect(page.locator("#map-message")).to_have_text(re.compile(r"^2 places on the map"))
    page.get_by_label("Events from").fill("2016-09-01")
    page.get_by_label("Events from").press("Enter")  # submits: the list follows too
    page.wait_for_url(re.compile(r"since=2016-09-01"))
    assert page.get_by_label("Events from").input_value() == "2016-09-01"


def test_the_timeline_zooms_brushes_a_period_onto_the_map_and_leads_to_claims(page, sample):
    page.goto("/timeline/")
    chart = page.locator("#timeline-chart")
    expect(chart.locator(".tl-event")).to_have_count(3)
    expect(page.locator("#timeline-range")).to_contain_text("3 events")
    # The axis has ticks and labels.
    assert chart.locator(".tick-label").count() >= 3
    # A two-year siege does not squash a single day: the day is a dot.
    talks = chart.locator(f".tl-event[data-event='{sample.talks.slug}']")
    expect(talks.locator("circle")).to_have_count(1)
    expect(chart.locator(f".tl-event[data-event='{sample.siege.slug}']")).to_have_class(
        re.compile("precision-year")
    )

    # Zoom in by button and out by keyboard.
    before = page.locator("#timeline-range").inner_text()
    click(page, page.get_by_role("button", name="Zoom in"))
    expect(page.locator("#timeline-range")).not_to_have_text(before)
    chart.focus()
    page.keyboard.press("0")
    expect(page.locator("#timeline-range")).to_have_text(before)

    # Brush 2016 with a mouse drag across the chart.
    box = chart.bounding_box()
    y = box["y"] + 8  # the axis band, above the events
    start = talks.locator("circle").bounding_box()["x"] - 30
    page.mouse.move(start, y)
    page.mouse.down()
    page.mouse.move(start + 40, y, steps=5)
    page.mouse.move(start + 80, y, steps=5)
    page.mouse.up()
    selection = page.locator("#timeline-selection")
    expect(selection).to_be_visible()
    expect(page).to_have_url(
        re.compile(r"/timeline/\?since=\d{4}-\d\d-\d\d&until=\d{4}-\d\d-\d\d$")
    )
    claims_link = selection.get_by_role("link", name="Claims in this period")
    expect(claims_link).to_have_attribute("href", re.compile(r"/claims/\?since=.+&until=.+"))

    # The period on the map: only the places of events in it.
    click(page, selection.get_by_role("link", name="Show on the map"))
    page.wait_for_url(re.compile(r"/map/\?since=.+&until=.+"))
    expect(page.locator("#map-message")).to_have_text(re.compile(r"^\d places? on the map"))
    expect(marker(page, sample.raqqa)).to_have_count(0)  # the siege ended in 2015
    page.go_back()

    # An event leads to its claims, and a claim to its sentence.
    click(page, page.locator(f".tl-event[data-event='{sample.talks.slug}'] circle"))
    panel = page.locator("#claims-panel")
    expect(panel.get_by_role("heading")).to_have_text("Claims about Talks at Manbij")
    expect(panel.locator(".panel-claims > li")).to_have_count(1)
    assert_no_serious_violations(page)
    click(page, panel.get_by_role("link", name="Read it in its sentence"))
    page.wait_for_url(re.compile(rf"/sources/{sample.source.slug}/\?claim=\d+#s-5$"))


def test_the_map_timeline_and_place_page_fit_a_phone_and_pass_axe(page, sample):
    page.set_viewport_size({"width": 390, "height": 844})
    for address in ("/map/", "/timeline/", sample.places.al_bab.get_absolute_url()):
        page.goto(address)
        page.wait_for_timeout(800)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, address
        assert_no_serious_violations(page)
    # On a phone the claims panel comes below the chart, and is brought into view.
    page.goto("/timeline/")
    click(page, page.locator(f".tl-event[data-event='{sample.talks.slug}'] circle"))
    expect(page.locator("#claims-panel .panel-claims > li")).to_have_count(1)
    expect(page.locator("#claims-panel h2")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_place_page_locates_the_place_among_its_named_neighbours(page, sample):
    page.goto(sample.places.al_bab.get_absolute_url())
    locator = page.locator("[data-locator-map]")
    expect(locator.locator(".leaflet-tooltip.this-place")).to_have_text("Al-Bab")
    expect(locator.locator(".leaflet-tooltip", has_text="Bzaah")).to_be_visible()
    expect(locator.locator(".leaflet-tooltip", has_text="Aleppo")).to_be_visible()
    neighbour = locator.locator(".place-marker.neighbour").first
    click(page, neighbour)
    page.wait_for_url(re.compile(r"/places/(bzaah|aleppo|manbij)[^/]*/$"))
    assert_no_serious_violations(page)


def test_the_map_works_without_javascript(browser, live_server, sample):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/map/")
    markers = page.locator("svg.map-svg a")
    assert markers.count() == 5
    assert page.locator("[data-map-explorer]").is_hidden()
    page.get_by_label("Actor").select_option(label="Turkey")
    page.get_by_role("button", name="Show").click()
    assert "actor=" in page.url
    assert page.locator("svg.map-svg a").count() == 1
    page.locator("svg.map-svg a").first.click()
    assert page.url.endswith(sample.places.al_bab.get_absolute_url())
    context.close()


def test_past_the_threshold_the_server_clusters_and_a_cluster_opens_into_its_places(
    page, sample, settings
):
    settings.MAP_CLUSTER_THRESHOLD = 2  # the sample has 5 places with coordinates
    requests = []
    page.on(
        "request",
        lambda request: requests.append(request.url) if "places.geojson" in request.url else None,
    )
    page.goto("/map/")
    message = page.locator("#map-message")
    expect(message).to_have_text(
        "5 places on the map, grouped by area (choose a group or zoom in to see its places);"
        " 1 without coordinates, listed below."
    )
    # The map asked again for its own view once it had framed the places.
    expect(page.locator("[data-map-explorer]")).to_have_attribute("data-clustered", "server")
    page.wait_for_function("() => performance.getEntriesByName('places-drawn').length > 0")
    assert any("zoom=" in url and "bbox=" in url for url in requests)
    # Al-Bab and Bzaah, 4 km apart, are one of the server's clusters.
    cluster = page.locator(".server-cluster")
    expect(cluster.first).to_be_visible()
    pair = page.locator(".server-cluster[data-places='2']")
    expect(pair).to_have_count(1)
    expect(marker(page, sample.bzaah)).to_have_count(0)
    asked = len(requests)

    # Clicking it zooms in (the map asks for the new view) and shows its places.
    click(page, pair)
    expect(marker(page, sample.bzaah)).to_be_visible()
    expect(marker(page, sample.places.al_bab)).to_be_visible()
    assert len(requests) > asked
    # A place from the server has its popup as before.
    page.wait_for_timeout(400)
    click(page, marker(page, sample.places.al_bab))
    expect(page.locator(".place-popup")).to_contain_text("3 claims:")
    expect(
        page.locator(".place-popup").get_by_role("link", name="Turkish offensive on Al-Bab")
    ).to_be_visible()
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")  # faded in
    assert_no_serious_violations(page)

    # A filter still applies: the actor's one place, not clustered any more.
    page.keyboard.press("Escape")
    page.get_by_label("Actor").select_option(sample.actors.isis.slug)
    expect(message).to_have_text("1 place on the map.")
    expect(page.locator(".server-cluster")).to_have_count(0)
    expect(page.locator("[data-map-explorer]")).to_have_attribute("data-clustered", "browser")


def bar_counts(chart):
    return [
        int(n)
        for n in chart.locator(".density-bar").evaluate_all(
            "bars => bars.map(bar => bar.dataset.count)"
        )
    ]


def test_the_timelines_density_strip_counts_every_event_and_zooms_to_a_bar(page, sample):
    page.goto("/timeline/")
    chart = page.locator("#timeline-chart")
    expect(chart.locator(".tl-event")).to_have_count(3)
    # Every dated event in view is counted in some bar of the strip.
    assert sum(bar_counts(chart)) == 3
    # The bar holding the talks (12 September 2016) zooms to its interval.
    talks_x = centre(chart.locator(f".tl-event[data-event='{sample.talks.slug}'] circle"))[0]
    bars = chart.locator(".density-bar")
    chosen = None
    for i in range(bars.count()):
        box = bars.nth(i).locator(".density-hit").bounding_box()
        if box["x"] <= talks_x - 3 <= box["x"] + box["width"]:
            chosen = bars.nth(i)
    assert chosen is not None, "no bar under the talks"
    label = chosen.get_attribute("aria-label")
    period = label.split(":")[0]  # "1 Jul 2016 to 1 Jan 2017"
    click(page, chosen.locator(".density-hit"))
    expect(page.locator("#timeline-range")).to_have_text(re.compile(rf"^Showing {period}: "))
    expect(chart.locator(f".tl-event[data-event='{sample.talks.slug}']")).to_have_count(1)
    # The strip now counts the events of that interval, which are those drawn.
    drawn = chart.locator(".tl-event").count()
    assert sum(bar_counts(chart)) == drawn
    assert drawn < 3  # the siege ended in 2015
    # By keyboard: a bar takes the focus and Enter zooms to it.
    chart.locator(".density-bar").first.focus()
    before = page.locator("#timeline-range").inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("#timeline-range")).not_to_have_text(before)
    assert_no_serious_violations(page)
