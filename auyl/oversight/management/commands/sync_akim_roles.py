"""``auyl manage sync_akim_roles``: run daily; grants the akim role when a term begins and ends it after."""

from django.core.management.base import BaseCommand

from auyl.oversight.services import sync_akim_roles


class Command(BaseCommand):
    help = "Grant or end the akim role according to akims' terms."

    def handle(self, *args, **options):
        self.stdout.write(f"terms checked: {sync_akim_roles()}")
