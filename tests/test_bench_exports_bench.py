from bench.exports_bench import bench_exports, measure_exports
from claims.exports.claims_csv import claims_csv
from claims.models import Claim
from tests.factories import make_claim, make_corpus, make_source


def test_it_measures_every_export(db, editor):
    make_corpus(editor=editor)
    figures = {f.name: f for f in measure_exports()}
    assert set(figures) == {
        "claims.csv",
        "events.csv",
        "places.geojson",
        "events.geojson",
        "annotations (every source)",
        "claimreviews.jsonld",
        "full dump",
    }
    for f in figures.values():
        assert f.megabytes > 0 and f.seconds >= 0 and f.queries >= 1
        assert f.peak_megabytes > 0
    assert figures["full dump"].megabytes > figures["claims.csv"].megabytes
    summary = bench_exports()
    assert summary["claims.csv"].endswith("queries")


def test_it_streams_a_large_export_in_chunks_with_a_fixed_number_of_queries(
    db, django_assert_max_num_queries
):
    source = make_source([[f"Sentence {i}." for i in range(30)]])
    for sentence in source.sentences.all():
        make_claim(sentence)
    # One query for the claims, then one per prefetched relation (anchors,
    # actors, places, events), for each chunk of 500 claims.
    with django_assert_max_num_queries(6):
        chunks = list(claims_csv(Claim.objects.published(), lambda path: path))
    assert len(chunks) == 1 + 1  # header, then the 30 rows as one batch of up to 200
    assert chunks[1].count("\r\n") == 30
