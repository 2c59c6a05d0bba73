"""The outstanding-work tables move here from the dashboards app, where they were created: the
database is left as it is (same tables, same indexes); only Django's picture of which app owns
them changes (dashboards 0003 lets go of them)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('dashboards', '0002_snapshots'),
        ('offenders', '0009_rules_applied'),
        ('workforce', '0004_absence_suspension_secondment'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.CreateModel(
            name='RecomputeRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('scope', models.CharField(choices=[('full', 'Every offender'), ('changes', 'Changed offenders')], max_length=10)),
                ('started_at', models.DateTimeField()),
                ('finished_at', models.DateTimeField()),
                ('offenders', models.PositiveIntegerField()),
                ('added', models.PositiveIntegerField()),
                ('removed', models.PositiveIntegerField()),
                ('changed', models.PositiveIntegerField()),
            ],
            options={
                'db_table': 'dashboards_recomputerun',
                'ordering': ['-finished_at'],
                'get_latest_by': 'finished_at',
            },
        ),
        migrations.CreateModel(
            name='OutstandingItem',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('risk_level', models.CharField(blank=True, choices=[('low', 'Low'), ('medium', 'Medium'), ('high', 'High'), ('very_high', 'Very high')], max_length=10, null=True)),
                ('kind', models.CharField(choices=[('visit', 'Home visit'), ('arms', 'ARMS assessment'), ('rmp_review', 'RMP review'), ('post_licence_arms_rmp', 'New ARMS and RMP after police became lead agency'), ('reactive_checks', 'Annual intelligence checks (PND, ViSOR, PNC, local)'), ('reactive_rmp_review', 'Annual RMP review (reactive management)'), ('pnd_check', 'PND check'), ('condition_check', 'Order condition check'), ('supervisor_review_arms', 'Supervisor review of an ARMS assessment'), ('supervisor_review_rmp', 'Supervisor review of an RMP'), ('supervisor_review_visit', 'Supervisor review of a visit')], max_length=30)),
                ('due_on', models.DateField()),
                ('basis_on', models.DateField()),
                ('rule', models.CharField(max_length=200)),
                ('related_item_id', models.BigIntegerField(blank=True, null=True)),
                ('computed_at', models.DateTimeField()),
                ('force', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workforce.force')),
                ('offender', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='outstanding_items', to='offenders.offender')),
                ('offender_manager', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('team', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='workforce.team')),
            ],
            options={
                'db_table': 'dashboards_outstandingitem',
                'ordering': ['due_on'],
                'indexes': [models.Index(fields=['force', 'kind', 'due_on'], name='dashboards__force_i_4e044a_idx'), models.Index(fields=['team', 'kind', 'due_on'], name='dashboards__team_id_07f3da_idx'), models.Index(fields=['offender_manager', 'due_on'], name='dashboards__offende_bb774b_idx')],
                'constraints': [models.UniqueConstraint(fields=('offender', 'kind', 'related_item_id'), name='outstanding_item_unique', nulls_distinct=False)],
            },
        ),
    ])]
