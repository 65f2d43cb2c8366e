from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmarks, the load test and the corpus generator: installed only by
    claimsdb.settings_bench (make bench, make load) and the tests."""

    name = "bench"
    verbose_name = "Benchmarks"
