"""Years of risk work for each demo offender: ARMS assessments, risk management plans,
home visits (with authorisations and device inspections) and the supervisors' reviews
of all three (docs/rules.md § What falls due).

Work follows the force's intervals with jitter; some offender managers run late and some
offenders are left overdue, so the dashboards have something to show. Every record goes
through the workflow (draft → submitted → signed off, or returned and revised as a new
version), and is reviewed by the author's supervisor, never by the author.
"""

from demo import text
from demo.copying import FALSE, NULL, TRUE
from demo.dates import add_months, iso, stamp
from rules.choices import LeadAgency, OffenderStatus, RiskLevel, WorkflowStatus


def case_record_columns(record_id, case_id, author, status, submitted, version, previous, made_on, reviewed):
    """The columns every ARMS, RMP and visit row starts with (offenders.models.CaseRecord)."""
    return (
        str(record_id),
        str(case_id),
        str(author),
        status,
        NULL if submitted is None else iso(submitted),
        str(version),
        NULL if previous is None else str(previous),
        stamp(made_on),
        stamp(reviewed or submitted or made_on),
    )


DRAFT, SUBMITTED, SIGNED_OFF, RETURNED = (str(s) for s in WorkflowStatus)
LEVELS = tuple(str(level) for level in RiskLevel)
HIGH_LEVELS = {str(RiskLevel.HIGH), str(RiskLevel.VERY_HIGH)}
NEIGHBOUR = {
    "low": ("medium",),
    "medium": ("low", "high"),
    "high": ("medium", "very_high"),
    "very_high": ("high",),
}
# Bespoke RMP visit regimes by level, (interval, unit) [docs/rules.md § Risk assessments and plans].
REGIMES = {
    "very_high": ((2, "weeks"), (3, "weeks"), (4, "weeks"), (1, "months")),
    "high": ((6, "weeks"), (2, "months"), (8, "weeks")),
    "medium": ((3, "months"), (4, "months"), (5, "months")),
    "low": ((6, "months"), (9, "months")),
}
VISIT_TIMES = tuple(f"{hour:02d}:{minute:02d}:00" for hour in range(8, 21) for minute in (0, 10, 25, 40, 50))
OUTCOMES = ("seen",) * 85 + ("no_reply",) * 9 + ("not_at_address",) * 3 + ("refused_entry",) + ("other",) * 2


