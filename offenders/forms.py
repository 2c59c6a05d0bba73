"""Forms for recording intelligence checks, outcomes, life events, probation's assessments and
order conditions and their checks. They parse what was typed; the services decide whether it
may be recorded (date range, offence type, orders in force, what a life event may follow)."""

import datetime
from dataclasses import dataclass

from django import forms
from django.db.models import Q

from kit.forms import GovukDateField, GovukForm
from offenders.life_events import EventDetails
from offenders.models import (
    ConditionCheckResult,
    ConditionKind,
    FailureResponse,
    IntelligenceResult,
    IntelligenceSystem,
    OffenceType,
    Offender,
    Order,
    OutcomeKind,
)
from offenders.registration import NotificationContent
from rules.choices import Disposal, OrderKind, RiskLevel, VisitRegimeUnit
from rules.life_course import EVENT_FIELDS, EventKind
from rules.registration import TERRORIST_ONLY_CHANGES, ChangeKind, NotificationKind, Regime, regime_for
from workforce.models import Staff


def _radios(choices, *, label: str, required_message: str, **kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": required_message, "invalid_choice": required_message},
        **kwargs,
    )


def _date(
    *,
    label: str,
    required_message: str = "",
    help_text: str = "For example, 27 3 2026",
    required: bool = True,
) -> GovukDateField:
    return GovukDateField(
        label=label,
        help_text=help_text,
        required=required,
        error_messages={"required": required_message} if required_message else None,
    )


# Not a rule, a bound on typing: anything larger is a slip of the keyboard and would not fit the column.
NUMBER_MAX = 999


