"""Close initiatives whose collection ended and publish the results of closed polls (for a scheduler)."""

from django.core.management.base import BaseCommand

from auyl.initiatives.tasks import sweep


class Command(BaseCommand):
    help = "Close expired initiatives and publish the results of closed polls."

    def handle(self, *args, **options):
        result = sweep.enqueue()
        self.stdout.write(f"enqueued: {result.id}")