class HistoryWriter:
    """Plans each offender's ARMS, RMPs and visits, then writes them with their reviews."""

    def __init__(self, rng, today: int, tables, ids, workforce, review_texts):
        self.rng, self.rnd, self.today = rng, rng.random, today
        self.t, self.ids, self.workforce = tables, ids, workforce
        self.review_texts = review_texts

    def between(self, low: int, high: int) -> int:
        return low + int(self.rnd() * (high - low + 1)) if high > low else low

    def pick(self, options):
        """One of `options` at random: quicker than `random.choice`, which the millions of rows
        here would wait on."""
        return options[int(self.rnd() * len(options))]

    def _id(self, key: str) -> int:
        value = self.ids[key]
        self.ids[key] = value + 1
        return value

    # ------------------------------------------------------------------ planning

    def write(self, case, force, policy, author_at, team_managers) -> None:
        """Plan and write the offender's ARMS, RMPs and visits. Sets on the case what the offender
        record takes from the completed ARMS (`risk.services.arms_facts_push`): the level and
        date of the latest, and the first of the current run of low ones."""
        self.case, self.force, self.policy, self.author_at = case, force, policy, author_at
        self.last_review = {}
        self.team_managers = team_managers
        case.visits = []
        slack = self.workforce.slack.get(case.om, 1.0)
        police_led = case.lead == LeadAgency.POLICE and case.closed_on is None
        arms = self._plan_arms(case, policy, slack, police_led)
        completed = self._write_arms(case, arms)  # settles each ARMS's level before the plans follow it
        case.arms_assessed_on, case.arms_level = completed[-1] if completed else (None, None)
        case.low_risk_since = None
        for day, level in reversed(completed):
            if level != "low":
                break
            case.low_risk_since = day
        plans = self._plan_rmps(case, policy, arms, slack, police_led)
        self._write_rmps(case, plans)
        if case.visits_end is not None:
            self._write_visits(case, self._plan_visits(case, policy, arms, plans, slack))

    def _plan_arms(self, case, policy, slack, police_led) -> list[list]:
        rnd, between, today = self.rnd, self.between, self.today
        managed, end = case.managed_since, min(case.work_end, today - 1)
        if case.status == OffenderStatus.CUSTODY and case.visits_end is None:  # sentenced on arrival
            day = managed + between(30, 300)
            return [[day, str(case.target_level)]] if rnd() < 0.5 and day <= end else []
        target = str(case.target_level)
        early = self.rng.choice(NEIGHBOUR[target]) if rnd() < 0.2 and not case.reactive_since else target
        switch = managed + int((end - managed) * (0.3 + 0.6 * rnd()))
        lead_since = (
            case.police_lead_since if case.police_lead_since and case.police_lead_since > managed else None
        )
        late = 0.08 * slack
        arms, day = [], managed + between(3, 40)
        while day <= end:
            level = early if day < switch else target
            arms.append([day, level])
            due = add_months(day, policy["arms"][level])
            following = due + between(1, 60) if rnd() < late else due - between(0, 30)
            if lead_since and day < lead_since <= following:
                following = lead_since + between(2, 14)  # new ARMS within 15 days of police lead
            day = max(following, day + 14)
        if lead_since and lead_since > today - 45 and rnd() < 0.5:
            arms = [a for a in arms if a[0] < lead_since]  # the 15-day deadline is still open
        if police_led and len(arms) > 1 and rnd() < 0.07 * slack:
            last_level = arms[-1][1]
            cutoff = today - policy["arms"][last_level] * 30 - between(5, 200)
            arms = [a for a in arms if a[0] <= cutoff] or arms[:1]
        return arms

    def _plan_rmps(self, case, policy, arms, slack, police_led) -> list[tuple]:
        rnd, between = self.rnd, self.between
        end = min(case.work_end, self.today)
        bespoke = rnd() < (0.4 if case.target_level in HIGH_LEVELS else 0.2)
        plans = []
        for day, level in arms:
            written = day + between(0, 10)
            if written > end:
                break
            regime = self.rng.choice(REGIMES[level]) if bespoke else None
            if case.reactive_since and written >= case.reactive_since:
                review = add_months(written, 12)
            else:  # some plans set their own, earlier review date
                review = add_months(written, policy["rmp"][level] - (1 if rnd() < 0.1 else 0))
            plans.append((written, level, regime, review))
        if police_led and len(plans) > 1 and rnd() < 0.04 * slack:
            plans.pop()  # the plan's review is overdue though the ARMS was done
        return plans

    def _plan_visits(self, case, policy, arms, plans, slack) -> list[tuple]:
        """Visits at the regime of the RMP in force, else the default for the ARMS level in
        force (the most frequent before the first ARMS); failed visits are followed up."""
        rnd, between, today = self.rnd, self.between, self.today
        end = min(case.visits_end, case.reactive_since or today, today)
        visit_months = policy["visit"]
        late = 0.1 * slack
        day = case.managed_since + between(3, 30)
        arms_at = plans_at = 0
        level, regime, planned = None, None, None
        visits = []
        while day <= end:
            while arms_at < len(arms) and arms[arms_at][0] <= day:
                level = arms[arms_at][1]
                arms_at += 1
            while plans_at < len(plans) and plans[plans_at][0] <= day:
                regime = plans[plans_at][2]
                plans_at += 1
            outcome = OUTCOMES[int(rnd() * 100)]
            visits.append((day, outcome, level or "very_high", planned))
            if outcome != "seen":
                day += between(4, 21)
                planned = None
                continue
            if regime is not None:
                every, unit = regime
                due = day + 7 * every if unit == "weeks" else add_months(day, every)
            else:
                due = add_months(day, visit_months[level or "very_high"])
            planned = due if rnd() < 0.6 else None
            # Mostly a little early; sometimes late.
            day = due + between(1, 45) if rnd() < late else max(day + 7, due - between(0, (due - day) // 6))
        if case.status in (OffenderStatus.WANTED, OffenderStatus.MISSING) and end < today:
            visits.append((end, "not_at_address", level or "very_high", None))
        elif (
            case.status == OffenderStatus.COMMUNITY
            and not case.reactive_since
            and visits
            and rnd() < 0.1 * slack
        ):
            interval = (due - visits[-1][0]) if visits[-1][1] == "seen" else 30
            cutoff = today - interval - between(5, 150)
            visits = [v for v in visits if v[0] <= cutoff] or visits[:1]
        return visits

    def _plan_workflow(self, day: int, lateness: float, *, sign: bool = False) -> list[tuple]:
        """The record's versions as (status, submitted_on, reviewed_on, review kind)."""
        rnd, between, today = self.rnd, self.between, self.today
        if not sign and today - day <= 14 and rnd() < 0.3:
            return [(DRAFT, None, None, None)]
        submitted = min(today, day + (0 if rnd() < 0.6 else between(1, 10)))
        versions = []
        if not sign and rnd() < 0.02 and today - submitted > 20:
            returned = submitted + between(2, 15)
            versions.append((RETURNED, submitted, returned, "returned"))
            submitted = returned + between(1, 10)
            if submitted > today:
                versions.append((DRAFT, None, None, None))
                return versions
        late = rnd() < lateness
        reviewed = submitted + (between(32, 150) if late else between(1, 28))
        if sign:
            versions.append((SIGNED_OFF, submitted, min(today, reviewed), "late" if late else "signed_off"))
        elif reviewed > today or rnd() < (0.012 if today - submitted <= 365 else 0.0005):
            versions.append((SUBMITTED, submitted, None, None))
        else:
            versions.append((SIGNED_OFF, submitted, reviewed, "late" if late else "signed_off"))
        return versions

    # ------------------------------------------------------------------ writing

    def _review(
        self, column: int, record_id: int, reviewer: int, kind: str, review: str, level: str, on: int
    ):
        texts = self.review_texts[(kind, review, "" if review == "returned" else level)]
        wording = texts[int(self.rnd() * len(texts))]
        if wording == self.last_review.get(kind):  # never the last review word for word
            wording = texts[(texts.index(wording) + 1) % len(texts)]
        self.last_review[kind] = wording
        ids = [NULL, NULL, NULL]
        ids[column] = str(record_id)
        self.t["review"].add(
            str(self._id("review")),
            *ids,
            str(reviewer),
            wording,
            SIGNED_OFF if review != "returned" else RETURNED,
            iso(on),
            stamp(on),
        )

    def _write_arms(self, case, arms) -> list[tuple[int, str]]:
        """Write the ARMS; return the completed ones (submitted or signed off) as (day, level)."""
        pick, add = self.pick, self.t["arms"].add
        sexual = case.offender_type in ("rso", "pdp")
        signed_level = None
        completed = []
        for number, (day, level) in enumerate(arms):
            author = self.author_at(day)
            reviewer = self.workforce.supervisor_of[author]
            versions = self._plan_workflow(day, self.workforce.review_lateness[reviewer], sign=number == 0)
            if versions[-1][0] == SIGNED_OFF:
                signed_level = level
            elif signed_level is not None:
                level = signed_level  # unsigned work keeps the signed-off level: one current risk level
            arms[number][1] = level
            if versions[-1][0] in (SUBMITTED, SIGNED_OFF):
                completed.append((day, level))
            osp_c = pick(LEVELS) if sexual else ""
            osp_i = pick(LEVELS) if sexual and self.rnd() < 0.6 else ""
            factors = pick(text.ARMS_RISK_FACTORS)
            protective = pick(text.ARMS_PROTECTIVE_FACTORS)
            notes = pick(text.ARMS_NOTES)
            previous = None
            for version, (status, submitted, reviewed, review) in enumerate(versions, start=1):
                record_id = self._id("arms")
                add(
                    *case_record_columns(
                        record_id, case.id, author, status, submitted, version, previous, day, reviewed
                    ),
                    iso(day),
                    level,
                    osp_c,
                    osp_i,
                    factors,
                    protective,
                    notes,
                )
                if review:
                    self._review(0, record_id, reviewer, "arms", review, level, reviewed)
                previous = record_id
        return completed

    def _write_rmps(self, case, plans) -> None:
        pick, add = self.pick, self.t["rmp"].add
        for written, level, regime, review_on in plans:
            author = self.author_at(written)
            reviewer = self.workforce.supervisor_of[author]
            versions = self._plan_workflow(written, self.workforce.review_lateness[reviewer])
            content = (
                pick(text.RMP_SUPERVISION),
                pick(text.RMP_MONITORING),
                pick(text.RMP_INTERVENTIONS),
                pick(text.RMP_VICTIM_SAFETY),
                pick(text.RMP_CONTINGENCY),
            )
            every, unit = (str(regime[0]), regime[1]) if regime else (NULL, "")
            previous = None
            for version, (status, submitted, reviewed, review) in enumerate(versions, start=1):
                record_id = self._id("rmp")
                add(
                    *case_record_columns(
                        record_id, case.id, author, status, submitted, version, previous, written, reviewed
                    ),
                    iso(written),
                    *content,
                    every,
                    unit,
                    iso(review_on),
                )
                if review:
                    self._review(1, record_id, reviewer, "rmp", review, level, reviewed)
                previous = record_id

    def _write_visits(self, case, visits) -> None:
        rnd, between, pick, today = self.rnd, self.between, self.pick, self.today
        add, supervisor_of = self.t["visit"].add, self.workforce.supervisor_of
        lateness = self.workforce.review_lateness
        observations = text.VISIT_OBSERVATIONS
        for day, outcome, level, planned in visits:
            author = self.author_at(day)
            supervisor = supervisor_of[author]
            crew, co_attendee, announced, authorisation = 2, None, False, NULL
            if rnd() < 0.07:  # an exception: single-crewed, announced or both
                draw = rnd()
                kind = "single" if draw < 0.55 else "announced" if draw < 0.85 else "both"
                if kind != "announced":
                    crew = 1
                announced = kind != "single"
                if rnd() < 0.75:  # authorised before the visit; the rest are non-compliant
                    authorisation = str(self._id("authorisation"))
                    valid_from = day - between(1, 10)
                    authorised = valid_from - between(0, 2)
                    self.t["authorisation"].add(
                        authorisation,
                        str(case.id),
                        str(supervisor),
                        iso(authorised),
                        iso(valid_from),
                        iso(max(day, min(today, day + between(0, 30)))),
                        TRUE if crew == 1 else FALSE,
                        TRUE if announced else FALSE,
                        pick(text.AUTHORISATION_RATIONALES[kind]),
                        stamp(authorised),
                    )
            unauthorised_reason = (
                pick(text.UNAUTHORISED_REASONS) if (crew == 1 or announced) and authorisation == NULL else ""
            )
            if crew == 2:
                crew = 3 if rnd() < 0.08 else 2
                co_attendee = pick(self.team_managers)
                if co_attendee == author:
                    co_attendee = supervisor
            pool = observations[outcome]
            seen = outcome == "seen"
            concerns = pick(text.VISIT_CONCERNS) if seen and rnd() < 0.08 else ""
            intelligence = seen and (concerns != "" or rnd() < 0.04)
            actions = pick(text.NEXT_VISIT_ACTIONS)
            versions = self._plan_workflow(day, lateness[supervisor])
            previous = None
            for version, (status, submitted, reviewed, review) in enumerate(versions, start=1):
                record_id = self._id("visit")
                add(
                    *case_record_columns(
                        record_id, case.id, author, status, submitted, version, previous, day, reviewed
                    ),
                    NULL if planned is None else iso(planned),
                    iso(day),
                    VISIT_TIMES[int(rnd() * len(VISIT_TIMES))] if rnd() < 0.9 else NULL,
                    str(crew),
                    NULL if co_attendee is None else str(co_attendee),
                    TRUE if announced else FALSE,
                    authorisation,
                    unauthorised_reason,
                    outcome,
                    pool[int(rnd() * len(pool))],
                    concerns,
                    TRUE if intelligence else FALSE,
                    f"{self.force.code}/{iso(day)[:4]}/{record_id:07d}" if intelligence else "",
                    actions,
                )
                if review:
                    self._review(2, record_id, supervisor, "visit", review, level, reviewed)
                previous = record_id
            # (day, whether it saw the offender and counts as done: it verifies a new address)
            case.visits.append((day, seen and versions[-1][0] in (SUBMITTED, SIGNED_OFF)))
            if seen and case.devices:
                self._inspections(previous, day)

    def _inspections(self, visit_id: int, day: int) -> None:
        rnd, add = self.rnd, self.t["inspection"].add
        present = [d for d in self.case.devices if d[1] <= day and (d[2] is None or d[2] >= day)]
        if present and rnd() < 0.6:
            for device_id, _, _ in self.rng.sample(present, 1 if rnd() < 0.75 else min(2, len(present))):
                draw = rnd()
                finding = "no_concerns" if draw < 0.92 else "concerns" if draw < 0.97 else "not_inspected"
                notes = (
                    "Browsing history checked; nothing of concern."
                    if finding == "no_concerns"
                    else (
                        "Deleted history found for the last week; discussed and recorded."
                        if finding == "concerns"
                        else "Device was not at the address; to be inspected next visit."
                    )
                )
                add(str(self._id("inspection")), str(visit_id), str(device_id), "", finding, notes)
        if rnd() < 0.01:
            add(
                str(self._id("inspection")),
                str(visit_id),
                NULL,
                self.rng.choice(text.UNREGISTERED_DEVICES),
                "concerns",
                "Unregistered device: seized for examination and intelligence submitted.",
            )


_RECORD = (
    "id",
    "offender_id",
    "author_id",
    "status",
    "submitted_on",
    "version",
    "supersedes_id",
    "created_at",
    "updated_at",
)
HISTORY_TABLES = {
    "authorisation": (
        "visits.VisitAuthorisation",
        (
            "id",
            "offender_id",
            "authorised_by_id",
            "authorised_on",
            "valid_from",
            "valid_to",
            "single_crewed",
            "announced",
            "rationale",
            "created_at",
        ),
    ),
    "visit": (
        "visits.Visit",
        (
            *_RECORD,
            "planned_on",
            "visited_on",
            "visited_at",
            "crew_size",
            "co_attending_officer_id",
            "announced",
            "authorisation_id",
            "unauthorised_reason",
            "outcome",
            "observations",
            "concerns",
            "intelligence_submitted",
            "intelligence_reference",
            "next_visit_actions",
        ),
    ),
    "inspection": (
        "visits.DeviceInspection",
        ("id", "visit_id", "device_id", "unregistered_description", "finding", "notes"),
    ),
    "arms": (
        "risk.ArmsAssessment",
        (
            *_RECORD,
            "assessed_on",
            "risk_level",
            "osp_c",
            "osp_i",
            "risk_factors",
            "protective_factors",
            "notes",
        ),
    ),
    "rmp": (
        "risk.RiskManagementPlan",
        (
            *_RECORD,
            "written_on",
            "supervision",
            "monitoring_and_control",
            "interventions_and_treatment",
            "victim_safety_planning",
            "contingency",
            "visit_every",
            "visit_every_unit",
            "next_review_on",
        ),
    ),
    "review": (
        "risk.SupervisorReview",
        (
            "id",
            "arms_assessment_id",
            "risk_management_plan_id",
            "visit_id",
            "reviewer_id",
            "text",
            "decision",
            "reviewed_on",
            "created_at",
        ),
    ),
}
