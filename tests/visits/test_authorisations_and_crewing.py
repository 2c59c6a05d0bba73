"""A supervisor authorises a single-crewed or announced visit before it happens; the OM logs
it against the authorisation and it counts as compliant; the team's monthly crewing table
counts each kind of visit [docs/rules.md § Visits]. Draft visits can be edited by their author."""

import datetime

import pytest
from django.urls import reverse

from rules.choices import WorkflowStatus
from rules.dates import add_months
from tests import factories
from tests.dates import date_fields, today
from visits.models import Visit, VisitAuthorisation
from visits.selectors import crewing_by_month
from workforce.models import ForcePolicy

pytestmark = pytest.mark.django_db


def days(n):
    return today() + datetime.timedelta(days=n)


@pytest.fixture
def offender(om):
    return factories.OffenderFactory(team=om.team, offender_manager=om, managed_since=days(-900))


def test_a_supervisor_authorises_a_single_crewed_visit_with_a_rationale(client, supervisor, offender):
    client.force_login(supervisor)
    response = client.post(
        reverse("visit-authorisation-new", args=[offender.pk]),
        {
            "exceptions": ["single_crewed"],
            **date_fields("valid_from", days(-2)),
            **date_fields("valid_to", days(7)),
            "rationale": "Second officer unavailable this week; offender compliant at the last six visits.",
        },
    )
    assert response.status_code == 302
    authorisation = VisitAuthorisation.objects.get(offender=offender)
    assert (authorisation.single_crewed, authorisation.announced, authorisation.authorised_by) == (
        True,
        False,
        supervisor,
    )
    assert authorisation.authorised_on == today()
    record = client.get(reverse("offender-record", args=[offender.pk])).content.decode()
    assert "Second officer unavailable this week" in record


def test_the_om_logs_the_authorised_visit_and_it_is_compliant(client, supervisor, om, offender):
    authorisation = VisitAuthorisation.objects.create(
        offender=offender,
        authorised_by=supervisor,
        authorised_on=days(-3),
        valid_from=days(-3),
        valid_to=days(3),
        single_crewed=True,
        rationale="Only one officer free; low risk and compliant.",
    )
    client.force_login(om)
    client.post(
        reverse("visit-new", args=[offender.pk]),
        {
            **date_fields("visited_on", days(-1)),
            "crew": "1",
            "announced": "no",
            "outcome": "seen",
            "authorisation": authorisation.pk,
            "submit": "1",
        },
    )
    visit = Visit.objects.get(offender=offender)
    assert visit.is_exception and visit.is_compliant and visit.authorisation == authorisation


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"exceptions": []}, "Select single-crewed, announced or both"),
        ({"rationale": ""}, "Enter the rationale for the exception"),
        ({**date_fields("valid_to", days(-1))}, "this range has passed"),
    ],
)
def test_an_incomplete_authorisation_is_refused_and_keeps_what_was_typed(
    client, supervisor, offender, fields, message
):
    client.force_login(supervisor)
    data = {
        "exceptions": ["announced"],
        **date_fields("valid_from", days(-5)),
        **date_fields("valid_to", days(5)),
        "rationale": "Offender works nights; announced visit arranged with the hostel manager for a weekday.",
    }
    response = client.post(reverse("visit-authorisation-new", args=[offender.pk]), data | fields)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert not VisitAuthorisation.objects.exists()
    if fields.get("rationale", None) is None:
        assert "Offender works nights" in page


def test_only_supervisors_authorise(client, om, offender):
    client.force_login(om)
    assert client.get(reverse("visit-authorisation-new", args=[offender.pk])).status_code == 403


def test_the_crewing_table_counts_each_kind_of_visit_by_month(supervisor, offender):
    this_month = today().replace(day=1)
    last_month = add_months(this_month, -1)
    authorisation = factories.VisitAuthorisationFactory(
        offender=offender,
        authorised_by=supervisor,
        authorised_on=last_month,
        valid_from=last_month,
        valid_to=today(),
        single_crewed=True,
        announced=True,
    )
    make = factories.VisitFactory
    make(offender=offender, visited_on=this_month)
    make(offender=offender, visited_on=this_month)
    make(offender=offender, visited_on=this_month, crew_size=1)
    make(offender=offender, visited_on=this_month, crew_size=1, announced=True, authorisation=authorisation)
    make(offender=offender, visited_on=last_month, crew_size=2, announced=True)
    make(offender=offender, visited_on=last_month, crew_size=1, authorisation=authorisation)
    make(
        offender=offender, visited_on=this_month, status=WorkflowStatus.DRAFT, submitted_on=None, crew_size=1
    )
    make(visited_on=this_month, crew_size=1)  # another team
    months = {
        row.month: row
        for row in crewing_by_month(Visit.objects.filter(offender__team=offender.team), today=today())
    }
    assert len(months) == 12
    now, before = months[this_month], months[last_month]
    assert (now.double_crewed, now.single_authorised, now.single_unauthorised) == (2, 1, 1)
    assert (now.announced_authorised, now.announced_unauthorised) == (1, 0)
    assert (before.double_crewed, before.single_authorised, before.announced_unauthorised) == (1, 1, 1)
    assert months[add_months(this_month, -5)].visits == 0


