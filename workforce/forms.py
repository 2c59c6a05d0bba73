"""Forms for recording staff availability: absences and abstractions."""

from django import forms

from kit.forms import GovukDateField, GovukForm
from workforce.models import AbsenceKind, Staff


class AbsenceForm(GovukForm):
    staff = forms.ModelChoiceField(label="Who", queryset=Staff.objects.none(), empty_label="Choose a person")
    kind = forms.ChoiceField(
        label="Kind of absence",
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of absence"},
    )
    starts_on = GovukDateField(label="First day of the absence", help_text="For example, 1 12 2026")
    ends_on = GovukDateField(
        label="Last day of the absence",
        required=False,
        help_text="Leave blank while the end is not known",
    )
    notes = forms.CharField(label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class AbsenceEndForm(GovukForm):
    ends_on = GovukDateField(label="Last day of the absence", help_text="For example, 1 12 2026")


class AbstractionForm(GovukForm):
    staff = forms.ModelChoiceField(
        label="Who was abstracted", queryset=Staff.objects.none(), empty_label="Choose an officer"
    )
    starts_on = GovukDateField(label="First day", help_text="For example, 1 12 2026")
    ends_on = GovukDateField(label="Last day", help_text="The same as the first day for a single day")
    hours = forms.DecimalField(
        label="Hours taken from MOSOVO duties",
        min_value=0.5,
        max_digits=6,
        decimal_places=1,
        error_messages={"invalid": "Enter the hours as a number, like 7.5"},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "govuk-input--width-5"}),
    )
    reason = forms.CharField(
        label="Why",
        help_text="The work the officer was taken off MOSOVO duties to cover",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    approved_by = forms.ModelChoiceField(
        label="Approved by", queryset=Staff.objects.none(), empty_label="Choose who approved it"
    )

    def __init__(self, *args, staff, approvers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff
        self.fields["approved_by"].queryset = approvers
