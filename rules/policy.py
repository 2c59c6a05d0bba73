"""Force-configurable numbers (docs/rules.md marks them **force setting**).

`Policy` is what the pure rules read; `workforce.models.ForcePolicy` stores one per force
with the same field names and hands the rules a `Policy` via `ForcePolicy.as_rules()`.
"""

from dataclasses import dataclass

from rules import national
from rules.choices import RiskLevel


@dataclass(frozen=True)
class Policy:
    # Visit every 1 / 3 / 6 / 12 months by risk level when the RMP sets no regime.
    visit_interval_months_very_high: int = 1
    visit_interval_months_high: int = 3
    visit_interval_months_medium: int = 6
    visit_interval_months_low: int = 12
    # ARMS reassessment and RMP review: 6 months for high/very high, 12 for medium/low.
    arms_interval_months_high: int = 6
    arms_interval_months_low: int = 12
    rmp_review_interval_months_high: int = 6
    rmp_review_interval_months_low: int = 12
    # Regular PND checks for offenders at all risk levels [docs/rules.md § What falls due].
    pnd_check_interval_months: int = 12
    # 50/20 rule and caseload targets [docs/rules.md § Caseloads: the 50/20 rule].
    caseload_target: int = 50
    caseload_maximum: int = 60
    high_risk_share_max_percent: int = national.HIGH_RISK_SHARE_MAX_PERCENT
    # ARMS/RMP completion where police lead [docs/rules.md § Caseloads: the 50/20 rule].
    completion_target_percent: int = 95
    # Supervisor span: 6–10 personnel suggested [docs/rules.md § People and places].
    supervisor_span_max: int = 10
    # A bespoke written review, not initials (issue 4): minimum length of review text.
    review_min_characters: int = 80
    # Supervisors are warned this many days before a review reaches the one-month mark.
    review_warning_days: int = 7
    # Sickness, parental leave, suspension, secondment or a vacancy that has lasted, or is
    # planned to last, at least this many days is long-term: it takes the OM out of the
    # adjusted ratio (annual leave never does).
    long_term_absence_days: int = 28
    # A newly managed police-led nominal's first ARMS, RMP and PND check fall due this many
    # days after police management starts (docs/rules.md § What falls due).
    first_assessment_days: int = 15
    # The 15-day ARMS and RMP after a licence ends also applies when a community order ends.
    post_licence_rule_on_community_order_end: bool = False
    # Each condition of an order in force is checked this often unless the condition sets
    # its own interval [docs/rules.md § What falls due].
    order_condition_check_months: int = 3
    # 50/20 counts community-based registered sex offenders (the guidance); a force may
    # count every managed type instead. Dashboards show both figures either way.
    fifty_twenty_counts_all_types: bool = False
    # A visit to verify each newly notified home address falls due this many days after the
    # notification [docs/rules.md § Address verification and travel follow-up].
    address_verification_days: int = 10
    # A traveller who has not notified their return by the planned return date plus this many
    # days is followed up [docs/rules.md § Address verification and travel follow-up].
    travel_return_grace_days: int = 3
    # A supervisor's authorisation of a single-crewed or announced visit covers at most this many
    # days (from its first to its last day), by the offender's risk level [docs/rules.md § Visits].
    visit_authorisation_max_days_very_high: int = 14
    visit_authorisation_max_days_high: int = 28
    visit_authorisation_max_days_medium: int = 60
    visit_authorisation_max_days_low: int = 90

    def visit_interval_months(self, risk_level: str) -> int:
        return {
            RiskLevel.VERY_HIGH: self.visit_interval_months_very_high,
            RiskLevel.HIGH: self.visit_interval_months_high,
            RiskLevel.MEDIUM: self.visit_interval_months_medium,
            RiskLevel.LOW: self.visit_interval_months_low,
        }[RiskLevel(risk_level)]

    def visit_authorisation_max_days(self, risk_level: str | None) -> int:
        """The longest a visit authorisation may run for an offender at `risk_level`; an
        offender not yet assessed is treated as very high risk until they are."""
        if not risk_level:
            return self.visit_authorisation_max_days_very_high
        return {
            RiskLevel.HIGH: self.visit_authorisation_max_days_high,
            RiskLevel.MEDIUM: self.visit_authorisation_max_days_medium,
            RiskLevel.LOW: self.visit_authorisation_max_days_low,
        }.get(RiskLevel(risk_level), self.visit_authorisation_max_days_very_high)

    def arms_interval_months(self, risk_level: str) -> int:
        if RiskLevel(risk_level) in (RiskLevel.HIGH, RiskLevel.VERY_HIGH):
            return self.arms_interval_months_high
        return self.arms_interval_months_low

    def rmp_review_interval_months(self, risk_level: str) -> int:
        if RiskLevel(risk_level) in (RiskLevel.HIGH, RiskLevel.VERY_HIGH):
            return self.rmp_review_interval_months_high
        return self.rmp_review_interval_months_low


DEFAULT_POLICY = Policy()
