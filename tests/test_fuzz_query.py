"""Every public GET URL under hostile query strings: property-based (hypothesis).

Each example is one page (with a real slug or an unknown one) and a raw query
string built from the parameters pages read and random ones, with NUL
characters, invalid UTF-8 percent-escapes, huge values, repeated keys and
negative or enormous page numbers. Any 5xx fails, and so does an exception
(the test client raises it). Streamed downloads are read to their end. The
number of examples is bounded so the test runs in seconds; it matters most on
PostgreSQL, which refuses a NUL in any text."""

from urllib.parse import quote, quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_corpus

EXAMPLES = 250

# Every parameter a public page or the API reads.
KNOWN_KEYS = [
    "q", "page", "page_size", "status", "kind", "source", "actor", "place", "event", "sort",
    "in", "letter", "year", "mentions", "format", "ordering", "language", "publisher", "next",
]  # fmt: skip

HOSTILE_TEXT = [
    "%00",
    "a%00b",
    "%E0%A4%A",  # truncated UTF-8
    "%FF%FE",
    "%C0%80",  # overlong NUL
    "%ED%A0%80",  # a UTF-16 surrogate in UTF-8
    "%F4%90%80%80",  # past U+10FFFF
    "-1",
    "0",
    "-99999999999999999999",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "",
    "%20",
    "%0A%0D",
    "'%3B--",
    "%3Cscript%3E",
    "..%2F..%2Fetc%2Fpasswd",
    "x" * 999,
    "x" * 5000,
]


def _pages(corpus):
    claim = corpus["claims"][0]
    source = corpus["sources"][0]
    actor, place, event = corpus["actors"][0], corpus["places"][0], corpus["events"][0]
    return [
        "/",
        "/claims/",
        f"/claims/{claim.pk}/",
        "/claims/999999999/",
        f"/claims/{claim.pk}/claimreview.jsonld",
        "/search/",
        "/map/",
        "/timeline/",
        "/actors/",
        actor.get_absolute_url(),
        "/actors/no-such-actor/",
        "/places/",
        place.get_absolute_url(),
        "/places/no-such-place/",
        "/events/",
        event.get_absolute_url(),
        "/events/no-such-event/",
        source.get_absolute_url(),
        "/sources/no-such-source/",
        f"/sources/{source.slug}/annotations.jsonld",
        f"/sources/{source.slug}/text.txt",
        "/exports/claims.csv",
        "/exports/events.csv",
        "/exports/places.geojson",
        "/exports/events.geojson",
        "/exports/claimreviews.jsonld",
        "/autocomplete/actors/",
        "/autocomplete/places/",
        "/autocomplete/events/",
        "/autocomplete/nothing/",
        "/accounts/login/",
        "/healthz",
        "/api/v1/",
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/",
        "/api/v1/sources/",
        f"/api/v1/sources/{source.slug}/",
        "/api/v1/actors/",
        f"/api/v1/actors/{actor.slug}/",
        "/api/v1/places/",
        "/api/v1/events/",
        "/api/v1/schema/",
        "/api/v1/docs/",
    ]


keys = st.one_of(
    st.sampled_from(KNOWN_KEYS),
    st.text(max_size=12).map(lambda k: quote(k, safe="")),
    st.sampled_from(["%00", "q%00", "%FF", "page%E0"]),
)
values = st.one_of(
    st.sampled_from(HOSTILE_TEXT),
    st.integers().map(str),
    st.text(max_size=40).map(lambda v: quote(v, safe="")),
    st.binary(max_size=24).map(lambda b: quote_from_bytes(b, safe="")),
)
queries = st.lists(st.tuples(keys, values), max_size=6).map(
    lambda pairs: "&".join(f"{k}={v}" for k, v in pairs)
)
# Every parameter pages read at once, each with a hostile value: whichever one
# a page reads meets it.
everything = st.lists(
    st.sampled_from(HOSTILE_TEXT), min_size=len(KNOWN_KEYS), max_size=len(KNOWN_KEYS)
).map(lambda vs: "&".join(f"{k}={v}" for k, v in zip(KNOWN_KEYS, vs, strict=True)))
same_everywhere = st.sampled_from(HOSTILE_TEXT).map(
    lambda v: "&".join(f"{k}={v}" for k in KNOWN_KEYS)
)
# Repeated keys: the same parameter several times with different values.
repeated = st.tuples(st.sampled_from(KNOWN_KEYS), st.lists(values, min_size=2, max_size=4)).map(
    lambda kv: "&".join(f"{kv[0]}={v}" for v in kv[1])
)


@pytest.mark.django_db
def test_no_public_page_answers_5xx_to_any_query_string(editor):
    pages = _pages(make_corpus(editor=editor))
    client = Client()

    @given(
        page=st.sampled_from(pages),
        query=st.one_of(same_everywhere, everything, queries, repeated),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    def check(page, query):
        response = client.get(f"{page}?{query}")
        if response.streaming:
            b"".join(response.streaming_content)
        assert response.status_code < 500, (page, query, response.status_code)

    check()
