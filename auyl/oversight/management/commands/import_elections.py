"""``auyl manage import_elections FILE``: load akim election results (format in auyl/oversight/importing.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from auyl.oversight.importing import import_elections


class Command(BaseCommand):
    help = "Import elections of akims from a CSV file (format: docs/oversight.md)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        report = import_elections(Path(file).read_text(encoding="utf-8-sig"))
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error)
            raise CommandError(f"{len(report.errors)} error(s); nothing was imported")
        self.stdout.write(f"elections: {report.elections}, candidates: {report.candidates} "
                          f"(refused: {report.refused}), terms: {report.terms}, skipped: {report.skipped}")
