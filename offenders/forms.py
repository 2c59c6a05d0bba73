"""Forms for recording intelligence checks and outcomes. They parse what was typed; the
services decide whether it may be recorded (date range, offence type, orders in force)."""

from django import forms

from mosovo.forms import GovukDateField, GovukForm
from offenders.models import IntelligenceResult, IntelligenceSystem, OffenceType, OutcomeKind


def _radios(choices, *, label: str, required_message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _date(*, label: str, required_message: str) -> GovukDateField:
    return GovukDateField(
        label=label, help_text="For example, 27 3 2026", error_messages={"required": required_message}
    )


def _notes(*, label: str = "Notes (optional)", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class IntelligenceCheckForm(GovukForm):
    system = _radios(
        IntelligenceSystem.choices,
        label="Which system did you check?",
        required_message="Select the system you checked",
    )
    checked_on = _date(label="Date of the check", required_message="Enter the date of the check")
    result = _radios(
        IntelligenceResult.choices, label="Result", required_message="Select the result of the check"
    )
    notes = _notes(help_text="If there is new intelligence, say what it is and where it was submitted.")


# One result field per system, named `<system>_result` as `reactive_checks_record` reports errors.
RESULT_FIELDS = {system: f"{system}_result" for system in IntelligenceSystem.values}


class ReactiveChecksForm(GovukForm):
    checked_on = _date(label="Date of the checks", required_message="Enter the date of the checks")
    notes = _notes(help_text="If there is new intelligence, say which system it came from and what it is.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for system, name in RESULT_FIELDS.items():
            label = IntelligenceSystem(system).label
            self.fields[name] = _radios(
                IntelligenceResult.choices,
                label=label,
                required_message=f"Select the result of the {label} check",
            )
        # Date first, then each system's result, then the notes.
        self.order_fields(["checked_on", *RESULT_FIELDS.values(), "notes"])

    def result_fields(self):
        return [self[name] for name in RESULT_FIELDS.values()]

    def results(self) -> dict[str, str]:
        return {system: self.cleaned_data[name] for system, name in RESULT_FIELDS.items()}


class OutcomeForm(GovukForm):
    kind = _radios(OutcomeKind.choices, label="What happened?", required_message="Select what happened")
    occurred_on = _date(label="Date it happened", required_message="Enter the date it happened")
    offence_type = forms.ChoiceField(
        label="Type of offence",
        help_text="Needed for a new offence. For an arrest or charge, the offence it was for.",
        choices=[("", "Select a type of offence"), *OffenceType.choices],
        required=False,
        error_messages={"invalid_choice": "Select a type of offence from the list"},
    )
    notes = _notes()
