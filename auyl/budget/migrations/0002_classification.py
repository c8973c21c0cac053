"""Load the shipped budget classification (codes, directions, programmes) from data/classification.json."""

from django.db import migrations


def load(apps, schema_editor):
    from auyl.budget import classification

    classification.sync(apps.get_model("budget", "RevenueCode"), apps.get_model("budget", "SpendingDirection"),
                        apps.get_model("budget", "ProgrammeCode"))


class Migration(migrations.Migration):
    dependencies = [("budget", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
