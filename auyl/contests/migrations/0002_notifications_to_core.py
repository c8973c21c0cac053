"""Contests' own notifications move to the core ones (one inbox for every app): the stored messages are copied,
read or not, with their dates, then the contests table goes. A message longer than a subject keeps its first 200
characters as the subject and the whole text as the body."""

from django.db import migrations

COPY = """
    INSERT INTO core_notification (user_id, subject, body, url, created_at, read_at)
    SELECT user_id, SUBSTR(text, 1, 200), CASE WHEN LENGTH(text) > 200 THEN text ELSE '' END, url, created_at,
           read_at
    FROM contests_notification
    ORDER BY id
"""


class Migration(migrations.Migration):

    dependencies = [
        ("contests", "0001_initial"),
        ("core", "0003_notification"),
    ]

    operations = [
        migrations.RunSQL(COPY, reverse_sql=migrations.RunSQL.noop),
        migrations.DeleteModel(name="Notification"),
    ]
