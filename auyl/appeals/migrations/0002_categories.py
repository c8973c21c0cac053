"""Installs the national catalogue of appeal categories (auyl/appeals/catalogue.py)."""

from django.db import migrations

from auyl.appeals.catalogue import CATEGORIES, install_categories


def add(apps, schema_editor):
    install_categories(apps.get_model("appeals", "Category"))


def remove(apps, schema_editor):
    apps.get_model("appeals", "Category").objects.filter(code__in=[c[0] for c in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
