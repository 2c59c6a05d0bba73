from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("visits", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="visitauthorisation",
            name="authorised_on",
            field=models.DateField(null=True, help_text="Given before the visit"),
        ),
        migrations.RunSQL(
            "UPDATE visits_visitauthorisation SET authorised_on = (created_at AT TIME ZONE 'Europe/London')::date",
            migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="visitauthorisation",
            name="authorised_on",
            field=models.DateField(help_text="Given before the visit"),
        ),
        migrations.AddConstraint(
            model_name="visitauthorisation",
            constraint=models.CheckConstraint(
                condition=models.Q(("valid_to__gte", models.F("authorised_on"))), name="authorisation_before_visits"
            ),
        ),
    ]
