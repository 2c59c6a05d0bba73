"""Actions on an offender's case: the role's permission (`workforce.permissions`, the one
table) and, for an action taken on a case, that the case is one the person works."""

from django.core.exceptions import PermissionDenied

from offenders.models import Offender
from offenders.selectors import may_write, offenders_writable_by
from workforce.models import Staff
from workforce.permissions import PERMISSIONS, Action, Person, may, require

NOT_YOUR_CASE = (
    "You can read this offender's record but not change it: only their offender manager and the "
    "supervisor who oversees them record work."
)


def authorise(user: Person, action: Action, offender: Offender | None = None) -> None:
    """Refuse (PermissionDenied) `user` taking `action`, on `offender`'s case where the action is
    taken on a case. `user` None is the system itself (nightly transitions, data migrations):
    never a person, so never refused."""
    if PERMISSIONS[action].on_case and offender is None and user is not None:
        raise ValueError(f"{action} is taken on an offender's case: say which.")
    authorise_all(user, action, [offender] if offender is not None else [])


def authorise_all(user: Person, action: Action, offenders: list[Offender]) -> None:
    """`authorise` for many cases at once (one query): refused if any one is refused."""
    if user is None:
        return
    staff = require(user, action)
    if PERMISSIONS[action].on_case:
        ids = {offender.pk for offender in offenders}
        if offenders_writable_by(staff).filter(pk__in=ids).count() != len(ids):
            raise PermissionDenied(NOT_YOUR_CASE)


def allowed_on_case(user: Person, offender: Offender) -> frozenset[Action]:
    """Every action `user` may take on `offender`'s case (one query): for a page's buttons."""
    if not isinstance(user, Staff):
        return frozenset()
    allowed = frozenset(
        action for action, permission in PERMISSIONS.items() if permission.on_case and may(user, action)
    )
    return allowed if allowed and may_write(user, offender) else frozenset()


def may_act(user: Person, action: Action, offender: Offender | None = None) -> bool:
    """Whether `authorise` would let `user` take `action` (on `offender`'s case): for pages and
    the API to show or hide what a person cannot do."""
    if not may(user, action):
        return False
    return not PERMISSIONS[action].on_case or (offender is not None and may_write(user, offender))
