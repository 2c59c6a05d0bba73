"""The outstanding-work tables now belong to the outstanding app (its 0001); the database keeps
them as they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("dashboards", "0002_snapshots"),
        ("outstanding", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OutstandingItem"),
                migrations.DeleteModel(name="RecomputeRun"),
            ]
        )
    ]