def test_a_revised_visit_counts_once_in_the_crewing_figures(offender):
    """Issue 15, item 11: a visit returned and revised counts as its latest version only (the
    draft of a revision not yet submitted leaves the version before it counted)."""
    this_month = today().replace(day=1)
    first = factories.VisitFactory(offender=offender, visited_on=this_month, status=WorkflowStatus.RETURNED)
    factories.VisitFactory(offender=offender, visited_on=this_month, crew_size=1, version=2, supersedes=first)
    pending = factories.VisitFactory(offender=offender, visited_on=this_month, status=WorkflowStatus.RETURNED)
    factories.VisitFactory(
        offender=offender,
        visited_on=this_month,
        version=2,
        supersedes=pending,
        status=WorkflowStatus.DRAFT,
        submitted_on=None,
    )
    now = crewing_by_month(Visit.objects.filter(offender=offender), today=today())[-1]
    assert (now.month, now.double_crewed, now.single_unauthorised, now.visits) == (this_month, 1, 1, 2)


def test_the_crewing_page_shows_the_months(client, supervisor, offender):
    factories.VisitFactory(offender=offender, visited_on=today(), crew_size=1)
    client.force_login(supervisor)
    page = client.get(reverse("visit-crewing", args=[offender.team.pk])).content.decode()
    assert f"{today():%B %Y}" in page and "<strong>1</strong>" in page


