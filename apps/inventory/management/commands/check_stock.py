from django.core.management.base import BaseCommand, CommandError

from apps.inventory.selectors.stock import stock_mismatches


class Command(BaseCommand):
    help = "Verifies that the ledger sums to the stock on hand; exits non-zero if not."

    def handle(self, *args, **options):
        mismatches = stock_mismatches()
        for m in mismatches:
            self.stdout.write(f"{m.kind} {m.id}: recorded {m.recorded}, ledger says {m.expected}")
        if mismatches:
            raise CommandError(
                f"{len(mismatches)} mismatch(es) between the ledger and stock on hand."
            )
        self.stdout.write(self.style.SUCCESS("Stock on hand matches the ledger."))
