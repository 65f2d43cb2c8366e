"""The API against its own OpenAPI schema, in-process: schemathesis' Python
API loads the schema from the WSGI application, generates requests for every
operation (valid and invalid parameters) and checks every answer: no 5xx,
and status code, content type, headers and body all as the schema says.
Examples are bounded so the suite stays fast."""

import itertools

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from claims import services
from claims.api.urls import router
from tests.factories import make_claim, make_corpus, make_source

EXAMPLES_PER_OPERATION = 15  # per operation, for valid and for invalid requests

# A well-formed filter value can still name nothing (`?actor=no-such-slug`):
# like the claim browser, the API answers 400 with a message, and the schema
# documents that 400 on every list operation. So a schema-valid request may
# get 400; every other check keeps its defaults.
CONFIG = schemathesis.Config.from_dict(
    {
        "checks": {
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "3xx", "400", "404"],
            }
        }
    }
)


@pytest.fixture
def wsgi_app(db):
    """The real WSGI application, minus closing the database connection after
    each request (as Django's test client does): the test's transaction, and
    its data, must survive every request."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def test_it_answers_every_generated_request_as_the_schema_says(wsgi_app, editor):
    make_corpus(editor=editor)
    # Addresses as editors and imports record them: not always valid URIs.
    source = make_source(url="https://example.org/a page/ü", publisher="Odd addresses")
    claim = make_claim(source.sentences.first())
    services.evidence_add(claim=claim, editor=editor, stance="context", url="example.org/no scheme")
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", wsgi_app, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    # Every endpoint of the API: list and detail for each resource the router has.
    assert len(operations) == 2 * len(router.registry) == 10

    for operation, mode in itertools.product(operations, schemathesis.GenerationMode):
        if mode is schemathesis.GenerationMode.NEGATIVE and not len(operation.query):
            continue  # a slug path segment has no invalid form: any text is a well-formed slug

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,  # no example database written into the checkout
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        def check(case):
            case.call_and_validate()

        check()
