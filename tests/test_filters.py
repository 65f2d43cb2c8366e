import pytest
from django.db import connection
from django.http import QueryDict

from claims.filters import ClaimFilter, claim_facets
from claims.models import Claim
from claims.services import claim_assess
from tests.factories import add_anchor, make_actor, make_claim, make_event, make_place, make_source

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def run(query="", **kwargs):
    filterset = ClaimFilter(QueryDict(query), **kwargs)
    return filterset, list(filterset.qs)


def assess(claim, status):
    claim_assess(claim=claim, status=status, rationale="Checked against two reports.")


@pytest.fixture
def world():
    """Two sources, four claims with different statuses, kinds and entities."""
    isis = make_actor("Islamic State")
    turkey = make_actor("Turkey")
    al_bab = make_place("Al-Bab")
    battle = make_event("Battle of Al-Bab")
    first = make_source(
        [
            ["Over 5,000 fighters defended the town of Al-Bab.", "Turkey sent tanks."],
            ["The siege ended in February."],
        ],
        title="Siege report",
    )
    second = make_source([["Turkish troops crossed the border at dawn."]], title="Border report")
    s1, s2, s3 = first.sentences.all()
    (t1,) = second.sentences.all()
    claims = {
        "fighters": make_claim(s1, actors=[isis], places=[al_bab], events=[battle]),
        "tanks": make_claim(s2, kind="quantitative", actors=[turkey], events=[battle]),
        "siege": make_claim(s3, places=[al_bab]),
        "border": make_claim(t1, kind="attribution", actors=[turkey]),
    }
    assess(claims["fighters"], "supported")
    assess(claims["tanks"], "disputed")
    return {
        "claims": claims,
        "sources": (first, second),
        "isis": isis,
        "turkey": turkey,
        "al_bab": al_bab,
        "battle": battle,
    }


def statements(claims):
    return [claim.statement for claim in claims]


def test_it_lists_every_published_claim_newest_first(world):
    _, claims = run()
    assert statements(claims) == [
        "Turkish troops crossed the border at dawn.",
        "The siege ended in February.",
        "Turkey sent tanks.",
        "Over 5,000 fighters defended the town of Al-Bab.",
    ]


def test_it_hides_claims_of_unpublished_sources(world):
    hidden = make_source([["A draft sentence nobody may read yet."]], is_published=False)
    make_claim(hidden.sentences.get())
    _, claims = run()
    assert "A draft sentence nobody may read yet." not in statements(claims)


def test_it_filters_by_several_statuses(world):
    _, claims = run("status=supported&status=disputed&sort=oldest")
    assert statements(claims) == [
        "Over 5,000 fighters defended the town of Al-Bab.",
        "Turkey sent tanks.",
    ]


def test_it_filters_by_kind(world):
    _, claims = run("kind=quantitative&kind=attribution&sort=oldest")
    assert statements(claims) == [
        "Turkey sent tanks.",
        "Turkish troops crossed the border at dawn.",
    ]


def test_it_filters_by_source_listing_a_claim_quoted_twice_once(world):
    first, second = world["sources"]
    fighters = world["claims"]["fighters"]
    sentence = first.sentences.get(index=3)
    add_anchor(fighters, sentence)
    _, claims = run(f"source={first.slug}&sort=oldest")
    assert statements(claims) == [
        "Over 5,000 fighters defended the town of Al-Bab.",
        "Turkey sent tanks.",
        "The siege ended in February.",
    ]
    _, claims = run(f"source={second.slug}")
    assert statements(claims) == ["Turkish troops crossed the border at dawn."]


def test_it_combines_actor_place_and_event(world):
    _, claims = run(f"actor={world['turkey'].slug}&event={world['battle'].slug}")
    assert statements(claims) == ["Turkey sent tanks."]
    _, claims = run(f"place={world['al_bab'].slug}&sort=oldest")
    assert statements(claims) == [
        "Over 5,000 fighters defended the town of Al-Bab.",
        "The siege ended in February.",
    ]


def test_it_explains_and_ignores_an_unknown_identifier(world):
    filterset, claims = run("actor=nobody&status=supported")
    assert filterset.errors["actor"] == ["There is no actor with the identifier “nobody”."]
    assert statements(claims) == ["Over 5,000 fighters defended the town of Al-Bab."]


def test_it_explains_an_unknown_status_and_sort(world):
    filterset, claims = run("status=true&sort=random")
    assert filterset.errors["status"] == ["“true” is not an evidence status."]
    assert filterset.errors["sort"] == ["“random” is not a way to sort claims."]
    assert len(claims) == 4


def test_it_refuses_relevance_without_a_search(world):
    filterset, claims = run("sort=relevance")
    assert filterset.errors["sort"] == ["Sorting by relevance needs a search term."]
    assert len(claims) == 4


def test_it_sorts_by_status_in_vocabulary_order(world):
    _, claims = run("sort=status")
    assert [claim.status for claim in claims] == [
        "unassessed",
        "unassessed",
        "supported",
        "disputed",
    ]


