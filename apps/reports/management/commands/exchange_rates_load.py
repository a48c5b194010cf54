"""manage.py exchange_rates_load rates.csv — exchange rates from a CSV file:
currency,valid_from,rate[,note]; 1 unit of currency = rate units of BASE_CURRENCY."""

from django.core.management.base import BaseCommand, CommandError

from apps.reports.services import RatesFileError, exchange_rates_load


class Command(BaseCommand):
    help = "Load exchange rates (currency,valid_from,rate[,note]) from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, newline="", encoding="utf-8-sig") as handle:
                count = exchange_rates_load(lines=handle)
        except (OSError, RatesFileError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{count} exchange rate(s) loaded.")
