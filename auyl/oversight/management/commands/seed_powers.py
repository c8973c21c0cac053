"""``auyl manage seed_powers``: load the shipped register of akims' powers (idempotent)."""

from django.core.management.base import BaseCommand

from auyl.oversight.services import seed_powers


class Command(BaseCommand):
    help = "Load the register of akims' powers from Law 148 and the Concept."

    def handle(self, *args, **options):
        self.stdout.write(f"powers: {seed_powers()}")