def test_it_searches_statement_and_quote(world):
    source = make_source([["Rebels said the airport had fallen."]])
    make_claim(source.sentences.get(), statement="The airport was captured.")
    _, claims = run("q=airport")
    assert statements(claims) == ["The airport was captured."]
    # A word only in the quote, not in the editor's statement, is found too.
    _, claims = run("q=rebels")
    assert statements(claims) == ["The airport was captured."]


def test_it_combines_search_with_facets_and_exclusions(world):
    _, claims = run(f"q=turkey&actor={world['turkey'].slug}")
    assert statements(claims) == ["Turkey sent tanks."]
    _, claims = run("q=town -fighters")
    assert claims == []


def test_it_rejects_an_overlong_search(world):
    filterset, claims = run("q=" + "a" * 201)
    assert "q" in filterset.errors
    assert len(claims) == 4


@postgresql_only
def test_it_ranks_two_mentions_in_the_statement_above_one(world):
    source = make_source([["Artillery hit the road.", "Artillery hit artillery positions."]])
    once, twice = source.sentences.all()
    make_claim(once)
    make_claim(twice)
    _, claims = run("q=artillery")
    assert statements(claims) == ["Artillery hit artillery positions.", "Artillery hit the road."]


def test_it_finds_stemmed_forms(world):
    # PostgreSQL's english configuration and SQLite's FTS5 Porter stemmer alike.
    _, claims = run("q=fighter")
    assert statements(claims) == ["Over 5,000 fighters defended the town of Al-Bab."]
    _, claims = run("q=defending")
    assert statements(claims) == ["Over 5,000 fighters defended the town of Al-Bab."]


def test_facets_count_under_the_other_filters(world):
    filterset = ClaimFilter(QueryDict(f"status=supported&actor={world['turkey'].slug}"))
    assert list(filterset.qs) == []
    facets = claim_facets(filterset)
    status = {option.value: (option.count, option.selected) for option in facets["status"]}
    # The status facet ignores its own filter: Turkey's claims by status.
    assert status["supported"] == (0, True)
    assert status["disputed"] == (1, False)
    assert status["unassessed"] == (1, False)
    # The actor facet ignores the actor filter: supported claims by actor.
    actors = [(o.label, o.count, o.selected) for o in facets["actor"]]
    assert actors == [("Turkey", 0, True), ("Islamic State", 1, False)]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "kind=factual",
        "status=disputed&kind=factual&kind=quantitative",
        "status=supported&status=unassessed&kind=attribution",
        "status=disputed&actor={turkey}",
        "reported_by=2",
        "status=supported&status=unassessed&reported_by=1",
        "kind=factual&reported_by=3",
    ],
)
def test_status_kind_and_reported_by_counts_are_what_choosing_each_would_give(world, query):
    """The three facets come from one grouped query; each count must still be
    the number of claims the list would show with that value chosen in place
    of the facet's own selection."""
    # Some claims made by more sources (as confirmed "same" links would make them).
    claims = list(Claim.objects.published().order_by("pk"))
    Claim.objects.filter(pk__in=[c.pk for c in claims[::2]]).update(source_count=2)
    Claim.objects.filter(pk__in=[c.pk for c in claims[::3]]).update(source_count=4)
    data = QueryDict(query.format(turkey=world["turkey"].slug))
    facets = claim_facets(ClaimFilter(data))
    for name in ("status", "kind", "reported_by"):
        assert any(option.count for option in facets[name]) or not ClaimFilter(data).qs.exists()
        for option in facets[name]:
            alone = data.copy()
            alone.setlist(name, [option.value])
            assert option.count == ClaimFilter(alone).qs.count(), (name, option.value)
            assert option.selected == (option.value in data.getlist(name))


def test_facets_list_sources_and_events_with_counts(world):
    facets = claim_facets(ClaimFilter(QueryDict("")))
    assert [(o.label, o.count) for o in facets["source"]] == [
        ("Siege report", 3),
        ("Border report", 1),
    ]
    assert [(o.label, o.count) for o in facets["event"]] == [("Battle of Al-Bab", 2)]
    assert [(o.label, o.count) for o in facets["place"]] == [("Al-Bab", 2)]
    kinds = {o.value: o.count for o in facets["kind"]}
    assert kinds == {
        "factual": 2,
        "quantitative": 1,
        "attribution": 1,
        "opinion": 0,
        "prediction": 0,
    }


def test_facets_follow_the_search(world):
    facets = claim_facets(ClaimFilter(QueryDict("q=tanks")))
    assert [(o.label, o.count) for o in facets["actor"]] == [("Turkey", 1)]


def test_it_ranks_a_search_when_the_sort_is_left_empty(world):
    source = make_source([["Convoys moved north.", "Trucks were seen at night."]])
    first, second = source.sentences.all()
    make_claim(first, statement="A convoy of trucks moved north.")
    make_claim(second, statement="Vehicles were seen at night.")  # "trucks" only in the quote
    _, ranked = run("q=trucks&sort=")
    assert statements(ranked) == ["A convoy of trucks moved north.", "Vehicles were seen at night."]
    _, dated = run("q=trucks&sort=newest")
    assert statements(dated) == ["Vehicles were seen at night.", "A convoy of trucks moved north."]
