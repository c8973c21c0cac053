from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from auyl.people.registry import CsvPopulationRegistry
from auyl.people.services import import_registry


class Command(BaseCommand):
    help = "Import the resident registry from a CSV file (see auyl/people/registry.py for the format)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        report = import_registry(CsvPopulationRegistry(file))
        for error in report.errors:
            self.stderr.write(error)
        if not report.ok:
            raise CommandError(f"nothing imported: {len(report.errors)} bad row(s)")
        self.stdout.write(f"residents: {report.created} created, {report.updated} updated")
