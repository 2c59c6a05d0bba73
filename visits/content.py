"""What the author writes in a home visit, as one value [docs/rules.md § Visits].

A new field of a visit is added here, on the model, and on the visit form and the API's
visit input (each builds a `VisitContent`); the save service passes it through.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from visits.models import VisitAuthorisation
from workforce.models import Staff


@dataclass(frozen=True)
class VisitContent:
    """A visit's own fields (not its offender, author, status or version), with the device
    inspections recorded on it: `device_findings` maps each inspected registered device's id
    to its finding (devices not inspected may be left out or marked so), and
    `unregistered_devices` describes, one each, devices found that are not registered.
    `unauthorised_reason` says why an exception went ahead with no authorisation (only then).
    `planned_on` is set when the visit is first recorded; a change to a draft keeps it."""

    visited_on: datetime.date
    outcome: str
    visited_at: datetime.time | None = None
    planned_on: datetime.date | None = None
    crew_size: int = 2
    co_attending_officer: Staff | None = None
    announced: bool = False
    authorisation: VisitAuthorisation | None = None
    unauthorised_reason: str = ""
    observations: str = ""
    concerns: str = ""
    intelligence_submitted: bool = False
    intelligence_reference: str = ""
    next_visit_actions: str = ""
    device_findings: Mapping[int, str] = field(default_factory=dict)
    unregistered_devices: Sequence[str] = ()

    def __post_init__(self):
        # The same visit is the same value whether its lists came as lists, tuples or lines.
        object.__setattr__(self, "device_findings", dict(self.device_findings))
        object.__setattr__(self, "unregistered_devices", tuple(self.unregistered_devices))

    @property
    def is_exception(self) -> bool:
        """Single-crewed or announced: needs a supervisor's authorisation."""
        return self.crew_size < 2 or self.announced

    @property
    def is_unauthorised(self) -> bool:
        """An exception with no authorisation: recorded as it happened, with the reason why."""
        return self.is_exception and self.authorisation is None
