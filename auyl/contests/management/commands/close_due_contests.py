from django.core.management.base import BaseCommand

from auyl.contests.services import close_due_contests


class Command(BaseCommand):
    help = "Enqueue the count of every contest whose voting has closed (run every few minutes from cron)."

    def handle(self, *args, **options):
        due = close_due_contests()
        self.stdout.write(f"contests sent to counting: {len(due)}")
