from django.core.management.base import BaseCommand, CommandError

from auyl.core.audit import verify


class Command(BaseCommand):
    help = "Verify the hash-chained audit log; exit with an error if any entry was altered or removed."

    def handle(self, *args, **options):
        report = verify()
        for problem in report.problems:
            self.stderr.write(problem)
        if not report.ok:
            raise CommandError(f"audit chain broken: {len(report.problems)} problem(s) in {report.checked}")
        self.stdout.write(f"audit chain intact: {report.checked} entries verified")
