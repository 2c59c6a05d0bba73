"""National rules: fixed by statute or national guidance, the same in every force.

Force-configurable defaults live in `rules.policy`, not here. Each rule cites
docs/rules.md and its source document.
"""

# Supervisor review of every ARMS, RMP and visit within one calendar month
# [docs/rules.md § Supervisor review].
SUPERVISOR_REVIEW_MONTHS = 1

# Police complete a new ARMS and RMP within 15 days of becoming lead agency
# (end of licence) [docs/rules.md § Lead agency].
POST_LICENCE_DEADLINE_DAYS = 15

# Reactive management [docs/rules.md § Reactive management]: managed as low risk in the community for
# the last 3 years, annual intelligence checks (PND, ViSOR, PNC, local) and annual RMP review.
REACTIVE_LOW_RISK_YEARS = 3
REACTIVE_CHECK_INTERVAL_MONTHS = 12
REACTIVE_RMP_REVIEW_MONTHS = 12

# Notification periods, Sexual Offences Act 2003 s82 / Figure 1 of the HMICFRS report
# [docs/rules.md § Notification periods].
CUSTODY_INDEFINITE_FROM_MONTHS = 30  # 30 months or more (incl. life): indefinite
CUSTODY_SHORT_MAX_MONTHS = 6  # 6 months or less: 7 years
NOTIFICATION_YEARS_CUSTODY_MEDIUM = 10  # more than 6, less than 30 months
NOTIFICATION_YEARS_CUSTODY_SHORT = 7
NOTIFICATION_YEARS_HOSPITAL_NO_RESTRICTION = 7
NOTIFICATION_YEARS_CAUTION = 2
NOTIFICATION_YEARS_OTHER = 5
ADULT_AGE = 18  # under 18 on the relevant date: fixed periods halved (s82(2))

# Registered terrorist offenders, Counter-Terrorism Act 2008 s53(1)-(3): 30 years for life or a
# term of 10 years or more, 15 years for 5 years or more (18 or over at conviction); else 10.
TERRORISM_30_YEARS_FROM_MONTHS = 120
TERRORISM_15_YEARS_FROM_MONTHS = 60

# Indefinite notification: earliest review 15 years (8 if under 18) from the first
# notification after release from custody [docs/rules.md § Notification periods].
INDEFINITE_REVIEW_YEARS_ADULT = 15
INDEFINITE_REVIEW_YEARS_UNDER_18 = 8

# Vetting: NPPV2 minimum, re-vetted at least every 3 years [docs/rules.md § People and places].
MINIMUM_VETTING_LEVEL = "nppv2"
REVETTING_YEARS = 3

# Psychological health screening at least annually [docs/rules.md § People and places].
WELLBEING_SCREENING_MONTHS = 12

# The 50/20 rule's share: at most 20% of a caseload high or very high
# [docs/rules.md § Caseloads: the 50/20 rule].
HIGH_RISK_SHARE_MAX_PERCENT = 20
