import time

from django.core.management.base import BaseCommand

from claims.models import Claim
from claims.services_matching import claim_matches_refresh, claims_corroboration_refresh

BATCH = 200


class Command(BaseCommand):
    help = (
        "Find every claim's candidate matches in other sources again and work out every "
        "claim's corroboration. The services keep both for what they write; this is for "
        "rows loaded in bulk (fixtures, dumps, the benchmark corpus). Decided pairs stay."
    )

    def handle(self, *args, **options):
        started = time.perf_counter()
        changed = claims_corroboration_refresh()
        ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
        stored = 0
        for start in range(0, len(ids), BATCH):
            # One transaction a batch: a long run can be stopped and started again.
            stored += claim_matches_refresh(claims=ids[start : start + BATCH])
            if options["verbosity"] > 1:
                self.stdout.write(f"{min(start + BATCH, len(ids))} of {len(ids)} claims")
        self.stdout.write(
            f"Matched {len(ids)} claims: {stored} proposed matches, corroboration changed on "
            f"{changed}, in {time.perf_counter() - started:.1f} s."
        )
