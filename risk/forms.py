"""Forms for recording an ARMS assessment and writing a risk management plan.

The forms check what was typed (a real date, a listed choice, a whole number); the
services decide what the domain allows (dates in range, review after the plan, a complete
visit regime) and their errors are shown on these forms' fields.
"""

from django import forms

from kit.forms import GovukDateField, GovukForm, VersionedForm
from offenders.models import Offender
from risk.content import ArmsContent, PlanContent, next_review_problem
from risk.models import ArmsAssessment, ReviewDecision, RiskManagementPlan
from risk.services import plan_submission_problems
from rules.choices import RiskLevel, VisitRegimeUnit
from rules.plan import PLAN_SECTIONS

OSP_CATEGORIES = [("", "Not assessed"), *RiskLevel.choices]
# Not a rule, a bound on typing: anything larger is a slip of the keyboard and would not fit the column.
VISIT_EVERY_MAX = 999
SECTION_HINT = 'Needed before you submit the plan. If it does not apply, write "Not applicable:" and why.'


def _text_area(label: str, rows: int = 5, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, help_text=help_text, widget=forms.Textarea(attrs={"rows": rows})
    )


class ArmsAssessmentForm(VersionedForm):
    """An Active Risk Management System assessment, with the OSP categories it draws on."""

    assessed_on = GovukDateField(label="Date of assessment", help_text="For example, 27 3 2026")
    risk_level = forms.ChoiceField(
        label="Outcome risk level",
        choices=RiskLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the outcome risk level."},
    )
    risk_factors = _text_area("Risk factors", help_text="The risk factors found and your notes on each")
    protective_factors = _text_area(
        "Protective factors", help_text="The protective factors found and your notes on each"
    )
    notes = _text_area("Other notes", rows=3)
    osp_c = forms.ChoiceField(label="OSP/C category", choices=OSP_CATEGORIES, required=False)
    osp_i = forms.ChoiceField(label="OSP/I category", choices=OSP_CATEGORIES, required=False)

    @classmethod
    def initial_from(cls, assessment: ArmsAssessment) -> dict:
        return {name: getattr(assessment, name) for name in cls.base_fields}

    def content(self) -> ArmsContent:
        """The assessment as the form now says (after `is_valid`): its fields are the value's."""
        return ArmsContent(**self.service_arguments())


class RiskManagementPlanForm(VersionedForm):
    """The ARMS risk management plan: its sections, bespoke visit regime and next review."""

    written_on = GovukDateField(label="Date the plan was written", help_text="For example, 27 3 2026")
    supervision = _text_area(PLAN_SECTIONS["supervision"], help_text=SECTION_HINT)
    monitoring_and_control = _text_area(PLAN_SECTIONS["monitoring_and_control"], help_text=SECTION_HINT)
    interventions_and_treatment = _text_area(
        PLAN_SECTIONS["interventions_and_treatment"], help_text=SECTION_HINT
    )
    victim_safety_planning = _text_area(PLAN_SECTIONS["victim_safety_planning"], help_text=SECTION_HINT)
    contingency = _text_area(PLAN_SECTIONS["contingency"], help_text=SECTION_HINT)
    visit_every = forms.IntegerField(
        label="Visit every",
        required=False,
        min_value=1,
        max_value=VISIT_EVERY_MAX,
        help_text="Leave blank to use the force's default for the offender's risk level",
        error_messages={
            "invalid": "Enter the visit regime as a whole number, like 6.",
            "min_value": "The visit regime must be at least every 1 week or month.",
            "max_value": "Enter the visit regime as a number of weeks or months below 1,000.",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )
    visit_every_unit = forms.ChoiceField(
        label="Weeks or months", choices=VisitRegimeUnit.choices, required=False, widget=forms.RadioSelect
    )
    next_review_on = GovukDateField(
        label="Next review date",
        help_text="After the date of the plan and within the force's review interval for the risk "
        "level (a later date counts once a supervisor authorises it), for example, 27 9 2026",
    )

    def __init__(self, *args, offender: Offender, submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.offender, self.submitting = offender, submitting

    def clean(self):
        cleaned = super().clean()
        # Radios cannot be unticked: a blank number means no bespoke regime, whatever unit is ticked.
        if cleaned.get("visit_every") is None and "visit_every" not in self.errors:
            cleaned["visit_every_unit"] = ""
        # The date order is reported with the other errors, in the same round.
        written_on, next_review_on = cleaned.get("written_on"), cleaned.get("next_review_on")
        if written_on and next_review_on:
            problem = next_review_problem(written_on, next_review_on)
            if problem:
                self.add_error("next_review_on", problem)
        # What a plan going to review needs (the service checks it too), said in the same round.
        if self.submitting:
            problems = plan_submission_problems(
                offender=self.offender,
                sections={name: cleaned.get(name, "") for name in PLAN_SECTIONS},
                written_on=written_on,
                next_review_on=next_review_on,
            )
            for name, problem in problems.items():
                if name not in self.errors:
                    self.add_error(name, problem)
        return cleaned

    @classmethod
    def initial_from(cls, plan: RiskManagementPlan) -> dict:
        return {name: getattr(plan, name) for name in cls.base_fields}

    def content(self) -> PlanContent:
        """The plan as the form now says (after `is_valid`): its fields are the value's."""
        return PlanContent(**self.service_arguments())


class ReviewForm(VersionedForm):
    """A supervisor's bespoke written review: sign off, or return to the author with reasons."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[
            (ReviewDecision.SIGNED_OFF, "Sign off"),
            (ReviewDecision.RETURNED, "Return to the offender manager to revise"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to sign off or return it"},
    )
    text = forms.CharField(
        label="Your review",
        help_text="In your own words: what you checked, what you found and what must happen next. "
        "If you return it, say what must change.",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Write your review"},
        strip=False,
    )


class ManagementModeForm(GovukForm):
    reason = forms.CharField(
        label="Reason for the decision",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the reason for the decision"},
    )


MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportForm(GovukForm):
    extract = forms.FileField(
        label="CSV extract",
        help_text="One row per record, with a 'record' column (nominal, visit, arms, rmp, check, outcome, "
        "notification) and a 'reference' column. UTF-8, at most 5 MB.",
        error_messages={"required": "Choose the CSV file to import"},
    )

    def clean_extract(self):
        extract = self.cleaned_data["extract"]
        if extract.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 5 MB: import it in parts")
        try:
            return extract.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be a CSV saved as UTF-8") from None


class LaterReviewForm(GovukForm):
    """A supervisor's authorisation of an RMP review date later than the force's interval,
    written like a review: why the review can wait."""

    reason = forms.CharField(
        label="Why the review can wait",
        help_text="In your own words: why this plan can be reviewed later than the force's interval "
        "allows, and what would bring the review forward.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={"required": "Write why the review can wait"},
    )
