"""The demo's forces, teams and staff, and the staff's absences, abstractions, vetting,
training and well-being records (docs/rules.md § People and places).

Offender managers are sized from the caseloads they will hold (about 50 each, 10–15% of
them overloaded at 60–75), supervisors from the offender managers (6–8 each).
"""

import math
import random
from dataclasses import dataclass, field

from demo import text
from demo.copying import FALSE, NULL, TRUE, Table
from demo.dates import add_years, iso, stamp
from rules import national
from workforce.models import (
    Absence,
    AbsenceKind,
    Abstraction,
    Course,
    Force,
    ForcePolicy,
    Role,
    Staff,
    Team,
    TrainingRecord,
    VettingLevel,
    VettingRecord,
    WellbeingKind,
    WellbeingScreening,
)

# Usernames are predictable for the demo: om.0001 is the first force's first offender manager.
USERNAME_PREFIX = {
    Role.OFFENDER_MANAGER: "om",
    Role.SUPERVISOR: "supervisor",
    Role.SENIOR_LEADER: "leader",
    Role.ADMIN: "admin",
}
CASELOAD_TARGET = (47, 53)  # offenders per OM, drawn per team
OVERLOADED_SHARE = (0.10, 0.15)
OVERLOADED_CASELOAD = (60, 75)
MIN_OFFENDER_MANAGERS_PER_FORCE = 6
SUPERVISOR_SPAN = (6, 8)
OM_COURSES = {
    Course.PIP1: 0.96,
    Course.MOSOVO: 0.9,
    Course.OSP: 0.86,
    Course.MAPPA: 0.88,
    Course.VISOR: 0.93,
    Course.CSODS: 0.8,
    Course.DIGITAL: 0.35,
}


@dataclass
class TeamPlan:
    id: int
    force_index: int
    name: str
    area: str
    open_offenders: int = 0
    offender_managers: list[int] = field(default_factory=list)  # staff ids holding caseloads
    caseloads: list[int] = field(default_factory=list)  # quota per offender manager


@dataclass
class ForcePlan:
    index: int
    id: int
    name: str
    code: str
    size: int
    teams: list[TeamPlan] = field(default_factory=list)
    admin_id: int = 0
    leader_ids: list[int] = field(default_factory=list)


@dataclass
class Workforce:
    forces: list[ForcePlan]
    supervisor_of: dict[int, int] = field(default_factory=dict)  # OM id -> supervisor id
    slack: dict[int, float] = field(default_factory=dict)  # OM id -> how often their work is late
    review_lateness: dict[int, float] = field(default_factory=dict)  # supervisor id -> share reviewed late


