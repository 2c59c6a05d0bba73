"""A signed-off ARMS, RMP or visit, and every supervisor review, cannot be changed or deleted
by anyone, whatever path the change takes (form, admin, API, shell): PostgreSQL refuses it.
A correction is a new version that needs its own review (issue 4; domain.md § Risk work).

Device inspections are written with their visit, while it is a draft (visits.services), and
the demo loads them after their visits in one transaction, so only changing or deleting the
inspections of a signed-off visit is refused here."""

from django.db import migrations

CASE_RECORD_TABLES = ("risk_armsassessment", "risk_riskmanagementplan", "visits_visit")

FUNCTIONS = """
CREATE FUNCTION mosovo_refuse_signed_off_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'A signed-off record cannot be changed or deleted (% %): a correction is a new version',
        TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE FUNCTION mosovo_refuse_review_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'A supervisor review cannot be changed or deleted (review %)', OLD.id
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE FUNCTION mosovo_refuse_signed_off_inspection_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM visits_visit WHERE id = OLD.visit_id AND status = 'signed_off') THEN
        RAISE EXCEPTION 'The device inspections of a signed-off visit cannot be changed'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
"""

TRIGGERS = [
    *(
        f"CREATE TRIGGER {table}_signed_off_immutable BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW WHEN (OLD.status = 'signed_off') EXECUTE FUNCTION mosovo_refuse_signed_off_change();"
        for table in CASE_RECORD_TABLES
    ),
    "CREATE TRIGGER risk_supervisorreview_immutable BEFORE UPDATE OR DELETE ON risk_supervisorreview "
    "FOR EACH ROW EXECUTE FUNCTION mosovo_refuse_review_change();",
    "CREATE TRIGGER visits_deviceinspection_signed_off_immutable "
    "BEFORE UPDATE OR DELETE ON visits_deviceinspection "
    "FOR EACH ROW EXECUTE FUNCTION mosovo_refuse_signed_off_inspection_change();",
]

REVERSE = [
    *(f"DROP TRIGGER {table}_signed_off_immutable ON {table};" for table in CASE_RECORD_TABLES),
    "DROP TRIGGER risk_supervisorreview_immutable ON risk_supervisorreview;",
    "DROP TRIGGER visits_deviceinspection_signed_off_immutable ON visits_deviceinspection;",
    "DROP FUNCTION mosovo_refuse_signed_off_change();",
    "DROP FUNCTION mosovo_refuse_review_change();",
    "DROP FUNCTION mosovo_refuse_signed_off_inspection_change();",
]


class Migration(migrations.Migration):
    dependencies = [
        ("risk", "0001_initial"),
        ("visits", "0002_authorised_on"),
    ]

    operations = [migrations.RunSQL(sql=[FUNCTIONS, *TRIGGERS], reverse_sql=REVERSE)]