def _number(*, label: str, help_text: str = "", min_value: int = 1, what: str = "") -> forms.IntegerField:
    what = what or label
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=False,
        min_value=min_value,
        max_value=NUMBER_MAX,
        error_messages={
            "invalid": f"{what} must be a whole number, like 6",
            "min_value": f"{what} must be {min_value} or more",
            "max_value": f"{what} must be less than 1,000",
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
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
    notes = _notes(
        label="Notes",
        help_text="Needed if new intelligence is found: say what it is and where it was submitted.",
    )


# One result field per system, named `<system>_result` as `reactive_checks_record` reports errors.
RESULT_FIELDS = {system: f"{system}_result" for system in IntelligenceSystem.values}


class ReactiveChecksForm(GovukForm):
    checked_on = _date(label="Date of the checks", required_message="Enter the date of the checks")
    notes = _notes(
        label="Notes",
        help_text="Needed if new intelligence is found: say which system it came from and what it is.",
    )

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


# --------------------------------------------------------------------------- life events


@dataclass(frozen=True)
class RevealingOption:
    """One radio and the fields it reveals when chosen (the GOV.UK conditional reveal)."""

    option: forms.BoundField
    fields: list[forms.BoundField]

    @property
    def reveal_id(self) -> str:
        return f"conditional-{self.option.id_for_label}"


def revealing_options(
    form: forms.Form, name: str, reveals: dict[str, tuple[str, ...]]
) -> list[RevealingOption]:
    """The radios of field `name`, each with the fields of `form` it reveals."""
    return [
        RevealingOption(
            option=option,
            fields=[
                form[field] for field in reveals.get(str(option.data["value"]), ()) if field in form.fields
            ],
        )
        for option in form[name]
    ]


# The kinds a person records, grouped as the chooser shows them (every recordable kind once).
EVENT_KIND_GROUPS: tuple[tuple[str, tuple[EventKind, ...]], ...] = (
    ("Court and sentence", (EventKind.CONVICTED, EventKind.SENTENCED)),
    (
        "Custody, hospital and release",
        (
            EventKind.REMANDED,
            EventKind.RECALLED,
            EventKind.RELEASED,
            EventKind.HOSPITAL_ADMITTED,
            EventKind.HOSPITAL_DISCHARGED,
        ),
    ),
    (
        "Licence and orders",
        (
            EventKind.LICENCE_ENDED,
            EventKind.COMMUNITY_ORDER_MADE,
            EventKind.COMMUNITY_ORDER_ENDED,
            EventKind.CIVIL_ORDER_MADE,
            EventKind.CIVIL_ORDER_VARIED,
            EventKind.CIVIL_ORDER_DISCHARGED,
        ),
    ),
    (
        "Whereabouts",
        (EventKind.WANTED, EventKind.MISSING, EventKind.LOCATED, EventKind.ABROAD, EventKind.RETURNED),
    ),
    (
        "Transfer, death and end of notification",
        (EventKind.TRANSFERRED_OUT, EventKind.RECEIVED, EventKind.DECEASED, EventKind.NOTIFICATION_ENDED),
    ),
)
KIND_HINTS = {
    EventKind.SENTENCED: "Imprisonment, a hospital order, a caution, a discharge or any other disposal.",
    EventKind.LICENCE_ENDED: "The system records this itself the day after the licence's last day.",
    EventKind.COMMUNITY_ORDER_ENDED: "The system records this itself the day after the order's last day.",
    EventKind.NOTIFICATION_ENDED: "After a review. The system records the end of a fixed period itself.",
}
# What the date of each kind is: the day its change took effect (rules.life_course).
DATE_HINTS = {
    EventKind.CONVICTED: "The day of conviction.",
    EventKind.SENTENCED: "The day the offender was sentenced or otherwise dealt with.",
    EventKind.REMANDED: "The first day in custody on remand.",
    EventKind.RECALLED: "The day they were returned to prison.",
    EventKind.RELEASED: "The day of release.",
    EventKind.LICENCE_ENDED: "The first day off licence: the day after the licence's last day.",
    EventKind.COMMUNITY_ORDER_MADE: "The day the court made the order.",
    EventKind.COMMUNITY_ORDER_ENDED: "The first day no longer under the order: the day after its last day.",
    EventKind.CIVIL_ORDER_MADE: "The day the court made the order.",
    EventKind.CIVIL_ORDER_VARIED: "The day the court varied the order.",
    EventKind.CIVIL_ORDER_DISCHARGED: "The day the court discharged the order. It is the order's last day.",
    EventKind.HOSPITAL_ADMITTED: "The day of admission.",
    EventKind.HOSPITAL_DISCHARGED: "The day of discharge.",
    EventKind.WANTED: "The day they became wanted.",
    EventKind.MISSING: "The day they were reported missing.",
    EventKind.LOCATED: "The day they were found.",
    EventKind.ABROAD: "The day they left the country.",
    EventKind.RETURNED: "The day they came back to the country.",
    EventKind.TRANSFERRED_OUT: "The day the other force took over their management.",
    EventKind.RECEIVED: "The day this force took over their management again.",
    EventKind.DECEASED: "The date of death.",
    EventKind.NOTIFICATION_ENDED: "The first day they were no longer subject to the notification "
    "requirements.",
}


class EventKindForm(GovukForm):
    kind = _radios(
        [(kind.value, kind.label) for _, kinds in EVENT_KIND_GROUPS for kind in kinds],
        label="What happened?",
        required_message="Select what happened",
    )

    def groups(self) -> list[tuple[str, list[tuple[forms.BoundField, str]]]]:
        """Each group's title and its radios, each with its hint."""
        options = {str(option.data["value"]): option for option in self["kind"]}
        return [
            (title, [(options[kind.value], KIND_HINTS.get(kind, "")) for kind in kinds])
            for title, kinds in EVENT_KIND_GROUPS
        ]


# A sentence's radios reveal the details of that disposal; a civil order made in sentence is
# recorded as "civil order made", so it is not among them.
SENTENCE_DISPOSALS = [(value, label) for value, label in Disposal.choices if value != Disposal.CIVIL_ORDER]
DISPOSAL_REVEALS = {
    Disposal.CUSTODY: (
        "sentence_months",
        "is_life_sentence",
        "consecutive_to_previous",
        "overlap_months",
        "licence_ends_on",
    ),
    Disposal.CONDITIONAL_DISCHARGE: ("conditional_discharge_months",),
    Disposal.OTHER: ("community_order_ends_on",),
}
_REVEALED = {name for names in DISPOSAL_REVEALS.values() for name in names}
# Every detail a person may record about some kind of event (EventDetails less kind and date).
_DETAILS = [name for name in EventDetails.__dataclass_fields__ if name not in ("kind", "occurred_on")]


class LifeEventForm(GovukForm):
    """One life event of the kind given: its date, notes, the details `EVENT_FIELDS` lists for
    it and, when it is dated before the last event recorded, why it corrects the record."""

    occurred_on = _date(label="Date it took effect", required_message="Enter the date it took effect")
    correction_reason = _notes(
        label="Why this corrects the record",
        help_text="This event is dated before the last one recorded. Say what was wrong or missing.",
    )
    relevant_date = _date(
        label="Date of conviction",
        required=False,
        help_text="Leave blank if the conviction is already recorded or was on the day of the sentence. "
        "For example, 27 3 2026",
    )
    disposal = _radios(
        SENTENCE_DISPOSALS,
        label="Sentence or other disposal",
        required_message="Select the sentence or other disposal",
        help_text="A Sexual Harm Prevention Order or Sexual Risk Order is recorded as a civil order made.",
    )
    sentence_months = _number(label="Length of the term in months")
    is_life_sentence = forms.BooleanField(label="Life or another indeterminate sentence", required=False)
    consecutive_to_previous = forms.BooleanField(
        label="Consecutive to, or partly concurrent with, an earlier term of imprisonment", required=False
    )
    overlap_months = _number(
        label="Months the terms overlap",
        help_text="Only for partly concurrent terms. Leave blank if consecutive.",
        min_value=0,
    )
    conditional_discharge_months = _number(label="Length of the conditional discharge in months")
    licence_ends_on = _date(
        label="Last day of the licence",
        required=False,
        help_text="Leave blank if there is no licence or it is not known yet. For example, 27 3 2027",
    )
    community_order_ends_on = _date(
        label="Last day of the community order",
        required_message="Enter the last day of the community order",
        required=False,
    )
    order_kind = _radios(
        OrderKind.choices, label="Kind of order", required_message="Select the kind of order"
    )
    order = _radios([], label="Which order?", required_message="Select the order")
    order_ends_on = _date(
        label="Last day of the order",
        required=False,
        help_text="Leave blank if it runs until further order. For example, 27 3 2031",
    )
    court = forms.CharField(label="Court (optional)", required=False, max_length=100)
    conditions = _notes(
        label="Conditions (optional)",
        help_text="One condition per line, as the order words it. Each is recorded as a prohibition: "
        "add positive requirements, and how often each condition is checked, from the record's orders.",
    )
    other_force = forms.CharField(label="The other force", max_length=100, required=False)
    handover_notes = _notes(label="Handover", help_text="What was handed over, to whom and when.")
    notes = _notes()

    def __init__(self, *args, kind: EventKind, orders=(), **kwargs):
        """`orders`: the offender's orders in force, for a variation or discharge to choose from."""
        super().__init__(*args, **kwargs)
        self.kind = EventKind(kind)
        required, optional = EVENT_FIELDS[self.kind]
        keep = {"occurred_on", "notes", "correction_reason", *required, *optional}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in required:
            self.fields[name].required = True
        self.fields["occurred_on"].help_text = f"{DATE_HINTS[self.kind]} For example, 27 3 2026"
        self._label_for_kind()
        if "order" in self.fields:
            self.orders = {str(order.pk): order for order in orders}
            self.fields["order"].choices = [(pk, order_label(order)) for pk, order in self.orders.items()]

    def _label_for_kind(self) -> None:
        kind = self.kind
        if kind == EventKind.NOTIFICATION_ENDED:
            self._word(
                "notes",
                label="Why the notification requirements ended",
                help_text="For example, the review that ended them and its decision.",
                required="Say why the notification requirements ended",
            )
        elif kind == EventKind.COMMUNITY_ORDER_MADE:
            self._word("community_order_ends_on", help_text="For example, 27 3 2027")
        elif kind == EventKind.CIVIL_ORDER_VARIED:
            self._word(
                "order_ends_on",
                label="New last day of the order",
                help_text="Leave blank if the end did not change. For example, 27 3 2031",
            )
            self._word("conditions", label="New conditions (optional)")
        elif kind == EventKind.RELEASED:
            self._word(
                "licence_ends_on",
                help_text="Leave blank if released without a licence. For example, 27 3 2027",
            )
        elif kind in (EventKind.TRANSFERRED_OUT, EventKind.RECEIVED):
            taking = "taking over" if kind == EventKind.TRANSFERRED_OUT else "handing over"
            self._word("other_force", label=f"Force {taking}", required=f"Enter the force {taking}")
            self._word("handover_notes", required="Record the handover: what, to whom and when")

    def _word(self, name: str, *, label: str = "", help_text: str = "", required: str = "") -> None:
        field = self.fields[name]
        field.label = label or field.label
        field.help_text = help_text or field.help_text
        if required:
            field.error_messages["required"] = required

    def clean_order(self) -> Order | None:
        chosen = self.cleaned_data.get("order")
        return self.orders.get(chosen) if chosen else None

    def clean_conditions(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.cleaned_data["conditions"].splitlines() if line.strip())

    def clean(self):
        cleaned = super().clean()
        if "disposal" not in self.fields or "disposal" in self.errors:
            return cleaned
        disposal = cleaned.get("disposal")
        # As with any conditional reveal, what was typed under another disposal does not count.
        for name in _REVEALED - set(DISPOSAL_REVEALS.get(disposal, ())):
            if name in self.fields:
                cleaned[name] = False if isinstance(self.fields[name], forms.BooleanField) else None
                self.errors.pop(name, None)
        if disposal == Disposal.CUSTODY:
            self._term_given(cleaned)
        elif disposal == Disposal.CONDITIONAL_DISCHARGE and not self._given(
            cleaned, "conditional_discharge_months"
        ):
            self.add_error(
                "conditional_discharge_months", "Enter the length of the conditional discharge in months"
            )
        return cleaned

    def _given(self, cleaned, name: str) -> bool:
        """Typed, or typed wrongly (its own error says so already)."""
        return cleaned.get(name) is not None or name in self.errors

    def _term_given(self, cleaned) -> None:
        if "sentence_months" in self.errors:
            return
        months, life = cleaned.get("sentence_months"), cleaned.get("is_life_sentence")
        if months is None and not life:
            self.add_error("sentence_months", "Enter the length of the term in months, or tick life")
        elif months is not None and life:
            self.add_error("sentence_months", "Give the length of the term or tick life, not both")

    def details(self) -> EventDetails:
        given = {name: self.cleaned_data[name] for name in _DETAILS if name in self.cleaned_data}
        return EventDetails(kind=self.kind, occurred_on=self.cleaned_data["occurred_on"], **given)

    def disposal_options(self) -> list[RevealingOption]:
        return revealing_options(self, "disposal", DISPOSAL_REVEALS)

    def fields_to_show(self) -> list[forms.BoundField]:
        """The fields shown one after another: those a disposal reveals sit under its radio,
        and the correction's reason is asked for once it is needed (the service says so)."""
        elsewhere = set(_REVEALED) if "disposal" in self.fields else set()
        if "correction_reason" not in self.errors and not self["correction_reason"].value():
            elsewhere.add("correction_reason")
        return [self[name] for name in self.fields if name not in elsewhere]


def order_label(order: Order) -> str:
    ends = f"to {_day(order.ends_on)}" if order.ends_on else "until further order"
    return f"{order.get_kind_display()} made {_day(order.starts_on)}, {ends}"


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --------------------------------------------------------------------------- probation, conditions


class ProbationAssessmentForm(GovukForm):
    risk_level = _radios(
        RiskLevel.choices,
        label="Risk level probation assessed",
        required_message="Select the risk level probation assessed",
    )
    assessed_on = _date(label="Date of the assessment", required_message="Enter the date of the assessment")
    source = forms.CharField(
        label="What the assessment is",
        help_text="For example, OASys RoSH",
        max_length=100,
        error_messages={"required": "Say what the assessment is, for example OASys RoSH"},
    )


CHECK_DEFAULT, CHECK_INTERVAL, CHECK_AT_VISITS = "default", "interval", "visits"


class OrderConditionForm(GovukForm):
    kind = _radios(
        ConditionKind.choices,
        label="Kind of condition",
        required_message="Select a prohibition or a positive requirement",
    )
    text = forms.CharField(
        label="The condition",
        help_text="As the order words it",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Write the condition as the order words it"},
    )
    is_digital = forms.BooleanField(label="It is about devices or internet use", required=False)
    check_how = _radios(
        [
            (CHECK_DEFAULT, "The force's default interval"),
            (CHECK_INTERVAL, "Every set number of weeks or months"),
            (CHECK_AT_VISITS, "At every visit"),
        ],
        label="How often is it checked?",
        required_message="Select how often it is checked",
    )
    check_every = _number(label="Checked every", help_text="For example, 12", what="The interval")
    check_every_unit = forms.ChoiceField(
        label="Weeks or months",
        choices=[(VisitRegimeUnit.WEEKS, "Weeks"), (VisitRegimeUnit.MONTHS, "Months")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select weeks or months"},
    )

    def __init__(self, *args, default_months: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check_how"].choices = [
            (CHECK_DEFAULT, f"The force's default: every {default_months} months"),
            *self.fields["check_how"].choices[1:],
        ]

    def clean(self):
        cleaned = super().clean()
        # Only the interval's radio reveals the number and unit: otherwise they do not count.
        if cleaned.get("check_how") != CHECK_INTERVAL:
            cleaned["check_every"], cleaned["check_every_unit"] = None, ""
            self.errors.pop("check_every", None)
            self.errors.pop("check_every_unit", None)
            return cleaned
        if cleaned.get("check_every") is None and "check_every" not in self.errors:
            self.add_error("check_every", "Enter how many weeks or months between checks")
        if not cleaned.get("check_every_unit") and "check_every_unit" not in self.errors:
            self.add_error("check_every_unit", "Select weeks or months")
        return cleaned

    def service_arguments(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "kind": cleaned["kind"],
            "text": cleaned["text"],
            "is_digital": cleaned["is_digital"],
            "check_every": cleaned["check_every"],
            "check_every_unit": cleaned["check_every_unit"],
            "checked_at_every_visit": cleaned["check_how"] == CHECK_AT_VISITS,
        }

    def check_options(self) -> list[RevealingOption]:
        return revealing_options(self, "check_how", {CHECK_INTERVAL: ("check_every", "check_every_unit")})


class ConditionCheckForm(GovukForm):
    checked_on = _date(label="Date of the check", required_message="Enter the date of the check")
    result = _radios(
        ConditionCheckResult.choices,
        label="Was the condition complied with?",
        required_message="Select whether the condition was complied with",
    )
    notes = _notes(
        label="Notes",
        help_text="What you checked and how. For a suspected breach, what was found: it is also recorded "
        "as an outcome.",
    )


class NotificationKindForm(GovukForm):
    """The first question: what the offender notified."""

    kind = _radios(
        NotificationKind.choices,
        label="What did the offender notify?",
        required_message="Select what the offender notified",
    )


# The fields each kind of notification asks for, beyond the date, place, officer and details.
NOTIFICATION_FIELDS = {
    NotificationKind.INITIAL: ("home_address", "no_fixed_abode"),
    NotificationKind.PERIODIC: ("home_address", "no_fixed_abode"),
    NotificationKind.RELEASE: ("event_on", "home_address", "no_fixed_abode"),
    NotificationKind.CHANGE: ("changes", "event_on", "home_address", "no_fixed_abode"),
    NotificationKind.TRAVEL: ("departs_on", "returns_on", "destination", "carrier"),
    NotificationKind.TRAVEL_RETURN: ("event_on",),
}
_EVENT_DAY_LABEL = {
    NotificationKind.RELEASE: "Day of release",
    NotificationKind.CHANGE: "Day of the change",
    NotificationKind.TRAVEL_RETURN: "Day the offender came back to the United Kingdom",
}


class NotificationForm(GovukForm):
    """A notification as taken at the police station: the fields its kind asks for
    [docs/rules.md § Notification requirements]."""

    notified_on = _date(
        label="Date of the notification", required_message="Enter the date of the notification"
    )
    place = forms.CharField(
        label="Police station",
        max_length=100,
        help_text="Where the offender made the notification in person",
        error_messages={"required": "Enter the police station where the notification was made"},
    )
    taken_by = forms.ModelChoiceField(
        label="Taken by",
        queryset=Staff.objects.none(),
        error_messages={"required": "Choose the officer who took the notification"},
    )
    changes = forms.MultipleChoiceField(
        label="What changed?",
        choices=ChangeKind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select what changed"},
    )
    event_on = _date(label="Day of the change", required_message="Enter the day")
    home_address = forms.CharField(
        label="Home address notified",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For a change, only if the home address changed. With no fixed abode, where the "
        "offender can regularly be found",
    )
    no_fixed_abode = forms.BooleanField(
        label="No sole or main residence (the periodic notification is then weekly)", required=False
    )
    departs_on = _date(label="Date of departure", required_message="Enter the date of departure")
    returns_on = _date(label="Planned date of return", required=False)
    destination = forms.CharField(
        label="Destination",
        max_length=100,
        help_text="The country, and the place if known",
        error_messages={"required": "Enter the destination"},
    )
    carrier = forms.CharField(
        label="Carrier", max_length=100, required=False, help_text="Airline, ferry or train, and its number"
    )
    details = _notes(label="Other details notified (optional)")

    def __init__(self, *args, kind: NotificationKind, offender: Offender, user: Staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        kept = {"notified_on", "place", "taken_by", "details", *NOTIFICATION_FIELDS[kind]}
        for name in [name for name in self.fields if name not in kept]:
            del self.fields[name]
        if "event_on" in self.fields:
            self.fields["event_on"].label = _EVENT_DAY_LABEL[kind]
        if "changes" in self.fields and regime_for(offender.offender_type) != Regime.TERRORIST_OFFENDER:
            # Contact details and vehicles are notified only by terrorist offenders (CTA 2008 s48).
            self.fields["changes"].choices = [
                (value, label) for value, label in ChangeKind.choices if value not in TERRORIST_ONLY_CHANGES
            ]
        # The officers of the offender's team, and whoever records it.
        self.fields["taken_by"].queryset = Staff.objects.filter(
            Q(team_id=offender.team_id, is_active=True) | Q(pk=user.pk), force_id=offender.force_id
        ).order_by("last_name", "first_name")
        self.fields["taken_by"].initial = user.pk

    def content(self) -> NotificationContent:
        """The notification as the form now says (after `is_valid`)."""
        data = self.cleaned_data
        return NotificationContent(kind=self.kind, **{name: data[name] for name in self.fields})


class FailureToNotifyForm(GovukForm):
    """What was done about a failure to notify [docs/rules.md § Failing to comply]."""

    response = _radios(
        FailureResponse.choices,
        label="What was done?",
        required_message="Select what was done about the failure to notify",
    )
    occurred_on = _date(label="Date", required_message="Enter the date")
    notes = _notes(label="Notes (optional)", help_text="For example the PNC circulation or custody reference")
