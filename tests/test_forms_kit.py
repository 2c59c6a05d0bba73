"""The GOV.UK forms kit: kit/forms.py and templates/includes/ render Django forms the GOV.UK way."""

import datetime
import re

from django import forms
from django.template import Context, Template

from kit.forms import GovukDateField, GovukForm, GovukTimeField


class VisitForm(GovukForm):
    """A sample of every widget the kit knows, as another app's form would declare them."""

    visited_on = GovukDateField(label="Date of visit", help_text="For example, 27 3 2026")
    started_at = GovukTimeField(label="Time of visit")
    address = forms.CharField(
        label="Address", widget=forms.TextInput(attrs={"class": "govuk-input--width-20"})
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    outcome = forms.ChoiceField(label="Outcome", choices=[("seen", "Seen"), ("not_home", "Not at home")])
    crew = forms.ChoiceField(
        label="How was the visit crewed?",
        choices=[("pair", "In a pair"), ("single", "Single-crewed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the visit was crewed"},
    )
    devices = forms.MultipleChoiceField(
        label="Devices inspected",
        choices=[("phone", "Phone"), ("laptop", "Laptop")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    announced = forms.BooleanField(label="The visit was announced", required=False)
    reference = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == "not_home" and cleaned.get("devices"):
            raise forms.ValidationError("Devices cannot be inspected when nobody was at home")
        return cleaned


VALID = {
    "visited_on_day": "3",
    "visited_on_month": "11",
    "visited_on_year": "2026",
    "started_at": "14:30",
    "address": "1 Fictional Road",
    "outcome": "seen",
    "crew": "pair",
}


PAGE = Template(
    '{% include "includes/error_summary.html" %}'
    '<form novalidate>{% include "includes/form_fields.html" %}</form>'
)


def render(form) -> str:
    return PAGE.render(Context({"form": form}))


def date_group(html: str) -> str:
    """The form group of the visited_on date input, from its opening tag to its fieldset's end."""
    return re.search(
        r'<div class="govuk-form-group[^"]*">\s*<fieldset[^>]*id_visited_on-hint.*?</fieldset>', html, re.S
    )[0]


def test_each_widget_renders_as_its_govuk_component():
    html = render(VisitForm())
    assert '<label class="govuk-label" for="id_address">Address</label>' in html
    assert 'class="govuk-input govuk-input--width-20"' in html
    assert 'class="govuk-textarea"' in html and 'name="notes"' in html
    assert '<select name="outcome" class="govuk-select"' in html
    assert 'class="govuk-radios" data-module="govuk-radios"' in html
    assert 'class="govuk-radios__input" id="id_crew_0" name="crew" type="radio" value="pair"' in html
    assert '<legend class="govuk-fieldset__legend">How was the visit crewed?</legend>' in html
    assert 'class="govuk-checkboxes" data-module="govuk-checkboxes"' in html
    assert 'id="id_devices_1" name="devices" type="checkbox" value="laptop"' in html
    assert 'type="checkbox" name="announced" class="govuk-checkboxes__input" id="id_announced"' in html
    assert '<input type="hidden" name="reference" id="id_reference">' in html
    assert "govuk-error-summary" not in html and "govuk-form-group--error" not in html


def test_date_field_renders_the_govuk_date_input_with_its_hint():
    html = render(VisitForm(initial={"visited_on": datetime.date(2026, 3, 27)}))
    group = date_group(html)
    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_visited_on-hint">' in group
    assert '<legend class="govuk-fieldset__legend">Date of visit</legend>' in group
    assert '<div id="id_visited_on-hint" class="govuk-hint">For example, 27 3 2026</div>' in group
    for part, width, value in [("day", 2, "27"), ("month", 2, "3"), ("year", 4, "2026")]:
        classes = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
        assert (
            f'class="{classes}" id="id_visited_on_{part}" name="visited_on_{part}" '
            f'type="text" inputmode="numeric" value="{value}"'
        ) in group


def test_time_field_is_a_narrow_text_input():
    html = render(VisitForm(initial={"started_at": datetime.time(9, 5)}))
    assert 'type="text" name="started_at" value="09:05" class="govuk-input govuk-input--width-5"' in html


def test_valid_date_and_time_are_cleaned():
    form = VisitForm(data=VALID)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["visited_on"] == datetime.date(2026, 11, 3)
    assert form.cleaned_data["started_at"] == datetime.time(14, 30)


def test_month_may_be_typed_as_a_name():
    form = VisitForm(data={**VALID, "visited_on_month": "Nov"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["visited_on"] == datetime.date(2026, 11, 3)


def test_impossible_date_is_not_a_real_date_and_is_shown_as_typed():
    form = VisitForm(
        data={**VALID, "visited_on_day": "31", "visited_on_month": "02", "visited_on_year": "2026"}
    )
    assert form.errors["visited_on"] == ["Date of visit must be a real date"]
    group = date_group(render(form))
    assert "govuk-form-group--error" in group.split(">")[0]
    assert 'aria-describedby="id_visited_on-hint id_visited_on-error"' in group
    assert (
        '<p id="id_visited_on-error" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> Date of visit must be a real date</p>'
    ) in group
    for part, typed in [("day", "31"), ("month", "02"), ("year", "2026")]:
        assert re.search(rf'govuk-input--error" id="id_visited_on_{part}" [^>]*value="{typed}"', group)


def test_missing_month_is_named_and_only_the_month_is_highlighted():
    form = VisitForm(data={**VALID, "visited_on_day": "3", "visited_on_month": "", "visited_on_year": "2026"})
    assert form.errors["visited_on"] == ["Date of visit must include a month"]
    html = render(form)
    assert re.search(r'govuk-input--error" id="id_visited_on_month"', html)
    assert not re.search(r'govuk-input--error" id="id_visited_on_(day|year)"', html)
    assert '<a href="#id_visited_on_month">Date of visit must include a month</a>' in html


def test_other_date_mistakes_have_govuk_messages():
    def error(day, month, year):
        data = {**VALID, "visited_on_day": day, "visited_on_month": month, "visited_on_year": year}
        return VisitForm(data=data).errors["visited_on"]

    assert error("", "", "") == ["Enter date of visit"]
    assert error("", "11", "") == ["Date of visit must include a day and year"]
    assert error("3", "11", "26") == ["Year must include 4 numbers"]
    assert error("3", "thirteen", "2026") == ["Date of visit must be a real date"]


def test_error_summary_lists_every_error_linking_to_its_field():
    data = {**VALID, "address": "", "crew": "", "visited_on_day": "x", "started_at": "25:00"}
    html = render(VisitForm(data=data))
    summary = html.split("</form>")[0].split("<form")[0]
    assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in summary
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links == [
        ("id_visited_on_day", "Date of visit must be a real date"),
        ("id_started_at", "Time of visit must be a real time, like 14:30"),
        ("id_address", "Enter address"),
        ("id_crew_0", "Select how the visit was crewed"),
    ]
    for field_id, _ in links:
        assert f'id="{field_id}"' in html


def test_error_summary_shows_errors_that_belong_to_no_field():
    html = render(VisitForm(data={**VALID, "outcome": "not_home", "devices": ["phone"]}))
    assert "<li>Devices cannot be inspected when nobody was at home</li>" in html


def test_plain_django_forms_render_through_the_kit_too():
    class FilterForm(forms.Form):
        search = forms.CharField(label="Name or reference", help_text="At least 2 letters")

    html = render(FilterForm(data={"search": ""}))
    assert '<a href="#id_search">This field is required.</a>' in html
    assert 'aria-describedby="id_search-hint id_search-error"' in html
    assert 'class="govuk-input govuk-input--error"' in html


def test_page_title_starts_with_error_when_the_form_has_errors(rf):
    page = Template('{% extends "base.html" %}{% block title %}Record a visit{% endblock %}')
    request = rf.get("/")
    assert "<title>Record a visit – MOSOVO caseload</title>" in page.render(Context({"request": request}))
    with_errors = Context({"request": request, "form": VisitForm(data={})})
    assert "<title>Error: Record a visit – MOSOVO caseload</title>" in page.render(with_errors)
