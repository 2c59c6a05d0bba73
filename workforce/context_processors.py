"""Template context shared by every page: the primary navigation for the signed-in user."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from workforce.models import Role


@dataclass(frozen=True)
class NavLink:
    """One entry in the primary navigation, before it is resolved for a request."""

    text: str
    url_name: str  # reversed when the URL exists...
    path: str  # ...otherwise this agreed path is used, so a page can land before its URL name
    shown_to: Callable  # (user) -> bool


@dataclass(frozen=True)
class NavItem:
    text: str
    href: str
    active: bool


def _has_role(*roles: str) -> Callable:
    return lambda user: user.role in roles


PRIMARY_NAVIGATION = [
    NavLink("My caseload", "caseload", "/caseload/", _has_role(Role.OFFENDER_MANAGER, Role.SUPERVISOR)),
    NavLink("Review queue", "review-queue", "/reviews/", _has_role(Role.SUPERVISOR)),
    NavLink("Team", "team-list", "/teams/", _has_role(Role.SUPERVISOR, Role.SENIOR_LEADER)),
    NavLink("Dashboards", "dashboard", "/dashboards/", _has_role(Role.SUPERVISOR, Role.SENIOR_LEADER)),
    NavLink("Admin", "admin:index", "/admin/", lambda user: user.is_staff),
]


def _href(link: NavLink) -> str:
    try:
        return reverse(link.url_name)
    except NoReverseMatch:
        return link.path


def nav_items_for(user, current_path: str) -> list[NavItem]:
    """The primary navigation a user sees; the item whose section holds current_path is active."""
    if not user.is_authenticated:
        return []
    items = []
    for link in PRIMARY_NAVIGATION:
        if not link.shown_to(user):
            continue
        href = _href(link)
        items.append(NavItem(text=link.text, href=href, active=current_path.startswith(href)))
    return items


def navigation(request) -> dict:
    """No navigation until sign-in is complete: between password and code the user sees only
    the sign-in steps and Sign out."""
    user = getattr(request, "user", None)  # absent when a middleware failed before auth ran
    signed_in = user is not None and getattr(user, "is_verified", lambda: False)()
    return {"nav_items": nav_items_for(user, request.path) if signed_in else []}