def plan_forces(rng: random.Random, *, offenders: int, forces: int, first_force_id: int, first_team_id: int):
    """Forces of uneven size (weights 0.6–1.4) adding up to `offenders`, each with 2–6 teams."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(forces)]
    total = sum(weights)
    sizes = [int(offenders * w / total) for w in weights]
    for i in range(offenders - sum(sizes)):
        sizes[i % forces] += 1
    places = list(text.FORCE_PLACES)
    rng.shuffle(places)
    plans, codes, team_id = [], set(), first_team_id
    for index, size in enumerate(sizes):
        place = places[index % len(places)]
        round_number = index // len(places)
        name = f"{place} {text.FORCE_KINDS[index % 2]}" + (f" {round_number + 1}" if round_number else "")
        code = "".join(word[0] for word in place.split()).upper() + place.replace(" ", "")[1:3].upper()
        code = code[:3] + (str(round_number + 1) if round_number else "")
        while code in codes:
            code += "X"
        codes.add(code)
        plan = ForcePlan(index=index, id=first_force_id + index, name=name, code=code, size=size)
        team_count = max(2, min(6, round(size / 1500) + rng.choice((0, 0, 1))))
        team_places = rng.sample(text.TEAM_PLACES, team_count)
        for number, team_place in enumerate(team_places):
            area = text.AREAS[number % len(text.AREAS)]
            plan.teams.append(
                TeamPlan(id=team_id, force_index=index, name=f"{team_place} MOSOVO team", area=area)
            )
            team_id += 1
        plans.append(plan)
    return plans


def _caseload_quotas(rng: random.Random, open_offenders: int, managers: int, *, demo: bool) -> list[int]:
    """How many open cases each OM holds: most around the mean, 10–15% overloaded at 60–75."""
    overloaded = [
        rng.randint(*OVERLOADED_CASELOAD) for _ in range(round(managers * rng.uniform(*OVERLOADED_SHARE)))
    ]
    floor = 40
    if demo and not overloaded and managers > 1:
        overloaded, floor = [rng.randint(60, 64)], 35  # the demo OM is overloaded
    while overloaded and (open_offenders - sum(overloaded)) / (managers - len(overloaded)) < floor:
        overloaded.pop()
    rest, others = open_offenders - sum(overloaded), managers - len(overloaded)
    base, extra = divmod(rest, others)
    normal = [base + (1 if i < extra else 0) for i in range(others)]
    for _ in range(others):  # a little spread, so caseloads are not all equal
        a, b, move = rng.randrange(others), rng.randrange(others), rng.randint(0, 4)
        if normal[a] - move >= base - 6 and normal[b] + move <= base + 6:
            normal[a] -= move
            normal[b] += move
    if demo and overloaded:  # the demo OM (the team's first) is overloaded
        rest_of_team = overloaded[1:] + normal
        rng.shuffle(rest_of_team)
        return [overloaded[0], *rest_of_team]
    quotas = overloaded + normal
    rng.shuffle(quotas)
    return quotas


def _supervisor_groups(managers: list[int]) -> list[list[int]]:
    """Split OMs (ordered by team) into contiguous groups as close to 6–8 each as possible."""
    n = len(managers)
    low, high = SUPERVISOR_SPAN
    if n <= high:
        counts = 1
    else:  # a count that keeps every span within 6–8 if there is one, else the nearest to 7 each
        options = range(math.ceil(n / high), n // low + 1) or (math.ceil(n / high), max(1, n // low))
        counts = min(options, key=lambda count: abs(n / count - 7))
    size, extra = divmod(n, counts)
    groups, start = [], 0
    for i in range(counts):
        end = start + size + (1 if i < extra else 0)
        groups.append(managers[start:end])
        start = end
    return groups


class StaffWriter:
    """Builds the staff of every force and the rows of the workforce tables."""

    def __init__(self, rng: random.Random, *, today: int, password_hash: str, tables: dict[str, Table], ids):
        self.rng = rng
        self.today = today
        self.password_hash = password_hash
        self.t = tables
        self.ids = ids  # table key -> next id
        self.numbers = dict.fromkeys(USERNAME_PREFIX, 0)
        self.joined: dict[int, int] = {}
        self.role: dict[int, str] = {}
        self.present_today: set[int] = set()  # the demo logins: at work today, whatever was drawn

    def _id(self, key: str) -> int:
        value = self.ids[key]
        self.ids[key] = value + 1
        return value

    def person(
        self, force: ForcePlan, role: str, *, team_id=None, supervisor_id=None, active=True, vacancy=False
    ):
        rng, staff_id = self.rng, self._id("staff")
        if vacancy:
            username = f"vacancy.{staff_id:05d}"
            first, last = "Vacant", "post"
        else:
            self.numbers[role] += 1
            username = f"{USERNAME_PREFIX[role]}.{self.numbers[role]:04d}"
            first, last = rng.choice(text.FIRST_NAMES), rng.choice(text.SURNAMES)
        officer = role != Role.OFFENDER_MANAGER or rng.random() < 0.8
        joined = self.today - rng.randint(200, 4500)
        self.joined[staff_id], self.role[staff_id] = joined, role
        self.t["staff"].add(
            str(staff_id),
            self.password_hash,
            NULL,
            TRUE if role == Role.ADMIN else FALSE,
            username,
            first,
            last,
            f"{username}@demo.invalid",
            TRUE if role == Role.ADMIN else FALSE,
            TRUE if active else FALSE,
            stamp(joined),
            str(force.id),
            NULL if team_id is None else str(team_id),
            str(role),
            NULL if supervisor_id is None else str(supervisor_id),
            str(rng.randint(1000, 9999)) if officer and not vacancy else "",
            TRUE if officer else FALSE,
        )
        return staff_id

    def build(self, forces: list[ForcePlan]) -> Workforce:
        workforce = Workforce(forces=forces)
        for force in forces:
            self.t["force"].add(str(force.id), force.name, force.code)
            self.t["policy"].add(str(self._id("policy")), str(force.id), stamp(self.today))
            for team in force.teams:
                self.t["team"].add(str(team.id), str(force.id), team.name, team.area)
            head = self.person(force, Role.SENIOR_LEADER)  # the DCI
            inspector = self.person(force, Role.SENIOR_LEADER, supervisor_id=head)
            force.leader_ids = [inspector, head]
            force.admin_id = self.person(force, Role.ADMIN)
            self._build_managers(force, workforce, inspector)
        return workforce

    def _build_managers(self, force: ForcePlan, workforce: Workforce, inspector: int) -> None:
        rng = self.rng
        open_total = sum(team.open_offenders for team in force.teams)
        counts = [max(1, round(team.open_offenders / rng.uniform(*CASELOAD_TARGET))) for team in force.teams]
        while sum(counts) < min(MIN_OFFENDER_MANAGERS_PER_FORCE, max(1, open_total // 10)):
            counts[counts.index(min(counts))] += 1
        # The OMs take the next ids, in team order, and their supervisors the ids after them
        # (foreign keys are checked once the load is complete, so the order of rows is free).
        first_om = self.ids["staff"]
        om_team = {}
        for team, count in zip(force.teams, counts, strict=True):
            for _ in range(count):
                om_team[first_om + len(om_team)] = team
        om_ids = list(om_team)
        groups = _supervisor_groups(om_ids)
        supervisors = [first_om + len(om_ids) + number for number in range(len(groups))]
        for group, supervisor in zip(groups, supervisors, strict=True):
            workforce.review_lateness[supervisor] = rng.uniform(0.04, 0.25)
            for om in group:
                workforce.supervisor_of[om] = supervisor
        if force.index == 0:
            workforce.review_lateness[supervisors[0]] = 0.3  # the demo supervisor has a backlog
        for om, team in om_team.items():
            supervisor = workforce.supervisor_of[om]
            created = self.person(force, Role.OFFENDER_MANAGER, team_id=team.id, supervisor_id=supervisor)
            assert created == om
            team.offender_managers.append(om)
            workforce.slack[om] = rng.choice((0.3, 0.5, 0.7, 0.8, 1.0, 1.0, 1.2, 1.5, 2.0))
        for group, supervisor in zip(groups, supervisors, strict=True):
            teams_in_group = [om_team[om].id for om in group]
            main_team = max(set(teams_in_group), key=lambda t: (teams_in_group.count(t), -t))
            created = self.person(force, Role.SUPERVISOR, team_id=main_team, supervisor_id=inspector)
            assert created == supervisor
        for number, team in enumerate(force.teams):
            team.caseloads = _caseload_quotas(
                rng, team.open_offenders, len(team.offender_managers), demo=force.index == 0 and number == 0
            )
        if force.index == 0:
            workforce.slack[om_ids[0]] = 2.5  # the demo OM has overdue work to show
            self.present_today.update((om_ids[0], supervisors[0]))
        vacancies = round(len(om_ids) / 40) or (1 if force.index == 0 else 0)
        for _ in range(vacancies):
            team = rng.choice(force.teams)
            post = self.person(force, Role.OFFENDER_MANAGER, team_id=team.id, active=False, vacancy=True)
            self._absence(post, AbsenceKind.VACANCY, self.today - rng.randint(20, 250), None, force.admin_id)
        for staff_id in [*force.leader_ids, force.admin_id, *supervisors, *om_ids]:
            self._staff_records(staff_id, workforce, force)

    def _absence(self, staff_id: int, kind: str, starts: int, ends: int | None, recorded_by: int) -> None:
        note = self.rng.choice(text.ABSENCE_NOTES[kind])
        if staff_id in self.present_today and (ends is None or ends >= self.today):
            if starts >= self.today:
                return
            ends = self.today - 1
        self.t["absence"].add(
            str(self._id("absence")),
            str(staff_id),
            str(kind),
            iso(starts),
            NULL if ends is None else iso(ends),
            note,
            str(recorded_by),
            stamp(starts),
        )

    def _staff_records(self, staff_id: int, workforce: Workforce, force: ForcePlan) -> None:
        rng, today, role = self.rng, self.today, self.role[staff_id]
        manager = workforce.supervisor_of.get(staff_id, force.admin_id)
        recorder = force.admin_id if staff_id != force.admin_id else force.leader_ids[0]
        joined = self.joined[staff_id]
        # Absences: long-term ones make the adjusted ratio [docs/rules.md § Caseloads: the 50/20 rule].
        draw = rng.random()
        if draw < 0.05:
            starts = today - rng.randint(10, 400)
            ends = None if rng.random() < 0.5 else min(today, starts + rng.randint(28, 200))
            self._absence(staff_id, AbsenceKind.LONG_TERM_SICKNESS, starts, ends, recorder)
            if ends is None and staff_id in workforce.slack:
                workforce.slack[staff_id] *= 1.6
        elif draw < 0.075:
            starts = today - rng.randint(10, 300)
            ends = None if rng.random() < 0.6 else min(today, starts + rng.randint(60, 250))
            self._absence(staff_id, AbsenceKind.PARENTAL, starts, ends, recorder)
        for _ in range(rng.randint(2, 4)):
            starts = today - rng.randint(5, 360)
            self._absence(
                staff_id, AbsenceKind.ANNUAL_LEAVE, starts, min(today, starts + rng.randint(0, 9)), recorder
            )
        if rng.random() < 0.25:
            starts = today - rng.randint(3, 360)
            self._absence(
                staff_id, AbsenceKind.SHORT_SICKNESS, starts, min(today, starts + rng.randint(0, 4)), recorder
            )
        if rng.random() < 0.03:
            starts = today - rng.randint(3, 360)
            self._absence(
                staff_id, AbsenceKind.OTHER, starts, min(today, starts + rng.randint(0, 3)), recorder
            )
        # Abstractions: recorded and reviewed, must not be regular [docs/rules.md § People and places].
        if role == Role.OFFENDER_MANAGER:
            draw = rng.random()
            count = rng.randint(8, 12) if draw < 0.03 else rng.randint(1, 3) if draw < 0.33 else 0
            for _ in range(count):
                starts = today - rng.randint(1, 365)
                ends = min(today, starts + rng.randint(0, 4))
                approved = rng.random() < 0.85
                hours = f"{rng.choice((7.5, 8.0, 10.0, 10.5)) * (ends - starts + 1):.1f}"
                reason = rng.choice(text.ABSTRACTION_REASONS)
                reviewed_on = min(today, ends + 25 + rng.randint(0, 10)) if approved else None
                # The monthly review has not yet reached the last few weeks' abstractions.
                reviewed = reviewed_on is not None and reviewed_on < today
                self.t["abstraction"].add(
                    str(self._id("abstraction")),
                    str(staff_id),
                    iso(starts),
                    iso(ends),
                    hours,
                    reason,
                    str(manager) if approved else NULL,
                    iso(reviewed_on) if reviewed else NULL,
                    str(manager) if reviewed else NULL,
                    stamp(starts),
                )
        # Vetting: NPPV2 minimum, re-vetted every 3 years [docs/rules.md § People and places].
        level = rng.choices((VettingLevel.NPPV3, VettingLevel.NPPV2, VettingLevel.NPPV1), (70, 28, 2))[0]
        granted = today - (rng.randint(0, 1094) if rng.random() > 0.03 else rng.randint(1096, 1300))
        for back in range(2 if rng.random() < 0.6 else 1):
            starts = add_years(granted, -national.REVETTING_YEARS * back)
            ends = add_years(starts, national.REVETTING_YEARS)
            self.t["vetting"].add(str(self._id("vetting")), str(staff_id), str(level), iso(starts), iso(ends))
        # Training [docs/rules.md § People and places].
        for course, share in OM_COURSES.items():
            if role == Role.ADMIN or rng.random() > (share if role != Role.SENIOR_LEADER else share / 2):
                continue
            completed = min(today, joined + rng.randint(30, max(31, min(900, today - joined))))
            self.t["training"].add(str(self._id("training")), str(staff_id), str(course), iso(completed))
        # Psychological screening at least annually [docs/rules.md § People and places]; counselling
        # [docs/rules.md § People and places].
        last = today - (rng.randint(0, 364) if rng.random() < 0.82 else rng.randint(366, 600))
        for back in range(rng.randint(1, 4)):
            held = last - back * rng.randint(350, 380)
            if held < joined:
                break
            self._wellbeing(staff_id, WellbeingKind.PSYCHOLOGICAL_SCREENING, held)
        if rng.random() < 0.35:
            for held in sorted({today - rng.randint(1, 365) for _ in range(rng.randint(1, 4))}):
                self._wellbeing(staff_id, WellbeingKind.COUNSELLING, held)

    def _wellbeing(self, staff_id: int, kind: str, held: int) -> None:
        self.t["wellbeing"].add(str(self._id("wellbeing")), str(staff_id), str(kind), iso(held))


WORKFORCE_TABLES = {
    "force": (Force, ("id", "name", "code")),
    "policy": (ForcePolicy, ("id", "force_id", "updated_at")),
    "team": (Team, ("id", "force_id", "name", "area")),
    "staff": (
        Staff,
        (
            "id",
            "password",
            "last_login",
            "is_superuser",
            "username",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_active",
            "date_joined",
            "force_id",
            "team_id",
            "role",
            "supervisor_id",
            "collar_number",
            "is_police_officer",
        ),
    ),
    "absence": (
        Absence,
        ("id", "staff_id", "kind", "starts_on", "ends_on", "notes", "recorded_by_id", "created_at"),
    ),
    "abstraction": (
        Abstraction,
        (
            "id",
            "staff_id",
            "starts_on",
            "ends_on",
            "hours",
            "reason",
            "approved_by_id",
            "reviewed_on",
            "reviewed_by_id",
            "created_at",
        ),
    ),
    "vetting": (VettingRecord, ("id", "staff_id", "level", "granted_on", "expires_on")),
    "training": (TrainingRecord, ("id", "staff_id", "course", "completed_on")),
    "wellbeing": (WellbeingScreening, ("id", "staff_id", "kind", "held_on")),
}
