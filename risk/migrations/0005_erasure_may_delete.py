"""Erasure (offenders.erasure) is the one operation allowed past the immutability of signed-off
records and reviews: it marks its transaction with `mosovo.erasing`, which these functions
honour. Nothing else sets it; changing a signed-off record is still refused."""

from django.db import migrations

ALLOW_ERASURE = "IF current_setting('mosovo.erasing', true) = 'on' THEN RETURN OLD; END IF;"

FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION mosovo_refuse_signed_off_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN {ALLOW_ERASURE} END IF;
    RAISE EXCEPTION 'A signed-off record cannot be changed or deleted (% %): a correction is a new version',
        TG_TABLE_NAME, OLD.id
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE OR REPLACE FUNCTION mosovo_refuse_review_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN {ALLOW_ERASURE} END IF;
    RAISE EXCEPTION 'A supervisor review cannot be changed or deleted (review %)', OLD.id
        USING ERRCODE = 'restrict_violation';
END $$;

CREATE OR REPLACE FUNCTION mosovo_refuse_signed_off_inspection_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN {ALLOW_ERASURE} END IF;
    IF EXISTS (SELECT 1 FROM visits_visit WHERE id = OLD.visit_id AND status = 'signed_off') THEN
        RAISE EXCEPTION 'The device inspections of a signed-off visit cannot be changed'
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
"""


class Migration(migrations.Migration):
    dependencies = [("risk", "0004_row_version")]

    operations = [migrations.RunSQL(FUNCTIONS, migrations.RunSQL.noop)]
