"""Every existing offender's life course begins with a registration event holding where they
stood when this migration ran (their status, index sentence, release, licence and community
order). `manage.py apply_transitions --all` then replays every offender under the corrected
rules (docs/rules.md): notification from the relevant date, the lead agency, the dates."""

from django.db import migrations

FORWARD = """
INSERT INTO offenders_lifeevent (
    offender_id, kind, occurred_on, recorded_by_id, recorded_at, correction_reason, notes,
    status, released_on, police_lead_since, disposal, relevant_date, sentence_months,
    is_life_sentence, conditional_discharge_months, consecutive_to_previous, overlap_months,
    licence_ends_on, community_order_ends_on, order_id, order_ends_on, other_force,
    handover_notes
)
SELECT
    o.id, 'registered', o.managed_since, NULL, now(), '', '',
    o.status, o.released_on, o.police_lead_since, o.disposal, o.relevant_date, o.sentence_months,
    o.is_life_sentence, o.conditional_discharge_months, false, NULL,
    o.licence_ends_on, o.community_order_ends_on, NULL,
    CASE WHEN o.disposal = 'civil_order' THEN o.notification_ends_on END, '',
    ''
FROM offenders_offender o
WHERE NOT EXISTS (
    SELECT 1 FROM offenders_lifeevent e WHERE e.offender_id = o.id AND e.kind = 'registered'
)
"""


class Migration(migrations.Migration):
    dependencies = [("offenders", "0007_life_course")]

    operations = [
        migrations.RunSQL(FORWARD, reverse_sql="DELETE FROM offenders_lifeevent WHERE kind = 'registered'"),
    ]
