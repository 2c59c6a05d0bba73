from django import forms

from dashboards.caseload import OVERDUE_FILTERS, CaseloadFilters
from mosovo.rules.choices import OffenderStatus, RiskLevel


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
