from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Seed-article curation (build_seed_fixture): installed only by
    claimsdb.settings_curation and the tests."""

    name = "curation"
    verbose_name = "Seed curation"
