"""Shared form pieces for GOV.UK Design System pages.

Any Django form renders the GOV.UK way through the includes in templates/includes/
(error_summary.html, form_fields.html, field.html). This module adds what Django lacks:

- GovukDateField: the GOV.UK date input (day, month, year) with the Design System's
  error messages, redisplaying exactly what was typed when it is not a date;
- GovukTimeField: a time typed as 14:30;
- GovukFormMixin / GovukForm / GovukModelForm: no label suffix, no browser validation
  (GOV.UK pages validate on the server and show an error summary).

The helpers at the end decide how the includes render a field; the `govuk` template
library (mosovo/templatetags/govuk.py) exposes them to templates.
"""

import datetime
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name

from kit.text import mid_sentence

DATE_PARTS = ("day", "month", "year")
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}


def _sentence_start(label: str) -> str:
    return label[:1].upper() + label[1:]


def _mid_sentence(label: str) -> str:
    """'Date of visit' -> 'date of visit', but 'ARMS date' stays as it is."""
    return mid_sentence(label)


class GovukDateWidget(forms.MultiWidget):
    """Three text boxes named <name>_day, <name>_month and <name>_year.

    Rendered by templates/includes/field.html; the value is the list of the three strings
    as typed, so an invalid date is shown back to the user exactly as they entered it.
    """

    use_fieldset = True

    def __init__(self, attrs=None):
        super().__init__(dict.fromkeys(DATE_PARTS, forms.TextInput), attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def id_for_label(self, id_):
        return f"{id_}_day" if id_ else ""


class GovukDateField(forms.Field):
    """A date typed into the GOV.UK date input, with the Design System's error messages.

    Messages use the field's label: "Date of visit must be a real date", "Date of visit
    must include a month". An error's `params["parts"]` says which boxes to highlight.
    """

    widget = GovukDateWidget

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_required_message = "required" in (kwargs.get("error_messages") or {})

    def to_python(self, value):
        if value is None or isinstance(value, datetime.date):
            return value
        typed = dict(zip(DATE_PARTS, [(part or "").strip() for part in value], strict=True))
        if not any(typed.values()):
            return None
        label = _sentence_start(self.label or "Date")
        missing = [part for part in DATE_PARTS if not typed[part]]
        if missing:
            raise ValidationError(
                f"{label} must include a {' and '.join(missing)}",
                code="incomplete",
                params={"parts": missing},
            )
        if not typed["year"].isdigit() or len(typed["year"]) != 4:
            raise ValidationError(
                "Year must include 4 numbers", code="invalid_year", params={"parts": ["year"]}
            )
        month = MONTH_NAMES.get(typed["month"].lower(), typed["month"])
        try:
            return datetime.date(int(typed["year"]), int(month), int(typed["day"]))
        except ValueError:
            raise ValidationError(
                f"{label} must be a real date", code="invalid", params={"parts": list(DATE_PARTS)}
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise ValidationError(_required_message(self), code="required")


def _required_message(field) -> str:
    """GOV.UK's "Enter <the field>", unless the form gave its own required message."""
    if field.custom_required_message:
        return field.error_messages["required"]
    return f"Enter {_mid_sentence(field.label or 'a value')}"


class GovukTimeField(forms.TimeField):
    """A time of day typed as 14:30 (14.30 is accepted too)."""

    widget = forms.TimeInput(format="%H:%M", attrs={"class": "govuk-input--width-5", "autocomplete": "off"})
    input_formats = ["%H:%M", "%H.%M"]

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_required_message = "required" in (kwargs.get("error_messages") or {})

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            label = _sentence_start(self.label or "Time")
            raise ValidationError(f"{label} must be a real time, like 14:30", code="invalid") from None

    def validate(self, value):
        if value in self.empty_values and self.required:
            raise ValidationError(_required_message(self), code="required")


class GovukFormMixin:
    """GOV.UK conventions for any form: no label suffix, server-side validation only.

    Every field gets its label now (Django otherwise derives it at render time), so error
    messages can name it, and Django's "This field is required." becomes "Enter <label>" or
    "Select <label>". Write your own where the label is a question:
    `error_messages={"required": "Select how the visit was crewed"}`.
    """

    use_required_attribute = False

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None:
                field.label = pretty_name(name)
            if field.error_messages.get("required") is forms.Field.default_error_messages["required"]:
                choosing = isinstance(field.widget, forms.Select | forms.RadioSelect | forms.CheckboxInput)
                verb = "Select" if choosing else "Enter"
                field.error_messages["required"] = f"{verb} {_mid_sentence(str(field.label))}"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class VersionedForm(GovukForm):
    """A form that changes an existing record: it carries the version of the record it was
    filled in from, so a change made meanwhile by someone else is refused, not overwritten."""

    row_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    @property
    def expected_version(self) -> int | None:
        return self.cleaned_data.get("row_version")

    def service_arguments(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "row_version"}


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


# --------------------------------------------------------------------------- rendering helpers


def govuk_component(field) -> str:
    """Which GOV.UK component renders this bound field."""
    widget = field.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):  # a subclass of RadioSelect
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


CONTROL_CLASSES = {
    "input": ("govuk-input", "govuk-input--error"),
    "password": (
        "govuk-input govuk-password-input__input govuk-js-password-input-input",
        "govuk-input--error",
    ),
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "checkbox": ("govuk-checkboxes__input", ""),  # the form group shows the error
}


def described_by(field) -> str:
    """The ids of the hint and error message, for aria-describedby."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if field.errors:
        ids.append(f"{field.auto_id}-error")
    return " ".join(ids)


def render_control(field) -> str:
    """The field's own widget, with GOV.UK classes added to any it already has.

    Widget attrs such as `{"class": "govuk-input--width-10"}`, maxlength or autocomplete
    are kept.
    """
    component = govuk_component(field)
    base_class, error_class = CONTROL_CLASSES[component]
    classes = [base_class, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append(error_class)
    attrs = {"class": " ".join(name for name in classes if name)}
    if component == "textarea" and field.field.widget.attrs.get("rows") == "10":
        attrs["rows"] = "5"  # GOV.UK's default height instead of Django's
    if ids := described_by(field):
        attrs["aria-describedby"] = ids
    return field.as_widget(attrs=attrs)


def _error_parts(field) -> set[str]:
    """The date boxes to highlight: those an error names, or all three."""
    errors = field.form.errors.as_data().get(field.name, [])
    parts = set()
    for error in errors:
        parts.update((error.params or {}).get("parts", DATE_PARTS))
    return parts


@dataclass(frozen=True)
class DatePart:
    name: str  # day, month or year
    label: str
    html_name: str
    id: str
    value: str
    width: int
    has_error: bool


def date_parts(field) -> list[DatePart]:
    """The three boxes of a GovukDateField, with what the user typed (or the initial date)."""
    value = field.value()
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    error_parts = _error_parts(field) if field.errors else set()
    return [
        DatePart(
            name=part,
            label=part.capitalize(),
            html_name=f"{field.html_name}_{part}",
            id=f"{field.auto_id}_{part}",
            value=typed or "",
            width=4 if part == "year" else 2,
            has_error=part in error_parts,
        )
        for part, typed in zip(DATE_PARTS, value, strict=True)
    ]


def error_anchor(field) -> str:
    """The id the error summary links to: the field's first input (or first wrong date box)."""
    component = govuk_component(field)
    if component == "date":
        first_wrong = next((part for part in date_parts(field) if part.has_error), None)
        return first_wrong.id if first_wrong else f"{field.auto_id}_day"
    if component in {"radios", "checkboxes"}:
        return f"{field.auto_id}_0"
    return field.auto_id


@dataclass(frozen=True)
class SummaryError:
    text: str
    href: str  # empty for errors that belong to no visible field


def error_summary_items(form) -> list[SummaryError]:
    """Every error in a form, in the order the page shows them, for the GOV.UK error summary."""
    items = [SummaryError(str(error), "") for error in form.non_field_errors()]
    for field in form.hidden_fields():
        items += [SummaryError(f"{field.label}: {error}", "") for error in field.errors]
    for field in form.visible_fields():
        items += [SummaryError(str(error), f"#{error_anchor(field)}") for error in field.errors]
    return items
