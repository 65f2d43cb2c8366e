import re

import pytest
from django.db import connection
from django.urls import reverse

from claims.services import claim_assess
from tests.factories import make_actor, make_claim, make_event, make_place, make_source
from tests.pagetext import visible_text as text

pytestmark = pytest.mark.django_db

URL = "/claims/"


def get(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def world():
    turkey = make_actor("Turkey")
    isis = make_actor("Islamic State")
    al_bab = make_place("Al-Bab")
    battle = make_event("Battle of Al-Bab")
    report = make_source(
        [["Over 5,000 fighters defended Al-Bab.", "Turkey sent <b>tanks</b> & artillery."]],
        title="Siege report",
    )
    fighters_sentence, tanks_sentence = report.sentences.all()
    fighters = make_claim(fighters_sentence, actors=[isis], places=[al_bab], events=[battle])
    tanks = make_claim(tanks_sentence, kind="quantitative", actors=[turkey], events=[battle])
    claim_assess(claim=fighters, status="supported", rationale="Two independent reports.")
    return {
        "report": report,
        "turkey": turkey,
        "isis": isis,
        "al_bab": al_bab,
        "battle": battle,
        "fighters": fighters,
        "tanks": tanks,
    }


def test_it_is_linked_by_name():
    assert reverse("claim-list") == URL


def test_it_lists_claims_with_status_quote_and_a_link_into_the_text(client, world):
    html = get(client)
    page = text(html)
    assert "2 claims" in page
    assert "Supported Over 5,000 fighters defended Al-Bab." in page
    report = world["report"]
    assert f'href="/sources/{report.slug}/?claim={world["fighters"].pk}#s-1"' in html
    assert f'href="/claims/{world["fighters"].pk}/"' in html
    # Article text is escaped, never rendered as markup.
    assert "Turkey sent &lt;b&gt;tanks&lt;/b&gt; &amp; artillery." in html


def test_it_shows_facets_with_counts(client, world):
    page = text(get(client))
    assert "Supported (1)" in page
    assert "Unassessed (1)" in page
    assert "Refuted (0)" in page
    assert "quantitative (1)" in page
    assert "Turkey (1)" in page
    assert "Battle of Al-Bab (2)" in page
    assert "Siege report (2)" in page


def test_it_combines_facets_and_counts_under_the_other_filters(client, world):
    html = get(client, f"?event={world['battle'].slug}&status=supported")
    page = text(html)
    assert "1 claim" in page
    assert "Over 5,000 fighters" in page
    assert "Turkey sent" not in page
    # Status counts ignore the status filter but keep the event filter.
    assert "Unassessed (1)" in page
    # Actor counts keep both: only the supported claim's actor is counted.
    assert "Islamic State (1)" in page
    assert "Turkey (0)" not in page and "Turkey (1)" not in page


def test_every_facet_link_keeps_the_rest_of_the_state(client, world):
    html = get(client, "?q=fighters&status=supported&sort=oldest")
    turkey_link = re.search(r'href="([^"]*actor=[^"]*)"', html).group(1)
    assert "q=fighters" in turkey_link
    assert "status=supported" in turkey_link
    assert "sort=oldest" in turkey_link


def test_it_searches_and_marks_the_matches(client, world):
    html = get(client, "?q=tanks")
    assert "1 claim matching “tanks”" in text(html)
    assert "<mark>tanks</mark>" in html
    assert "&lt;b&gt;<mark>tanks</mark>&lt;/b&gt;" in html
    assert "Over 5,000 fighters" not in html


def test_it_keeps_the_search_in_the_form_escaped(client, world):
    html = get(client, '?q="><script>x</script>')
    assert "<script>x</script>" not in html
    assert 'value="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"' in html


def test_an_empty_result_says_which_filter_to_remove(client, world):
    html = get(client, f"?q=tanks&actor={world['isis'].slug}")
    page = text(html)
    assert "0 claims" in page
    assert "No claim matches all of these filters together." in page
    assert "Without search “tanks”: 1 claim." in page
    assert "Without actor Islamic State: 1 claim." in page
    # Each removal link drops exactly one filter.
    links = re.findall(r'<a href="([^"]*)">Remove this filter</a>', html)
    assert links == [
        f"/claims/?actor={world['isis'].slug}",
        "/claims/?q=tanks",
    ]


def test_it_explains_what_it_did_not_understand(client, world):
    page = text(get(client, "?status=maybe&actor=nobody&page=x"))
    assert "“maybe” is not an evidence status." in page
    assert "There is no actor with the identifier “nobody”." in page
    assert "“x” is not a page number; showing the first page." in page
    assert "2 claims" in page


def test_it_paginates_and_links_pages_with_the_state(client, world):
    sentence = world["report"].sentences.first()
    for _ in range(30):
        make_claim(sentence, kind="opinion")
    html = get(client, "?kind=opinion")
    page = text(html)
    assert "30 claims, page 1 of 2" in page
    assert 'href="/claims/?kind=opinion&amp;page=2"' in html
    page2 = text(get(client, "?kind=opinion&page=2"))
    assert "page 2 of 2" in page2
    assert "There is no page 9" in text(get(client, "?kind=opinion&page=9"))


def test_it_sorts_by_status(client, world):
    html = get(client, "?sort=status")
    assert html.index("Turkey sent") < html.index("Over 5,000 fighters")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL stemming")
def test_it_marks_stemmed_matches(client, world):
    html = get(client, "?q=fighter")
    assert "<mark>fighters</mark>" in html


def test_its_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    query = (
        f"?q=fighters&status=supported&status=unassessed&actor={world['isis'].slug}"
        f"&place={world['al_bab'].slug}&event={world['battle'].slug}"
        f"&source={world['report'].slug}"
    )

    def count():
        with django_assert_max_num_queries(100) as captured:
            get(client, query)
        return len(captured)

    before = count()
    sentence = world["report"].sentences.first()
    for _ in range(15):
        make_claim(
            sentence,
            actors=[world["isis"], make_actor("Other")],
            places=[world["al_bab"]],
            events=[world["battle"], make_event("Another")],
        )
    assert count() == before
    with django_assert_max_num_queries(before):
        html = get(client, query)
    assert "16 claims" in text(html)


def test_its_default_order_stays_the_default_when_a_search_is_added(client, world):
    html = get(client)
    assert '<option value="" selected>Best match first (newest without a search)</option>' in html
    assert '<option value="" selected>' in get(client, "?q=tanks&sort=")
    html = get(client, "?sort=oldest")
    assert '<option value="oldest" selected>Oldest first</option>' in html


def test_it_filters_claims_by_the_period_of_their_events(client, db):
    from datetime import date

    from tests.factories import make_claim, make_event, make_source

    source = make_source([["The town fell in May.", "Talks began in 2018."]])
    first, second = source.sentences.order_by("index")
    fall = make_event(
        "Fall of the town",
        date_earliest=date(2016, 5, 1),
        date_latest=date(2016, 5, 31),
        date_precision="month",
    )
    talks = make_event(
        "Talks",
        date_earliest=date(2018, 1, 1),
        date_latest=date(2018, 12, 31),
        date_precision="year",
    )
    make_claim(first, events=[fall], statement="The town fell.")
    make_claim(second, events=[talks], statement="Talks began.")
    make_claim(second, statement="No event at all.")

    def statements(query):
        response = client.get("/claims/" + query)
        assert response.status_code == 200
        return sorted(c.statement for c in response.context["page_obj"].object_list)

    assert statements("?since=2016-05-31&until=2016-06-30") == ["The town fell."]
    assert statements("?since=2017-01-01") == ["Talks began."]
    assert statements("?until=2016-05-01") == ["The town fell."]
    # One event must meet the whole period: not one before and another after.
    assert statements("?since=2017-01-01&until=2017-06-30") == []
    html = client.get("/claims/?since=2017-01-01").content.decode()
    assert 'name="since" value="2017-01-01"' in html
    # The API takes the same parameters.
    results = client.get("/api/v1/claims/?until=2016-12-31").json()["results"]
    assert [c["statement"] for c in results] == ["The town fell."]


# Rows rendered once (claims.fragments): a row read back from the fragment
# cache must show every edit made through the services straight away.


def rows_rendered(client, query=""):
    """How many claim rows the page rendered afresh (the others came from the fragment cache)."""
    response = client.get(URL + query)
    assert response.status_code == 200
    names = [template.name for template in response.templates]
    return names.count("claims/includes/claim_result.html"), text(response.content.decode())


def test_rows_are_rendered_once_and_read_back(client, world):
    first, _ = rows_rendered(client)
    assert first == 2
    again, page = rows_rendered(client)
    assert again == 0
    assert "Supported Over 5,000 fighters defended Al-Bab." in page
    # Another filter combination reuses the rows it shares with the first.
    filtered, page = rows_rendered(client, f"?actor={world['turkey'].slug}")
    assert filtered == 0
    assert "Turkey sent <b>tanks</b> & artillery." in page


def test_a_row_shows_an_edit_through_the_services_at_once(client, world, editor):
    from claims.services import claim_update, record_save

    rows_rendered(client)
    claim_update(claim=world["fighters"], editor=editor, statement="About 5,000 fighters held it.")
    claim_assess(claim=world["tanks"], status="disputed", rationale="Reports differ.")
    rendered, page = rows_rendered(client)
    assert rendered == 2  # both rows changed; neither is read back
    assert "Supported About 5,000 fighters held it." in page
    assert "Supported Over 5,000" not in page  # the old statement (the quote stays)
    assert "Disputed Turkey sent" in page

    # What a row names from other rows: the attributed actor, the source's title.
    claim_update(claim=world["tanks"], editor=editor, attributed_to=world["turkey"])
    rows_rendered(client)
    turkey = world["turkey"]
    turkey.name = "Republic of Türkiye"
    record_save(instance=turkey)
    report = world["report"]
    report.title = "Siege report, corrected"
    record_save(instance=report)
    rendered, page = rows_rendered(client)
    assert rendered == 2
    assert "attributed to Republic of Türkiye" in page
    assert "Siege report, corrected, sentence 2" in page
    # Unchanged since: read back, and still right.
    again, page_again = rows_rendered(client)
    assert again == 0
    assert page_again == page


# The filters and facets rendered once per address and counts
# (claims.fragments.browser_filters_key).


def filters_rendered(client, query=""):
    response = client.get(URL + query)
    assert response.status_code == 200
    names = [template.name for template in response.templates]
    html = response.content.decode()
    aside = html.split('<aside class="browser-filters"')[1].split("</aside>")[0]
    return "claims/includes/browser_filters.html" in names, aside


def test_the_facets_are_rendered_once_and_show_an_edit_at_once(client, world, editor):
    from claims.services import claim_update, record_save

    rendered, first = filters_rendered(client)
    assert rendered
    assert "Unassessed (1)" in text(first) and "Refuted (0)" in text(first)
    rendered, again = filters_rendered(client, "?page=1")  # the page is not in its links
    assert not rendered and again == first
    # A count changes: an assessment, a link to an actor.
    claim_assess(claim=world["tanks"], status="refuted", rationale="No tanks were seen.")
    rendered, aside = filters_rendered(client)
    assert rendered
    assert "Unassessed (0)" in text(aside) and "Refuted (1)" in text(aside)
    unlinked = make_actor("Kurdish forces")
    claim_update(claim=world["fighters"], editor=editor, actors=[unlinked])
    rendered, aside = filters_rendered(client)
    assert rendered and "Kurdish forces" in text(aside)
    # A label changes: the actor renamed in the admin.
    unlinked.name = "Kurdish militias"
    record_save(instance=unlinked)
    rendered, aside = filters_rendered(client)
    assert rendered and "Kurdish militias" in text(aside) and "Kurdish forces" not in aside
    # Another address: its own form values and links.
    rendered, searched = filters_rendered(client, "?q=tanks&sort=oldest")
    assert rendered
    assert 'value="tanks"' in searched and "q=tanks" in searched
    rendered, again = filters_rendered(client)
    assert not rendered and again == aside


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?status=supported",
        "?status=supported&status=unassessed&kind=factual",
        "?kind=quantitative&reported_by=1",
        "?reported_by=2",
        "?q=tanks",
        "?q=tanks&status=refuted",
        "?actor={turkey}",
        "?status=nonsense&kind=factual",
        "?since=2016-01-01&until=2016-12-31",
    ],
)
def test_the_total_shown_is_the_number_of_claims_listed(client, world, query):
    """The total comes from the status facet's counts (filters.matching_count),
    not a COUNT of the list: it must still be the list's length."""
    from django.http import QueryDict

    from claims.filters import ClaimFilter

    query = query.format(turkey=world["turkey"].slug)
    expected = ClaimFilter(QueryDict(query.lstrip("?"))).qs.count()
    page = text(get(client, query))
    heading = re.search(r"(\d+) claims?\b", page)
    assert heading and int(heading.group(1)) == expected, (query, expected)
