"""The kinds of outstanding work grouped as the caseload filters and the dashboards show them."""

from rules.due import NOTIFICATION_DUE_KINDS, DueKind

# The groups an OM filters their caseload by and the dashboards count by.
SUPERVISOR_REVIEW_KINDS = (
    DueKind.SUPERVISOR_REVIEW_ARMS,
    DueKind.SUPERVISOR_REVIEW_RMP,
    DueKind.SUPERVISOR_REVIEW_VISIT,
)
REACTIVE_KINDS = (DueKind.REACTIVE_CHECKS, DueKind.REACTIVE_RMP_REVIEW)
OVERDUE_FILTERS = {
    "visit": ("visits", (DueKind.VISIT,)),
    "arms": ("ARMS assessments", (DueKind.ARMS,)),
    "rmp_review": ("RMP reviews", (DueKind.RMP_REVIEW,)),
    "post_licence": ("15-day post-licence ARMS and RMP", (DueKind.POST_LICENCE_ARMS_RMP,)),
    "review": ("supervisor reviews", SUPERVISOR_REVIEW_KINDS),
    "reactive": ("reactive annual checks", REACTIVE_KINDS),
    "pnd": ("PND checks", (DueKind.PND_CHECK,)),
    "condition_check": ("order condition checks", (DueKind.CONDITION_CHECK,)),
    "notification": ("notifications by the offender", tuple(sorted(NOTIFICATION_DUE_KINDS))),
    "address_verification": ("address verification visits", (DueKind.ADDRESS_VERIFICATION,)),
}
