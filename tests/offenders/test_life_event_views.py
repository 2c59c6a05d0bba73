"""Recording life events in the browser: what happened, then the form for that kind; the life
course on its own page and on the offender's record."""

import datetime
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from offenders.forms import EVENT_KIND_GROUPS, LifeEventForm
from offenders.life_events import EventDetails, life_event_record
from offenders.models import AuditEvent, AuditOperation, LifeEvent, Offender, Order, RiskSource
from rules.choices import Disposal, LeadAgency, OffenderStatus, OffenderType
from rules.life_course import EVENT_FIELDS, RECORDABLE_KINDS, EventKind
from tests import factories
from tests.dates import date_fields, days_ago, today

pytestmark = pytest.mark.django_db


def choose_url(offender):
    return reverse("life-event-choose", kwargs={"offender_pk": offender.pk})


def form_url(offender, kind):
    return reverse("life-event-new", kwargs={"offender_pk": offender.pk, "kind": kind})


def record_url(offender):
    return reverse("offender-record", kwargs={"pk": offender.pk})


def flash(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def is_checked(html, name, value):
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return any(f'value="{value}"' in tag and " checked" in tag for tag in inputs)


def has_value(html, name, value):
    return re.search(rf'name="{name}"[^>]*value="{re.escape(value)}"', html) is not None


def record_event(offender, kind, on, user, **details):
    return life_event_record(
        offender=offender,
        details=EventDetails(kind=kind, occurred_on=on, **details),
        acting_user=user,
        today=today(),
    )


# What happened


def test_the_chooser_offers_every_recordable_kind_in_groups(client, caseload_offender):
    response = client.get(choose_url(caseload_offender))
    assert response.status_code == 200
    html = response.content.decode()
    grouped = [kind for _, kinds in EVENT_KIND_GROUPS for kind in kinds]
    assert sorted(grouped) == sorted(RECORDABLE_KINDS) and len(grouped) == len(set(grouped))
    for title, kinds in EVENT_KIND_GROUPS:
        assert f">{title}</legend>" in html
        for kind in kinds:
            assert f'value="{kind.value}"' in html
    assert 'value="registered"' not in html


def test_choosing_a_kind_goes_to_its_form(client, caseload_offender):
    response = client.post(choose_url(caseload_offender), {"kind": "released"})
    assert response.status_code == 302
    assert response.url == form_url(caseload_offender, "released")


def test_choosing_nothing_asks_what_happened(client, caseload_offender):
    response = client.post(choose_url(caseload_offender), {})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("Select what happened") == 2  # summary and question
    assert 'href="#id_kind_0"' in html


# The form of each kind


@pytest.mark.parametrize("kind", [kind.value for kind in RECORDABLE_KINDS])
def test_each_kind_shows_its_own_fields_and_no_others(client, caseload_offender, kind):
    factories.OrderFactory(offender=caseload_offender, starts_on=days_ago(300), ends_on=None)
    response = client.get(form_url(caseload_offender, kind))
    assert response.status_code == 200
    form = response.context["form"]
    required, optional = EVENT_FIELDS[EventKind(kind)]
    assert set(form.fields) == {"occurred_on", "notes", "correction_reason", *required, *optional}
    html = response.content.decode()
    assert 'name="correction_reason"' not in html  # asked for only when needed
    assert "For example, 27 3 2026" in html


def test_an_unknown_or_system_only_kind_is_not_found(client, caseload_offender):
    assert client.get(form_url(caseload_offender, "registered")).status_code == 404
    assert client.get(form_url(caseload_offender, "civil_order_expired")).status_code == 404
    assert client.get(form_url(caseload_offender, "nonsense")).status_code == 404


def test_the_date_hint_says_which_day_a_licence_ends(client, caseload_offender):
    html = client.get(form_url(caseload_offender, "licence_ended")).content.decode()
    assert "The first day off licence: the day after the licence&#x27;s last day." in html


def test_a_sentence_of_imprisonment_puts_the_offender_in_custody_with_probation_leading(
    client, signed_in_om, caseload_offender
):
    sentenced_on = days_ago(10)
    response = client.post(
        form_url(caseload_offender, "sentenced"),
        {
            **date_fields("occurred_on", sentenced_on),
            "disposal": "custody",
            "sentence_months": "12",
            "conditional_discharge_months": "24",  # typed under another disposal: ignored
            "notes": "Crown Court",
        },
    )
    assert response.status_code == 302
    assert response.url == record_url(caseload_offender)
    event = LifeEvent.objects.get(offender=caseload_offender, kind=EventKind.SENTENCED)
    assert (event.occurred_on, event.disposal, event.sentence_months, event.recorded_by) == (
        sentenced_on,
        Disposal.CUSTODY,
        12,
        signed_in_om,
    )
    assert event.conditional_discharge_months is None
    caseload_offender.refresh_from_db()
    assert (caseload_offender.status, caseload_offender.lead_agency) == (
        OffenderStatus.CUSTODY,
        LeadAgency.PROBATION,
    )
    assert flash(response) == ["Sentenced or otherwise dealt with recorded: in custody, probation leads"]


def test_a_release_returns_the_offender_to_the_community_on_licence(client, signed_in_om, caseload_offender):
    record_event(
        caseload_offender, "sentenced", days_ago(200), signed_in_om, disposal="custody", sentence_months=12
    )
    licence_ends = today() + datetime.timedelta(days=150)
    response = client.post(
        form_url(caseload_offender, "released"),
        {**date_fields("occurred_on", days_ago(3)), **date_fields("licence_ends_on", licence_ends)},
    )
    assert response.status_code == 302
    caseload_offender.refresh_from_db()
    assert (caseload_offender.status, caseload_offender.lead_agency, caseload_offender.licence_ends_on) == (
        OffenderStatus.COMMUNITY,
        LeadAgency.PROBATION,
        licence_ends,
    )
    assert caseload_offender.community_since == days_ago(3)
    assert flash(response) == ["Released from custody recorded: in the community, probation leads"]


def test_the_release_form_offers_the_licence_end_the_sentence_gave(client, signed_in_om, caseload_offender):
    licence_ends = today() + datetime.timedelta(days=400)
    record_event(
        caseload_offender,
        "sentenced",
        days_ago(200),
        signed_in_om,
        disposal="custody",
        sentence_months=24,
        licence_ends_on=licence_ends,
    )
    html = client.get(form_url(caseload_offender, "released")).content.decode()
    assert has_value(html, "licence_ends_on_year", str(licence_ends.year))


def test_an_event_that_cannot_follow_is_refused_with_the_reason_and_kept_as_typed(client, caseload_offender):
    response = client.post(
        form_url(caseload_offender, "released"),
        {**date_fields("occurred_on", days_ago(3)), "notes": "Typed notes"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "the offender is in the community then, not in custody" in html
    assert has_value(html, "occurred_on_day", str(days_ago(3).day))
    assert "Typed notes</textarea>" in html
    assert not LifeEvent.objects.filter(kind=EventKind.RELEASED).exists()


def test_an_event_dated_before_the_last_asks_why_it_corrects_the_record(
    client, signed_in_om, caseload_offender
):
    record_event(caseload_offender, "missing", days_ago(10), signed_in_om)
    response = client.post(
        form_url(caseload_offender, "wanted"), {**date_fields("occurred_on", days_ago(20))}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["correction_reason"]
    assert "dated before the last one recorded (missing on" in errors["correction_reason"][0]
    html = response.content.decode()
    assert 'name="correction_reason"' in html
    assert 'href="#id_correction_reason"' in html
    assert has_value(html, "occurred_on_month", str(days_ago(20).month))

    response = client.post(
        form_url(caseload_offender, "wanted"),
        {
            **date_fields("occurred_on", days_ago(20)),
            "correction_reason": "Circulated as wanted before he went missing",
        },
    )
    assert response.status_code == 302
    event = LifeEvent.objects.get(offender=caseload_offender, kind=EventKind.WANTED)
    assert event.correction_reason == "Circulated as wanted before he went missing"


def test_a_sentence_of_imprisonment_needs_its_term(client, caseload_offender):
    response = client.post(
        form_url(caseload_offender, "sentenced"),
        {**date_fields("occurred_on", days_ago(2)), "disposal": "custody"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "sentence_months": ["Enter the length of the term in months, or tick life"]
    }
    html = response.content.decode()
    assert is_checked(html, "disposal", "custody")
    assert 'data-aria-controls="conditional-id_disposal_0"' in html
    assert not LifeEvent.objects.filter(kind=EventKind.SENTENCED).exists()


def test_a_life_sentence_is_indefinite_notification(client, caseload_offender):
    response = client.post(
        form_url(caseload_offender, "sentenced"),
        {**date_fields("occurred_on", days_ago(2)), "disposal": "custody", "is_life_sentence": "on"},
    )
    assert response.status_code == 302
    caseload_offender.refresh_from_db()
    assert caseload_offender.notification_indefinite
    html = client.get(record_url(caseload_offender)).content.decode()
    governs = "Imprisonment for life or for 30 months or more"
    assert f"{governs}: indefinite; earliest review not yet known (in custody)" in html
    assert "Sentenced: imprisonment for life" in html


def test_the_end_of_notification_needs_the_reason(client, caseload_offender):
    response = client.post(
        form_url(caseload_offender, "notification_ended"), {**date_fields("occurred_on", days_ago(1))}
    )
    assert response.context["form"].errors == {"notes": ["Say why the notification requirements ended"]}


def test_a_civil_order_is_made_with_its_conditions(client, caseload_offender):
    ends = today() + datetime.timedelta(days=1800)
    response = client.post(
        form_url(caseload_offender, "civil_order_made"),
        {
            **date_fields("occurred_on", days_ago(5)),
            "order_kind": "shpo",
            **date_fields("order_ends_on", ends),
            "court": "Quillmoor Crown Court",
            "conditions": "Not to delete internet history\n\n  Not to use an unregistered device  \n",
        },
    )
    assert response.status_code == 302
    order = Order.objects.get(offender=caseload_offender, starts_on=days_ago(5))
    assert (order.kind, order.ends_on, order.court) == ("shpo", ends, "Quillmoor Crown Court")
    assert [c.text for c in order.conditions.order_by("pk")] == [
        "Not to delete internet history",
        "Not to use an unregistered device",
    ]
    html = client.get(record_url(caseload_offender)).content.decode()
    assert f"Sexual Harm Prevention Order made, to {ends.day} {ends:%B %Y}" in html


def test_a_variation_chooses_an_order_in_force(client, caseload_offender):
    in_force = factories.OrderFactory(offender=caseload_offender, starts_on=days_ago(300), ends_on=None)
    factories.OrderFactory(
        offender=caseload_offender, starts_on=days_ago(900), ends_on=days_ago(400)
    )  # ended
    factories.OrderFactory(starts_on=days_ago(300), ends_on=None)  # someone else's
    response = client.get(form_url(caseload_offender, "civil_order_varied"))
    assert [value for value, _ in response.context["form"].fields["order"].choices] == [str(in_force.pk)]
    ends = today() + datetime.timedelta(days=700)
    response = client.post(
        form_url(caseload_offender, "civil_order_varied"),
        {
            **date_fields("occurred_on", days_ago(1)),
            "order": str(in_force.pk),
            **date_fields("order_ends_on", ends),
        },
    )
    assert response.status_code == 302
    in_force.refresh_from_db()
    assert in_force.ends_on == ends


def test_a_variation_with_no_order_in_force_says_so(client, caseload_offender):
    html = client.get(form_url(caseload_offender, "civil_order_discharged")).content.decode()
    assert "has no civil order in force" in html
    assert "<form" not in html.split("<main")[1]


def test_a_transfer_needs_the_other_force_and_the_handover(client, caseload_offender):
    response = client.post(
        form_url(caseload_offender, "transferred_out"), {**date_fields("occurred_on", days_ago(1))}
    )
    assert response.context["form"].errors == {
        "other_force": ["Enter the force taking over"],
        "handover_notes": ["Record the handover: what, to whom and when"],
    }
    response = client.post(
        form_url(caseload_offender, "transferred_out"),
        {
            **date_fields("occurred_on", days_ago(1)),
            "other_force": "Northshire Police",
            "handover_notes": "Case file and RMP sent to DS Example on the day.",
        },
    )
    assert response.status_code == 302
    assert flash(response) == [
        "Transferred to another force recorded: transferred to another force, the police lead"
    ]


# Who may record


def test_a_teammate_may_not_record_and_another_team_cannot_see(client, caseload_offender):
    mate = factories.StaffFactory(team=caseload_offender.team)
    stranger = factories.StaffFactory()
    for user, status in ((mate, 403), (stranger, 404)):
        client.force_login(user)
        assert client.get(choose_url(caseload_offender)).status_code == status
        assert client.get(form_url(caseload_offender, "wanted")).status_code == status
        response = client.post(form_url(caseload_offender, "wanted"), date_fields("occurred_on", days_ago(1)))
        assert response.status_code == status
    assert not LifeEvent.objects.filter(kind=EventKind.WANTED).exists()


def test_the_supervisor_may_record(client, caseload_offender):
    supervisor = factories.SupervisorFactory(team=caseload_offender.team)
    caseload_offender.offender_manager.supervisor = supervisor
    caseload_offender.offender_manager.save(update_fields=["supervisor"])
    client.force_login(supervisor)
    response = client.post(form_url(caseload_offender, "wanted"), date_fields("occurred_on", days_ago(1)))
    assert response.status_code == 302


def test_showing_the_forms_logs_a_consultation(client, signed_in_om, caseload_offender):
    client.get(choose_url(caseload_offender))
    client.get(form_url(caseload_offender, "sentenced"))
    assert (
        AuditEvent.objects.filter(
            operation=AuditOperation.CONSULTATION,
            offender_id=caseload_offender.pk,
            actor_id=signed_in_om.pk,
            record_type="form",
        ).count()
        == 2
    )


# The life course


def test_the_life_course_page_lists_every_event_newest_first_with_what_it_left(
    client, signed_in_om, caseload_offender
):
    record_event(
        caseload_offender,
        "sentenced",
        days_ago(300),
        signed_in_om,
        disposal="custody",
        sentence_months=12,
        notes="At Crown Court",
    )
    record_event(caseload_offender, "released", days_ago(200), signed_in_om, licence_ends_on=days_ago(100))
    record_event(
        caseload_offender,
        "convicted",
        days_ago(150),
        signed_in_om,
        correction_reason="New conviction found on PNC",
    )
    client.force_login(factories.StaffFactory(team=caseload_offender.team))  # a teammate reads it
    response = client.get(reverse("life-events", kwargs={"offender_pk": caseload_offender.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    what = [entry.what for entry in response.context["life_course"]]
    licence_end = days_ago(100)
    assert what[:4] == [
        "Licence ended",  # recorded by the system the day after its last day
        "Convicted, awaiting sentence",
        f"Released from custody, licence to {licence_end.day} {licence_end:%B %Y}",
        "Sentenced: imprisonment for 12 months",
    ]
    assert what[-1].startswith("Registered with the unit: imprisonment for 18 months")
    assert response.context["life_course"][0].recorded_by == "the system"
    assert "The system" in html
    assert "Corrects the record:</strong> New conviction found on PNC" in html
    assert "At Crown Court" in html
    assert "In the community; Police leads" in html
    assert "In custody; Probation Service leads" in html
    assert AuditEvent.objects.filter(record_type="life course", offender_id=caseload_offender.pk).exists()


def test_the_life_course_page_is_not_found_outside_scope(client, caseload_offender):
    client.force_login(factories.StaffFactory())
    assert client.get(reverse("life-events", kwargs={"offender_pk": caseload_offender.pk})).status_code == 404


# The offender's record


def test_the_record_shows_the_life_course_status_lead_and_notification(
    client, signed_in_om, caseload_offender
):
    record_event(
        caseload_offender, "sentenced", days_ago(300), signed_in_om, disposal="custody", sentence_months=12
    )
    record_event(
        caseload_offender,
        "released",
        days_ago(20),
        signed_in_om,
        licence_ends_on=today() + datetime.timedelta(days=90),
    )
    response = client.get(record_url(caseload_offender))
    html = response.content.decode()
    assert '<h2 class="govuk-heading-m" id="life-course">Life course</h2>' in html
    assert f"In the community since {days_ago(20).day} {days_ago(20):%B %Y} (release from custody)" in html
    assert (
        f"Probation Service since {days_ago(20).day} {days_ago(20):%B %Y}" not in html
    )  # led since the sentence
    sentence = days_ago(300)
    assert f"Probation Service since {sentence.day} {sentence:%B %Y}" in html
    caseload_offender.refresh_from_db()
    ends = caseload_offender.notification_ends_on
    assert (
        f"Imprisonment for more than 6 months but less than 30 months: last day {ends.day} {ends:%B %Y}"
        in html
    )
    assert reverse("life-event-choose", kwargs={"offender_pk": caseload_offender.pk}) in html
    assert reverse("probation-assessment-new", kwargs={"offender_pk": caseload_offender.pk}) in html


def test_the_record_lists_the_latest_events_and_links_to_them_all(client, signed_in_om, caseload_offender):
    for n in range(22):
        record_event(
            caseload_offender, "missing" if n % 2 == 0 else "located", days_ago(200 - n), signed_in_om
        )
    response = client.get(record_url(caseload_offender))
    assert len(response.context["life_course"]) == 20
    assert reverse("life-events", kwargs={"offender_pk": caseload_offender.pk}) in response.content.decode()


def test_the_record_labels_probations_assessment(client, caseload_offender):
    Offender.objects.filter(pk=caseload_offender.pk).update(
        risk_level="high", risk_level_source=RiskSource.PROBATION
    )
    html = client.get(record_url(caseload_offender)).content.decode()
    assert "High (probation's assessment)" in html
    assert "(probation's assessment)" in html.split("<h1")[1].split("</p>")[0]  # beside the risk tag


def test_mappa_category_3_nominals_have_no_notification_requirements(client, signed_in_om):
    offender = factories.OffenderFactory(
        team=signed_in_om.team,
        offender_manager=signed_in_om,
        offender_type=OffenderType.MAPPA_CAT3_OTHER,
        mappa_category=3,
        notification_basis="",
        notification_period_months=None,
        notification_ends_on=None,
    )
    html = client.get(record_url(offender)).content.decode()
    assert "No notification requirements" in html


def test_an_open_ended_order_notifies_until_it_ends(client, signed_in_om):
    offender = factories.OffenderFactory(
        team=signed_in_om.team, offender_manager=signed_in_om, managed_since=days_ago(2000)
    )
    record_event(offender, "civil_order_made", days_ago(10), signed_in_om, order_kind="shpo")
    offender.refresh_from_db()
    assert offender.notification_basis == "civil_order"
    html = client.get(record_url(offender)).content.decode()
    assert "Sexual Harm Prevention Order or Sexual Risk Order: until the order ends" in html


def test_the_form_builds_the_details_the_service_reads():
    form = LifeEventForm(
        {
            **date_fields("occurred_on", days_ago(3)),
            "disposal": "conditional_discharge",
            "conditional_discharge_months": "24",
        },
        kind="sentenced",
    )
    assert form.is_valid(), form.errors
    assert form.details() == EventDetails(
        kind="sentenced",
        occurred_on=days_ago(3),
        disposal="conditional_discharge",
        conditional_discharge_months=24,
    )
