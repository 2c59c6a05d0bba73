"""Who may do what: one permission per action, decided here and nowhere else (issue 11).

`PERMISSIONS` is the table: for each action, the roles that may take it, what it may be taken
on (`Scope`), and what a refused person is told. The services enforce it, each calling
`require` (or `offenders.permissions.authorise` for an action on a case) before it writes
anything; views, the API and templates only ask (`may`, or `perms.workforce.<action>`
in a template), to show a button or refuse early. The permission-matrix tests are generated
from this table.

Which offenders and teams a person may *read* is scope, not permission: the scoping functions
of each model family decide it (`offenders.selectors`, `workforce.selectors`).
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TypeGuard

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from workforce.models import Role, Staff

# Whoever asks: a member of staff, someone not signed in, or nobody (the system itself).
Person = Staff | AnonymousUser | None

OM, SUPERVISOR, LEADER, ADMIN = Role.OFFENDER_MANAGER, Role.SUPERVISOR, Role.SENIOR_LEADER, Role.ADMIN


class Action(StrEnum):
    REGISTER = "register"
    RECORD = "record"
    SUBMIT = "submit"
    REVISE = "revise"
    REVIEW = "review"
    AUTHORISE_VISIT = "authorise_visit"
    AUTHORISE_LATER_REVIEW = "authorise_later_review"
    SET_MANAGEMENT_MODE = "set_management_mode"
    REASSIGN = "reassign"
    REBALANCE = "rebalance"
    IMPORT = "import"
    ERASE = "erase"
    RECORD_AVAILABILITY = "record_availability"
    REVIEW_ABSTRACTIONS = "review_abstractions"
    VIEW_DASHBOARDS = "view_dashboards"
    VIEW_ACCESS_LOG = "view_access_log"


class Scope(StrEnum):
    """What an action may be taken on, beyond the role allowing it."""

    # Whatever the role allows (the service checks any team or person it names).
    ANY = "any"
    # One offender's case, and only a case the person works: their own caseload, or for a
    # supervisor the caseloads they oversee (`offenders.selectors.offenders_writable_by`).
    CASE = "case"
    # A record whose review falls to the person: written by staff they oversee or cover for
    # (`risk.selectors.awaiting_review_scope`; the queue follows the author, not the case).
    REVIEW_QUEUE = "review_queue"


@dataclass(frozen=True)
class Permission:
    roles: frozenset[str]
    scope: Scope
    refusal: str

    @property
    def on_case(self) -> bool:
        return self.scope == Scope.CASE


def _allow(*roles: str, on_case: bool = False, scope: Scope = Scope.ANY, refusal: str) -> Permission:
    return Permission(frozenset(roles), Scope.CASE if on_case else scope, refusal)


PERMISSIONS: dict[Action, Permission] = {
    Action.REGISTER: _allow(SUPERVISOR, refusal="Only a supervisor can register an offender."),
    # Visits, ARMS assessments, RMPs, intelligence checks, outcomes, life events, order
    # conditions and their checks, probation assessments: the case's OM and their supervisor.
    Action.RECORD: _allow(
        OM, SUPERVISOR, on_case=True, refusal="Only offender managers and supervisors record case work."
    ),
    # Submitting is also the author's alone (offenders.case_records.record_submit).
    Action.SUBMIT: _allow(
        OM, SUPERVISOR, on_case=True, refusal="Only offender managers and supervisors submit case work."
    ),
    Action.REVISE: _allow(
        OM, SUPERVISOR, on_case=True, refusal="Only offender managers and supervisors revise case work."
    ),
    Action.REVIEW: _allow(
        SUPERVISOR, scope=Scope.REVIEW_QUEUE, refusal="Only a supervisor can review a record."
    ),
    Action.AUTHORISE_VISIT: _allow(
        SUPERVISOR, on_case=True, refusal="Only a supervisor can authorise a visit exception."
    ),
    Action.AUTHORISE_LATER_REVIEW: _allow(
        SUPERVISOR, on_case=True, refusal="Only a supervisor can authorise a later RMP review."
    ),
    Action.SET_MANAGEMENT_MODE: _allow(
        SUPERVISOR, on_case=True, refusal="Only a supervisor can change how an offender is managed."
    ),
    Action.REASSIGN: _allow(SUPERVISOR, on_case=True, refusal="Only a supervisor can reassign offenders."),
    Action.REBALANCE: _allow(SUPERVISOR, refusal="Only a supervisor can rebalance a team's caseloads."),
    Action.IMPORT: _allow(SUPERVISOR, refusal="Only a supervisor can import an extract into a team."),
    # Erasing a closed nominal's data under the retention rules: the force's data owners.
    Action.ERASE: _allow(
        LEADER, ADMIN, refusal="Only a senior leader or an administrator can erase a nominal's records."
    ),
    Action.RECORD_AVAILABILITY: _allow(
        SUPERVISOR, refusal="Only a supervisor can record absences and abstractions."
    ),
    Action.REVIEW_ABSTRACTIONS: _allow(
        SUPERVISOR, LEADER, refusal="Only a supervisor or a senior leader can review abstractions."
    ),
    Action.VIEW_DASHBOARDS: _allow(
        SUPERVISOR, LEADER, refusal="Dashboards are for supervisors and senior leaders."
    ),
    Action.VIEW_ACCESS_LOG: _allow(SUPERVISOR, ADMIN, refusal="You cannot see who has seen this record."),
}


def _signed_in(user: Person) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may(user: Person, action: Action) -> TypeGuard[Staff]:
    """Whether `user`'s role allows `action` at all (for a case, see `offenders.permissions`)."""
    return _signed_in(user) and getattr(user, "role", None) in PERMISSIONS[action].roles


def require(user: Person, action: Action) -> Staff:
    """Refuse (PermissionDenied, 403) a person whose role does not allow `action`; else the
    member of staff they are."""
    if not may(user, action):
        raise PermissionDenied(PERMISSIONS[action].refusal)
    return user


def perm_name(action: Action) -> str:
    """The Django permission name of `action` (`user.has_perm`, `perms.workforce.<action>`)."""
    return f"workforce.{action.value}"


class RolePermissionBackend:
    """Grants each active user the permission of every action their role allows (the table
    above); authenticates nobody."""

    def authenticate(self, request: HttpRequest | None, **credentials: object) -> None:
        return None

    def get_user(self, user_id: int) -> None:
        return None

    def get_all_permissions(self, user: Person, obj: object = None) -> set[str]:
        return {perm_name(action) for action in PERMISSIONS if may(user, action)}

    def has_perm(self, user: Person, perm: str, obj: object = None) -> bool:
        return perm in self.get_all_permissions(user, obj)
