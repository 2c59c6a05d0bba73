from django import forms

from casework.caseload import CaseloadFilters
from kit.forms import GovukDateField, GovukForm
from outstanding.kinds import OVERDUE_FILTERS
from risk.selectors import OVERDUE, QueueFilters
from rules.choices import OffenderStatus, RiskLevel
from rules.due import ReviewableKind
from rules.review import AgeBand
from workforce.models import Staff


class CaseloadFilterForm(forms.Form):
    search = forms.CharField(label="Name or reference", required=False, max_length=60)
    risk = forms.ChoiceField(label="Risk level", required=False, choices=[("", "Any")] + RiskLevel.choices)
    status = forms.ChoiceField(label="Status", required=False, choices=[("", "Any")] + OffenderStatus.choices)
    overdue = forms.ChoiceField(
        label="Overdue work",
        required=False,
        choices=[("", "Any or none"), ("any", "Anything overdue")]
        + [(key, f"Overdue {label}") for key, (label, _) in OVERDUE_FILTERS.items()],
    )
    due_soon = forms.BooleanField(label="Due in the next 7 days", required=False)

    @property
    def select_fields(self):
        return [self["risk"], self["status"], self["overdue"]]

    def filters(self) -> CaseloadFilters:
        if not self.is_valid():
            return CaseloadFilters()
        return CaseloadFilters(**self.cleaned_data)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of work", required=False, choices=[("", "Any"), *ReviewableKind.choices]
    )
    band = forms.ChoiceField(
        label="Waiting",
        required=False,
        choices=[("", "Any time"), (OVERDUE, "Overdue (a month or more)"), *AgeBand.choices],
    )
    cover = forms.ChoiceField(
        label="Whose",
        required=False,
        choices=[
            ("", "Mine and cover"),
            ("mine", "My team's"),
            ("cover", "Covering for an absent supervisor"),
        ],
    )

    def filters(self) -> QueueFilters:
        if not self.is_valid():
            return QueueFilters()
        return QueueFilters(**self.cleaned_data)


class ReassignForm(GovukForm):
    """Move the chosen offenders to another offender manager, with the reason."""

    offender_manager = forms.ModelChoiceField(
        label="Move to", queryset=Staff.objects.none(), empty_label="Choose an offender manager"
    )
    starts_on = GovukDateField(label="From", help_text="For example, 1 12 2026")
    reason = forms.CharField(
        label="Reason for the move",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Give the reason for the move"},
    )

    def __init__(self, *args, offender_managers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offender_manager"].queryset = offender_managers


class RebalanceApplyForm(GovukForm):
    reason = forms.CharField(
        label="Reason for the moves",
        initial="Rebalancing the team's caseloads to the 50/20 rule",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Give the reason for the moves"},
    )
