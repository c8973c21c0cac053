from pathlib import Path

from django.core.management.base import BaseCommand

from auyl.territory.services import import_kato


class Command(BaseCommand):
    help = "Import the KATO classifier (the shipped copy by default); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("--file", type=Path, help="a kato.csv file (default: the copy shipped with Auyl)")

    def handle(self, *args, file=None, **options):
        result = import_kato(file)
        self.stdout.write(
            f"KATO: {result.created} created, {result.updated} updated, {result.unchanged} unchanged; "
            f"{result.communities_created} new communities"
        )
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in result.counts.items()))
