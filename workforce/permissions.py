"""What each role may do beyond its scope of records (issue 6, roles decided in one place).

Django permissions, granted by role rather than one by one: `user.has_perm(...)` answers from
here for every view, API view and template. Scope (which offenders) is decided by the scoping
functions of each model family (`offenders.selectors`, `workforce.selectors`).
"""

from workforce.models import Role

ROLE_PERMISSIONS = {
    Role.OFFENDER_MANAGER: frozenset(),
    Role.SUPERVISOR: frozenset({"offenders.view_access_log"}),
    Role.SENIOR_LEADER: frozenset(),
    Role.ADMIN: frozenset({"offenders.view_access_log"}),
}


class RolePermissionBackend:
    """Grants each active user the permissions of their role; authenticates nobody."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def get_all_permissions(self, user, obj=None) -> set[str]:
        if not user.is_active or getattr(user, "role", None) not in ROLE_PERMISSIONS:
            return set()
        return set(ROLE_PERMISSIONS[user.role])

    def has_perm(self, user, perm, obj=None) -> bool:
        return perm in self.get_all_permissions(user, obj)
