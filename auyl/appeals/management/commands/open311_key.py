from django.core.management.base import BaseCommand

from auyl.appeals.services import issue_open311_key


class Command(BaseCommand):
    help = "Issue an API key for an Open311 client; the key is printed once and stored only hashed."

    def add_arguments(self, parser):
        parser.add_argument("name", help="who the key is for")

    def handle(self, *args, name: str, **options):
        _record, key = issue_open311_key(actor=None, name=name, trusted=True)
        self.stdout.write(key)
