import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst

from kit.forms import GovukDateField, GovukForm, GovukTimeField, VersionedForm
from offenders.models import Offender
from visits.content import VisitContent
from visits.models import InspectionFinding, Visit, VisitAuthorisation, VisitOutcome
from visits.selectors import authorisations_of, co_attending_officers
from visits.services import unauthorised_reason_problem
from workforce.models import ForcePolicy, Staff

CREW_CHOICES = [("2", "Two officers"), ("1", "Single-crewed (needs a supervisor's authorisation)")]
ANNOUNCED_CHOICES = [("no", "Unannounced"), ("yes", "Announced (needs a supervisor's authorisation)")]


class VisitForm(VersionedForm):
    """Log a home visit: unannounced and in pairs unless a supervisor authorised otherwise."""

    visited_on = GovukDateField(label="Date of visit", help_text="For example, 27 3 2026")
    visited_at = GovukTimeField(label="Time of visit", required=False, help_text="For example, 14:30")
    crew = forms.ChoiceField(
        label="Who attended", choices=CREW_CHOICES, initial="2", widget=forms.RadioSelect
    )
    co_attending_officer = forms.ModelChoiceField(
        label="Co-attending officer",
        queryset=Staff.objects.none(),
        required=False,
        empty_label="Choose an officer",
    )
    announced = forms.ChoiceField(
        label="Was the visit announced?", choices=ANNOUNCED_CHOICES, initial="no", widget=forms.RadioSelect
    )
    authorisation = forms.ModelChoiceField(
        label="Supervisor's authorisation",
        queryset=VisitAuthorisation.objects.none(),
        required=False,
        empty_label="None",
        help_text="Needed for a single-crewed or announced visit, given before the visit. "
        "Only authorisations covering the visit date are listed.",
    )
    unauthorised_reason = forms.CharField(
        label="If no authorisation covers the visit, why did it go ahead?",
        help_text="Only for a single-crewed or announced visit without a supervisor's authorisation. "
        "It is recorded as non-compliant and your supervisor is told, with your reason.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    outcome = forms.ChoiceField(label="Outcome", choices=VisitOutcome.choices, widget=forms.RadioSelect)
    observations = forms.CharField(
        label="Observations", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )
    unregistered_devices = forms.CharField(
        label="Unregistered devices found",
        help_text="One device per line, for example 'Black tablet in the bedroom'",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    concerns = forms.CharField(label="Concerns", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    intelligence_submitted = forms.BooleanField(label="Intelligence submitted", required=False)
    intelligence_reference = forms.CharField(label="Intelligence reference", required=False, max_length=40)
    next_visit_actions = forms.CharField(
        label="Actions for the next visit", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, offender: Offender, author: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.offender = offender
        self.fields["co_attending_officer"].queryset = co_attending_officers(offender, author)
        self.fields["authorisation"].queryset = authorisations_of(offender)
        self._offer_authorisations_covering(self._visit_date())
        self.devices = list(offender.devices.filter(removed_on__isnull=True).order_by("registered_on"))
        for device in self.devices:
            self.fields[f"device_{device.pk}"] = forms.ChoiceField(
                label=f"{device.get_kind_display()}: {device.description}",
                choices=InspectionFinding.choices,
                initial=InspectionFinding.NOT_INSPECTED,
                widget=forms.RadioSelect,
            )

    def _visit_date(self) -> datetime.date:
        """The visit date as typed (if it is a real date), else the draft's, else today: the day
        the authorisations offered must cover."""
        field = self.fields["visited_on"]
        if self.is_bound:
            try:
                return field.clean(field.widget.value_from_datadict(self.data, self.files, "visited_on"))
            except ValidationError:
                pass
        return self.initial.get("visited_on") or timezone.localdate()

    def _offer_authorisations_covering(self, on: datetime.date) -> None:
        """Offer only the authorisations covering `on` (and the one chosen, so that a choice that
        does not cover the visit date is refused by the save service with its reason, not
        silently dropped); any authorisation of the offender is still accepted for the service
        to judge."""
        field = self.fields["authorisation"]
        chosen = str(self["authorisation"].value() or "")
        authorisations = list(field.queryset)
        covering = [a for a in authorisations if a.valid_from <= on <= a.valid_to]
        self.covering_authorisations = covering
        offered = [a for a in authorisations if a in covering or str(a.pk) == chosen]
        field.choices = [("", field.empty_label), *((a.pk, capfirst(str(a))) for a in offered)]

    @classmethod
    def initial_from(cls, visit: Visit) -> dict:
        """The form's starting values for a draft being edited (or a revision)."""
        inspections = list(visit.device_inspections.all())
        initial = {
            "visited_on": visit.visited_on,
            "visited_at": visit.visited_at,
            "crew": "2" if visit.crew_size >= 2 else "1",
            "co_attending_officer": visit.co_attending_officer_id,
            "announced": "yes" if visit.announced else "no",
            "authorisation": visit.authorisation_id,
            "unauthorised_reason": visit.unauthorised_reason,
            "outcome": visit.outcome,
            "observations": visit.observations,
            "concerns": visit.concerns,
            "intelligence_submitted": visit.intelligence_submitted,
            "intelligence_reference": visit.intelligence_reference,
            "next_visit_actions": visit.next_visit_actions,
            "row_version": visit.row_version,
            "unregistered_devices": "\n".join(
                i.unregistered_description for i in inspections if i.device_id is None
            ),
        }
        initial.update({f"device_{i.device_id}": i.finding for i in inspections if i.device_id is not None})
        return initial

    @property
    def device_fields(self):
        return [self[f"device_{device.pk}"] for device in self.devices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("crew") == "2" and not cleaned.get("co_attending_officer"):
            self.add_error("co_attending_officer", "Choose the officer who attended with you.")
        if cleaned.get("crew") == "1" and cleaned.get("co_attending_officer"):
            self.add_error("co_attending_officer", "A single-crewed visit has no co-attending officer.")
        single, announced = cleaned.get("crew") == "1", cleaned.get("announced") == "yes"
        covered = any(
            (a.single_crewed or not single) and (a.announced or not announced)
            for a in self.covering_authorisations
        )
        # An authorisation given for this visit is named on it [docs/rules.md § Visits].
        if (
            (single or announced)
            and covered
            and cleaned.get("visited_on")
            and not cleaned.get("authorisation")
        ):
            self.add_error("authorisation", "An authorisation covers this visit: choose it.")
        # Said with the other errors, in the same round; the save service checks it too.
        elif (single or announced) and not cleaned.get("authorisation"):
            problem = unauthorised_reason_problem(
                cleaned.get("unauthorised_reason", ""), policy=ForcePolicy.rules_for(self.offender.force_id)
            )
            if problem:
                self.add_error("unauthorised_reason", problem)
        return cleaned

    def content(self) -> VisitContent:
        """The visit as the form now says (after `is_valid`)."""
        data = self.cleaned_data
        return VisitContent(
            visited_on=data["visited_on"],
            visited_at=data["visited_at"],
            crew_size=int(data["crew"]),
            co_attending_officer=data["co_attending_officer"],
            announced=data["announced"] == "yes",
            authorisation=data["authorisation"],
            unauthorised_reason=data["unauthorised_reason"],
            outcome=data["outcome"],
            observations=data["observations"],
            concerns=data["concerns"],
            intelligence_submitted=data["intelligence_submitted"],
            intelligence_reference=data["intelligence_reference"],
            next_visit_actions=data["next_visit_actions"],
            device_findings={device.pk: data[f"device_{device.pk}"] for device in self.devices},
            unregistered_devices=data["unregistered_devices"].splitlines(),
        )


EXCEPTION_CHOICES = [("single_crewed", "A single-crewed visit"), ("announced", "An announced visit")]


class VisitAuthorisationForm(GovukForm):
    """A supervisor's authorisation, before the visit, of a visit that is not unannounced and
    in pairs [docs/rules.md § Visits]: for one offender, a date range, and a recorded rationale."""

    exceptions = forms.MultipleChoiceField(
        label="What are you authorising?",
        choices=EXCEPTION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select single-crewed, announced or both"},
    )
    valid_from = GovukDateField(
        label="First day the visit may take place", help_text="For example, 1 12 2026"
    )
    valid_to = GovukDateField(label="Last day the visit may take place", help_text="For example, 14 12 2026")
    rationale = forms.CharField(
        label="Rationale",
        help_text="Why this visit cannot be unannounced and in pairs, and how the risk is managed",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the rationale for the exception"},
    )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "valid_from": data["valid_from"],
            "valid_to": data["valid_to"],
            "single_crewed": "single_crewed" in data["exceptions"],
            "announced": "announced" in data["exceptions"],
            "rationale": data["rationale"],
        }