def test_the_author_edits_a_draft_visit_and_submits_it(client, om, offender):
    device = factories.RegisteredDeviceFactory(offender=offender)
    partner = factories.StaffFactory(team=om.team)
    visit = factories.VisitFactory(
        offender=offender,
        status=WorkflowStatus.DRAFT,
        submitted_on=None,
        visited_on=days(-2),
        co_attending_officer=partner,
    )
    client.force_login(om)
    form = client.get(reverse("visit-edit", args=[visit.pk])).content.decode()
    assert "Change the draft visit" in form
    response = client.post(
        reverse("visit-edit", args=[visit.pk]),
        {
            **date_fields("visited_on", days(-2)),
            "crew": "2",
            "co_attending_officer": partner.pk,
            "announced": "no",
            "outcome": "seen",
            "observations": "Added after speaking to the landlord.",
            f"device_{device.pk}": "concerns",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    visit.refresh_from_db()
    assert (
        visit.status == WorkflowStatus.SUBMITTED
        and visit.observations == "Added after speaking to the landlord."
    )
    assert list(visit.device_inspections.values_list("device_id", "finding")) == [(device.pk, "concerns")]


def test_nobody_else_edits_a_draft_visit(client, om, offender):
    visit = factories.VisitFactory(offender=offender, status=WorkflowStatus.DRAFT, submitted_on=None)
    client.force_login(factories.StaffFactory(team=om.team))
    assert client.get(reverse("visit-edit", args=[visit.pk])).status_code == 403


# Issue 15, item 3: only authorisations covering the visit date are offered, in GOV.UK dates.


def long(day):
    return f"{day.day} {day:%B %Y}"


def visit_post(on, **fields):
    return {
        **date_fields("visited_on", on),
        "crew": "1",
        "announced": "no",
        "outcome": "seen",
        "observations": "Typed observations kept",
        "submit": "1",
    } | fields


def test_the_visit_form_offers_only_authorisations_covering_the_visit_date(client, om, offender):
    client.force_login(om)
    expired = factories.VisitAuthorisationFactory(
        offender=offender, authorised_on=days(-60), valid_from=days(-60), valid_to=days(-20)
    )
    current = factories.VisitAuthorisationFactory(
        offender=offender, authorised_on=days(-3), valid_from=days(-3), valid_to=days(10)
    )
    offered = authorisation_options(client.get(reverse("visit-new", args=[offender.pk])))
    assert f'value="{current.pk}"' in offered
    assert f"Single-crewed visit, {long(days(-3))} to {long(days(10))}" in offered
    assert f'value="{expired.pk}"' not in offered
    assert "–" not in offered

    # A visit logged on a day the expired one covered: it is offered, and asked for.
    response = client.post(reverse("visit-new", args=[offender.pk]), visit_post(days(-30)))
    offered = authorisation_options(response)
    assert response.context["form"].errors["authorisation"] == [
        "An authorisation covers this visit: choose it."
    ]
    assert f'value="{expired.pk}"' in offered and f'value="{current.pk}"' not in offered
    assert "Typed observations kept" in response.content.decode()
    assert not Visit.objects.exists()


def authorisation_options(response):
    """The options of the visit form's authorisation list."""
    return response.content.decode().split('name="authorisation"')[1].split("</select>")[0]


def test_an_authorisation_not_covering_the_visit_date_is_refused_in_words(client, om, offender):
    client.force_login(om)
    current = factories.VisitAuthorisationFactory(
        offender=offender, authorised_on=days(-3), valid_from=days(-3), valid_to=days(10)
    )
    response = client.post(
        reverse("visit-new", args=[offender.pk]), visit_post(days(-5), authorisation=current.pk)
    )
    assert response.context["form"].errors["authorisation"] == [
        f"That authorisation covers {long(days(-3))} to {long(days(10))}, not the visit date, "
        f"{long(days(-5))}. Choose one that covers the visit date."
    ]
    assert not Visit.objects.exists()


def test_the_authorisation_banner_gives_its_dates_in_words(client, supervisor, offender):
    client.force_login(supervisor)
    response = client.post(
        reverse("visit-authorisation-new", args=[offender.pk]),
        {
            "exceptions": ["single_crewed"],
            **date_fields("valid_from", days(-2)),
            **date_fields("valid_to", days(7)),
            "rationale": "Second officer unavailable this week; offender compliant at the last six visits.",
        },
        follow=True,
    )
    banner = [str(m) for m in response.context["messages"]][0]
    assert f"ingle-crewed visit, {long(days(-2))} to {long(days(7))}" in banner
    assert days(-2).isoformat() not in banner


def test_absence_and_abstraction_banners_give_dates_in_words():
    """Issue 15, item 3: the banners that name an absence or an abstraction give GOV.UK dates."""
    absence = factories.AbsenceFactory(starts_on=datetime.date(2026, 9, 1))
    abstraction = factories.AbstractionFactory(
        starts_on=datetime.date(2026, 10, 5), ends_on=datetime.date(2026, 10, 6)
    )
    assert str(absence).endswith("from 1 September 2026")
    assert str(abstraction).endswith("abstracted 5 October 2026 to 6 October 2026")


# Issue 15, item 13: a rationale written like a review; a force-set maximum length by risk level.


def authorisation_post(**fields):
    return {
        "exceptions": ["single_crewed"],
        **date_fields("valid_from", days(0)),
        **date_fields("valid_to", days(7)),
        "rationale": "Second officer unavailable this week; offender compliant at the last six visits.",
    } | fields


def test_a_rationale_of_ok_is_refused_and_kept(client, supervisor, offender):
    client.force_login(supervisor)
    response = client.post(
        reverse("visit-authorisation-new", args=[offender.pk]), authorisation_post(rationale="ok")
    )
    assert response.context["form"].errors["rationale"] == [
        "Write a rationale of at least 80 characters in your own words: why this visit cannot be "
        'unannounced and in pairs, and how the risk is managed. A word such as "ok" is not a rationale '
        "(you wrote 2 characters)."
    ]
    assert not VisitAuthorisation.objects.exists()


def test_an_authorisation_longer_than_the_force_allows_for_the_risk_level_is_refused(
    client, supervisor, offender
):
    offender.risk_level = "very_high"
    offender.save(update_fields=["risk_level"])
    client.force_login(supervisor)
    six_months = authorisation_post(**date_fields("valid_to", days(195)))
    response = client.post(reverse("visit-authorisation-new", args=[offender.pk]), six_months)
    assert response.context["form"].errors["valid_to"] == [
        f"An authorisation for a very high risk offender lasts at most 14 days (the force's setting); "
        f"{long(days(0))} to {long(days(195))} is 196 days. Authorise a shorter period."
    ]
    assert not VisitAuthorisation.objects.exists()
    two_weeks = authorisation_post(**date_fields("valid_to", days(13)))
    assert client.post(reverse("visit-authorisation-new", args=[offender.pk]), two_weeks).status_code == 302


def test_the_force_sets_the_longest_authorisation(client, supervisor, offender):
    ForcePolicy.objects.filter(force=offender.force).update(visit_authorisation_max_days_medium=7)
    client.force_login(supervisor)
    response = client.post(
        reverse("visit-authorisation-new", args=[offender.pk]),
        authorisation_post(**date_fields("valid_to", days(7))),
    )
    assert "lasts at most 7 days" in response.context["form"].errors["valid_to"][0]
