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

# Notification requirements [docs/rules.md § Notification requirements].
# Initial notification, each change, a release and a return from abroad: within 3 days beginning
# with the day that starts the clock (SOA 2003 ss83(1), 84(1); CTA 2008 ss47(1), 48).
NOTIFICATION_DAYS = 3
# Periodic notification: within one year after the last notification (SOA 2003 s85(1), (5)(b);
# CTA 2008 s49), or within 7 days with no sole or main residence (SOA 2003 s85(5)(a)-(6) and the
# 2012 Regulations).
PERIODIC_NOTIFICATION_MONTHS = 12
PERIODIC_NOTIFICATION_DAYS_NO_FIXED_ABODE = 7
# An address stayed at for 7 days, or for periods adding up to 7 days in 12 months, is notified
# (SOA 2003 s84(1)(c), (6); CTA 2008 s48(3)).
QUALIFYING_STAY_DAYS = 7
# Living or staying for at least 12 hours in a household with a child under 18 is notified
# (2012 Regulations reg 10).
RELEVANT_HOUSEHOLD_HOURS = 12
# Foreign travel: at least 7 days' notice before departure; where the details were not known
# 7 days before, at least 12 hours (sex offenders) or 24 hours (terrorist offenders, not verified
# against the text) [docs/rules.md § Foreign travel].
TRAVEL_NOTICE_DAYS = 7
TRAVEL_SHORT_NOTICE_HOURS_SEX_OFFENDER = 12
TRAVEL_SHORT_NOTICE_HOURS_TERRORIST_OFFENDER = 24
# Terrorist offenders notify only trips of 3 days or more (CTA 2008 (Foreign Travel Notification
# Requirements) Regulations 2009); sex offenders notify every trip.
TERRORIST_TRAVEL_MIN_DAYS = 3
