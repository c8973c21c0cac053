"""``auyl manage refresh_rollups [--year 2025 ...]``: recompute the precomputed figures (all years with data by
default: the last five)."""

from datetime import date

from django.core.management.base import BaseCommand

from auyl.oversight.services import refresh_figures


class Command(BaseCommand):
    help = "Recompute the oversight roll-ups (figures of communities, districts, oblasts and the country)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, action="append", help="a year to refresh (repeatable)")

    def handle(self, *args, year=None, **options):
        years = year or list(range(date.today().year - 4, date.today().year + 1))
        for item in years:
            rows = refresh_figures(item)
            self.stdout.write(f"{item}: {rows} figures")
