"""Names and prose for the demo data: every person, force and place is invented.

Names are built from made-up syllables ("Zebulon Quillfeather") so nobody can mistake a
demo record for a real person. Written text (reviews, observations, plans) is composed
from sentence fragments into pools once, then picked at random: varied prose without the
cost of composing it per row. No text contains a tab, newline or backslash, so it can go
into COPY's text format as it is.
"""

import itertools
import random


def _words(words: str) -> tuple[str, ...]:
    return tuple(words.split())


FIRST_NAME_STARTS = _words(
    "Zeb Quil Thad Orv Bram Caz Dov Fen Gul Hab Jor Kel Lom Mav Nim Pell Sib Tam Vex Yor Ebb Ixt "
    "Ozz Wend Prim Zan"
)
FIRST_NAME_ENDS = _words("ulon wick iver ander emon orin aby ette ith ora ius ophe azar indle elda umbra")
SURNAME_STARTS = _words(
    "Quill Thistle Bramble Marrow Pebble Wimble Crumb Nettle Puddle Fiddle Gobble Snod Dribble "
    "Mumble Pickle Wobble Tumble Grumble Higgle Sprocket Turnip Muddle"
)
SURNAME_ENDS = _words(
    "feather wick bottom thwaite sworth fern hop snout whistle pocket stitch barrow crumpet "
    "button fudge kettle"
)
FIRST_NAMES = tuple(a + b for a, b in itertools.product(FIRST_NAME_STARTS, FIRST_NAME_ENDS))
SURNAMES = tuple(a + b for a, b in itertools.product(SURNAME_STARTS, SURNAME_ENDS))

FORCE_PLACES = (
    "Wexmoor",
    "Glenharrow",
    "Brackenshire",
    "Fennick Vale",
    "Coldmere",
    "Thornwick",
    "Marrowdale",
    "Quillhaven",
    "Hollowmere",
    "Ravensgate",
    "Pellingford",
    "Dunmorrow",
    "Larkspur Downs",
    "Easterhold",
    "Wyvernshire",
    "Kestrel Isles",
    "Oakmantle",
    "Greyfold",
    "Emberfell",
    "Frostwick",
)
FORCE_KINDS = ("Constabulary", "Police")
TEAM_PLACES = _words(
    "Northmere Eastbrook Southvale Westerley Highcombe Lowfield Kingsmarsh Millharrow Stonegate "
    "Ashcombe Fernhollow Brightwater Duskmoor Orchardside Saltmarsh Underhill"
)
AREAS = ("North command", "South command", "East command", "West command", "City command", "Rural command")
COURTS = tuple(
    f"{place} {kind}" for place in FORCE_PLACES[:12] for kind in ("Crown Court", "Magistrates' Court")
)
DEVICE_MODELS = {
    "phone": (
        "Android smartphone (black)",
        "Android smartphone (blue case)",
        "Basic mobile phone (non-internet)",
        "iOS smartphone",
        "Second-hand Android smartphone",
    ),
    "computer": ("Windows laptop", "Desktop PC (tower)", "Chromebook", "macOS laptop"),
    "tablet": ("Android tablet", "iPad tablet", "E-reader with browser"),
    "console": ("Games console with online chat", "Handheld games console"),
    "storage": ("USB memory stick 64 GB", "External hard drive 1 TB", "Micro SD card 128 GB"),
    "other": ("Smart television", "Smart watch with messaging"),
}
UNREGISTERED_DEVICES = (
    "Android smartphone found in the kitchen drawer, not registered",
    "Second laptop in the bedroom, owner said it belonged to a friend",
    "USB memory stick found on the desk, not declared",
    "Tablet under the sofa cushions, not registered",
    "Games console with online chat enabled, not declared",
)


def _pool(rng: random.Random, parts: tuple[tuple[str, ...], ...], size: int) -> tuple[str, ...]:
    """`size` distinct-ish texts, each one fragment from every part, joined with spaces."""
    texts = {" ".join(filter(None, (rng.choice(options) for options in parts))) for _ in range(size * 2)}
    ordered = sorted(texts)  # sets iterate in a per-process order; sorting keeps the seed's data
    pool = tuple(rng.sample(ordered, min(size, len(ordered))))
    assert all("\t" not in t and "\n" not in t and "\\" not in t for t in pool)
    return pool


_OPENINGS = (
    "I have read this {thing} in full.",
    "Reviewed today against the case file and the last visit record.",
    "I have gone through this {thing} with the file and the intelligence log.",
    "Read and discussed with the OM during our one-to-one.",
    "Thorough {thing}, reviewed in full.",
    "I have reviewed the {thing} and the supporting notes.",
)
_LATE_OPENINGS = (
    "Apologies for the delay in reviewing this {thing}; the team has been carrying vacancies.",
    "This review is later than it should be because of abstractions to the custody suite.",
    "Reviewed late following my leave; I have checked nothing material has changed since submission.",
)
_ARMS_BODY = (
    (
        "The risk factors are evidenced from the last two visits and the intelligence picture, and the "
        "protective factors are realistic rather than aspirational."
    ),
    (
        "The scoring is consistent with the OSP and with what was found at the home address; I agree the "
        "outcome of {level} risk."
    ),
    (
        "The rationale for the {level} outcome is clear and properly linked to the offending history and "
        "current circumstances."
    ),
    (
        "The assessment reflects the change in relationship status and the new employment, both of which "
        "have been verified."
    ),
    (
        "Good use of the partner agency information from probation and children's services to inform the "
        "dynamic factors."
    ),
    "The acute factors have been considered carefully, including access to children through the new partner.",
)
_RMP_BODY = (
    (
        "The plan addresses each risk factor identified in the ARMS and the actions are specific, owned "
        "and time-bound."
    ),
    (
        "The visit regime is proportionate to the {level} risk and the contingency section says clearly "
        "what to do on a breach."
    ),
    "Victim safety planning has been updated following the information from the MAPPA meeting.",
    "Device checks and the monitoring software are properly built into the monitoring and control section.",
    "The interventions section records the referral to the local programme and the follow-up date.",
    (
        "Actions carried over from the last plan have been closed or re-set with a reason, which is what "
        "I want to see."
    ),
)
_VISIT_BODY = (
    "The visit was unannounced and double-crewed as policy requires, and the observations are detailed.",
    (
        "The home visit record shows a good look around the address, including the bedrooms and any "
        "devices present."
    ),
    "Devices were examined and the findings are recorded against the registered device list.",
    "The OM has submitted intelligence on the new associate seen at the address, which is good practice.",
    "The record explains why the offender was not seen and what was done to follow it up within the week.",
    "Useful detail on the living arrangements and on who else is now staying at the address.",
)
_CLOSINGS = (
    "Signed off.",
    "Agreed and signed off; please carry the actions into the next visit.",
    "Signed off with thanks for a clear and well-evidenced record.",
    "Approved. Please make sure the next visit date is diarised.",
    "Signed off; raise it with me if the position changes before the next review.",
    "Content to sign this off. Keep me updated on the outstanding referral.",
)
_RETURNED = (
    (
        "Returned: the {thing} does not explain how the conclusions were reached. Please add the evidence"
        " from the last visit and resubmit."
    ),
    "Returned for amendment. The actions need named owners and dates, and the contingency section is blank.",
    (
        "Please revisit this {thing}: the intelligence check results from last month are not reflected "
        "and they change the picture."
    ),
    (
        "Returned. The record refers to a previous address; please correct it and confirm the current "
        "living arrangements."
    ),
    (
        "Not signed off yet. The device section is incomplete and the new phone reported by the partner "
        "agency is not mentioned."
    ),
    (
        "Returned to the author: the risk to the new partner's children has not been addressed. Please "
        "speak to me before resubmitting."
    ),
)


def review_pools(rng: random.Random) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """Review texts keyed by (record kind, decision, risk level or "" ), all over 80 characters."""
    pools = {}
    things = {"arms": "ARMS assessment", "rmp": "risk management plan", "visit": "visit record"}
    bodies = {"arms": _ARMS_BODY, "rmp": _RMP_BODY, "visit": _VISIT_BODY}
    levels = {"low": "low", "medium": "medium", "high": "high", "very_high": "very high"}
    for kind, thing in things.items():
        for level_key, level in levels.items():
            openings = tuple(o.format(thing=thing) for o in _OPENINGS)
            late = tuple(o.format(thing=thing) for o in _LATE_OPENINGS)
            body = tuple(b.format(level=level) for b in bodies[kind])
            sometimes = ("",) * len(body) + body  # a second point in about half the reviews
            pools[(kind, "signed_off", level_key)] = _pool(rng, (openings, body, sometimes, _CLOSINGS), 60)
            pools[(kind, "late", level_key)] = _pool(rng, (late, body, _CLOSINGS), 30)
        pools[(kind, "returned", "")] = tuple(r.format(thing=thing) for r in _RETURNED)
    assert all(len(text) >= 80 for pool in pools.values() for text in pool)
    return pools


VISIT_OBSERVATIONS = {
    "seen": _pool(
        random.Random(1),
        (
            (
                "Seen at the home address and invited us in.",
                "Answered the door promptly and was cooperative throughout.",
                "Seen at home with his partner present for part of the visit.",
                "Seen alone at the address; presented as calm and engaged.",
                "Initially reluctant but allowed a full look around the property.",
            ),
            (
                "The address was clean and tidy and there were no signs of children staying.",
                "Registered devices were produced on request and examined.",
                "Discussed employment, which he says is going well, and his weekly routine.",
                "He spoke about low mood since his mother's illness and was given the GP's number.",
                "No new vehicles and no changes to the household were disclosed.",
                "A second toothbrush and women's clothing were seen; he says his sister stays at weekends.",
            ),
            (
                "Reminded of his notification requirements and of the SHPO conditions.",
                "Nothing of concern noted.",
                "Will check the sister's details with the local intelligence unit.",
                "Notification details confirmed as current.",
            ),
        ),
        120,
    ),
    "no_reply": (
        "No reply at the address despite knocking several times. Lights on upstairs. Calling card left.",
        "No reply. Neighbour says he works late shifts on weekdays. Will revisit at a different time.",
        "No answer at the door and the curtains were drawn. Card left asking him to contact the unit.",
    ),
    "refused_entry": (
        (
            "Spoke at the doorstep but he refused entry, saying it was inconvenient. Reminded of the "
            "powers of entry under the warrant provisions."
        ),
        (
            "Refused entry to the property and became argumentative. Left after reminding him of his "
            "obligations."
        ),
    ),
    "not_at_address": (
        "Not at the address. The landlord says he has not been seen for a week and his post is piling up.",
        "Not at address. Housemate says he is staying with a friend but would not say where.",
    ),
    "other": (
        "Visit cut short because of a medical emergency in the neighbouring flat; rebooked for next week.",
        "Visit moved to the approved premises at the manager's request; seen briefly there.",
    ),
}
VISIT_CONCERNS = (
    "Partner appears unaware of his offending history; consider disclosure under the scheme.",
    "Unregistered device seen; referred to the digital media investigator.",
    "Child's school bag in the hallway; he says it belongs to a visiting nephew. Needs checking.",
    "Signs of heavy drinking and an unexplained injury to his hand.",
    "Says he has been using a dating app; this is not a breach but is a change in risk.",
)
NEXT_VISIT_ACTIONS = (
    "Check the new phone against the registered device list.",
    "Confirm employment details with the employer.",
    "Follow up the referral to the local treatment programme.",
    "Ask about contact with the new partner's family.",
    "Re-check internet history on the laptop.",
    "Confirm the sister's details and whether she stays overnight.",
    "Review the polygraph date with probation.",
    "No specific actions; routine visit.",
)
ARMS_RISK_FACTORS = (
    "Sexual preoccupation evident in recent internet use; emotional congruence with children.",
    "Poor self-management, impulsivity and hostile attitudes towards women.",
    "Social isolation since the end of his relationship; heavy alcohol use at weekends.",
    "Offence-supportive attitudes expressed during the last visit.",
    "Access to children through his new partner; poor problem-solving under stress.",
    "Grievance thinking towards the police and probation; recent loss of accommodation.",
)
ARMS_PROTECTIVE_FACTORS = (
    "Stable accommodation and full-time employment.",
    "Supportive family who know about his offending.",
    "Engaged well with the treatment programme and attends the GP for his mental health.",
    "Long-term relationship with a partner who is aware of his history.",
    "Positive use of time through volunteering and a local football club.",
    "Compliant with notification requirements for several years.",
)
ARMS_NOTES = (
    "",
    "Scoring discussed with the supervisor before submission.",
    "Information from probation and the local authority considered.",
    "Reassessed after the change of address.",
    "OSP reviewed; no change since the last assessment.",
)
RMP_SUPERVISION = (
    "Home visits at the frequency set below, unannounced and double-crewed.",
    "Visits in line with the regime below; at least one each quarter at a weekend or in the evening.",
    "Joint visits with probation while the licence runs, police visits thereafter.",
)
RMP_MONITORING = (
    "Registered devices examined at every visit; monitoring software alerts reviewed weekly.",
    "PND and local checks at least annually; flags on ViSOR for new intelligence.",
    "Check compliance with the SHPO conditions, in particular internet history and contact with children.",
    "Verify employment and vehicle details; confirm notification details at each visit.",
)
RMP_INTERVENTIONS = (
    "Not applicable: the accredited programme was completed in custody and nothing further is offered.",
    "Referral to the community programme; attendance to be confirmed with the provider.",
    "Signposted to alcohol services; GP engagement for low mood.",
    "Continue with the healthy relationships course.",
)
RMP_VICTIM_SAFETY = (
    "Not applicable: the offences were against adults online whom he never met; no victim is known.",
    "Victim's address flagged; no contact permitted.",
    "Partner to be offered disclosure under the scheme and a safety plan with children's services.",
    "Exclusion zone around the victim's home town monitored through intelligence.",
)
RMP_CONTINGENCY = (
    "Any breach or unregistered device: arrest and seizure, inform the supervisor the same day.",
    "If not seen for two consecutive visits, circulate as missing and consider a warrant.",
    "New intelligence of contact with children: immediate joint visit and strategy discussion.",
)
UNAUTHORISED_REASONS = (
    (
        "The co-attending officer was called to an emergency on the way; the offender was seen at the "
        "doorstep only and the visit was kept short. Supervisor to be told on return."
    ),
    (
        "Offender telephoned asking to be seen before starting a new job the next day; I announced the "
        "visit to be sure of seeing him and did not wait for an authorisation."
    ),
    (
        "No second officer was free before the visit fell overdue and the supervisor could not be "
        "reached; the offender is compliant and has no history of violence towards officers."
    ),
)
AUTHORISATION_RATIONALES = {
    "single": (
        (
            "Single-crewed visit authorised: co-attending officer abstracted to a major incident and the "
            "visit could not slip past its due date. Low risk, no history of violence."
        ),
        (
            "Only one OM on duty at the weekend; offender is low risk, compliant and has no history of "
            "violence towards officers. Visit to be at the doorstep only if anything changes."
        ),
        (
            "Single-crewed visit agreed for continuity: offender responds badly to unfamiliar officers "
            "and is assessed as low risk of violence."
        ),
    ),
    "announced": (
        (
            "Announced visit authorised so the offender can arrange for the approved premises manager to "
            "be present."
        ),
        (
            "Announced visit agreed because the offender works shifts and two previous unannounced visits"
            " found nobody home."
        ),
        "Announced visit to allow the interpreter to attend.",
    ),
    "both": (
        (
            "Announced single-crewed visit authorised to collect the laptop for examination; offender has"
            " agreed and is low risk."
        ),
        "Single-crewed announced visit agreed at the hospital ward by arrangement with staff.",
    ),
}
ABSTRACTION_REASONS = (
    "Covering response shifts during the summer demand period.",
    "Assisting the major incident team with house-to-house enquiries.",
    "Public order deployment for a football fixture.",
    "Custody suite cover owing to staff shortages.",
    "Supporting the child protection team with a complex investigation.",
    "Training delivery to new recruits.",
)
ABSENCE_NOTES = {
    "long_term_sickness": (
        "Phased return being planned with occupational health.",
        "Fit note to the end of the month.",
        "",
    ),
    "parental": ("Maternity leave.", "Shared parental leave.", "Paternity leave."),
    "vacancy": (
        "Post advertised; interviews scheduled.",
        "Post vacant since the last holder transferred to CID.",
    ),
    "annual_leave": ("",),
    "short_sickness": ("",),
    "other": ("Compassionate leave.", "Attending a court case as a witness."),
}
INTELLIGENCE_NOTES = (
    "Report from a neighbour of a child visiting the address; passed to the OM.",
    "PNC shows a new vehicle linked to the offender; notification not updated.",
    "Local intelligence of contact with a known associate in the town centre.",
    "Partner agency reports he has started a relationship with a woman who has two children.",
    "Intelligence of a second mobile phone in use.",
)
ORDER_CONDITIONS = (
    (
        "prohibition",
        (
            "Not to have any unsupervised contact with a child under 16 without the consent of the parent"
            " who knows of his conviction."
        ),
        False,
    ),
    (
        "prohibition",
        (
            "Not to reside in any household containing a child under 18 without the permission of the "
            "local authority."
        ),
        False,
    ),
    (
        "prohibition",
        (
            "Not to use any device capable of accessing the internet unless it retains and displays its "
            "history of internet use."
        ),
        True,
    ),
    ("prohibition", "Not to delete internet history on any device.", True),
    ("prohibition", "Not to use any encryption or private browsing software.", True),
    (
        "prohibition",
        "Not to use social media or messaging services to contact anyone he believes to be under 18.",
        True,
    ),
    ("prohibition", "Not to enter any park or play area where children are likely to be present.", False),
    (
        "requirement",
        "To make any device capable of accessing the internet available for inspection on request.",
        True,
    ),
    (
        "requirement",
        "To notify police of any device capable of accessing the internet within 3 days of acquiring it.",
        True,
    ),
    ("requirement", "To attend a polygraph examination at least annually.", False),
    ("requirement", "To notify police of any new relationship within 3 days.", False),
)
VIOLENT_ORDER_CONDITIONS = (
    ("prohibition", "Not to contact the named victim directly or through any other person.", False),
    ("prohibition", "Not to enter the exclusion zone around the victim's home shown on the map.", False),
    ("prohibition", "Not to be in any licensed premises after 9pm.", False),
    (
        "requirement",
        "To reside at the address approved by the police and notify any change in advance.",
        False,
    ),
)
OUTCOME_NOTES = {
    "shpo_breach": (
        "Found in possession of an unregistered smartphone at the home visit; "
        "arrested for breach of the SHPO."
    ),
    "sro_breach": "Seen outside a primary school contrary to the SRO; arrested.",
    "new_offence": "Arrested after a search warrant found offending material on a concealed device.",
    "arrest": "Arrested following intelligence of contact with a child; released under investigation.",
    "charge": "Charged and remanded; next hearing at the Crown Court.",
    "recall": "Recalled to prison by probation after failing to reside at the approved premises.",
    "polygraph": "Polygraph disclosure of contact with a 15-year-old online; referred for investigation.",
    "concern": "Concern raised by the school about him loitering near the gates at home time.",
}
# Notes on life events, by kind (`rules.life_course.EventKind` values).
LIFE_EVENT_NOTES = {
    "registered": (
        "Registered with the unit; initial notification made at the police station.",
        "Management transferred to this team on his move into the area; ViSOR record updated.",
        "Registered on release; initial notification within 3 days as required.",
    ),
    "recalled": (
        "Recalled by probation for failing to reside at the approved premises.",
        "Recalled after breaching the licence condition not to contact the victim.",
    ),
    "hospital_admitted": (
        "Admitted to hospital under section 2 of the Mental Health Act; ward staff informed of his record.",
        "Admitted to the secure unit; visits suspended until discharge.",
    ),
    "wanted": (
        "Circulated as wanted on PNC after failing to answer bail.",
        "Wanted for failing to notify a change of address; circulated on PNC.",
    ),
    "missing": (
        "Not at the home address on two visits; neighbours have not seen him for a week. Reported missing.",
        "Left the approved premises overnight and has not returned. Reported missing.",
    ),
    "abroad": (
        "Notified foreign travel in advance; staying with family abroad for an extended period.",
        "Notified travel abroad for work; return date not yet known.",
    ),
    "deceased": (
        "Death confirmed by the coroner's officer; ViSOR record closed.",
        "Died in hospital; confirmed by the family and the hospital. Record closed.",
    ),
    "transferred_out": (
        "Moved out of the force area; management handed over to the receiving force.",
        "Transferred on his move to live with family in another force area.",
    ),
    "notification_ended": (
        "The notification period ended; the offender was told in writing and the ViSOR record closed.",
        "Notification requirements expired at the end of the period; record closed.",
    ),
}
# Forces a nominal moves to: invented, and none of them a demo force (FORCE_PLACES).
OTHER_FORCES = (
    "Saltcombe Constabulary",
    "Harrowmere Police",
    "Dunwick Vale Constabulary",
    "Ashenford Police",
    "Lowmarsh Constabulary",
    "Kingsthorpe Police",
)
HANDOVER_NOTES = (
    "ViSOR record transferred; the receiving OM was briefed by phone and the RMP and last ARMS sent.",
    "Handover meeting held with the receiving force's MOSOVO supervisor; open actions listed in the RMP.",
    "Record transferred on ViSOR with the current RMP; the receiving force confirmed the first visit date.",
)
REACTIVE_REASONS = (
    "Low risk in the community for over three years with no offending or concerns; current ARMS low; "
    "no civil order. Annual checks and RMP review to continue.",
    "Meets every reactive criterion: three years of low risk in the community, no outcomes, a current "
    "low ARMS and no order in force. Moved to reactive management with annual checks.",
)
# Registered offenders' notifications (demo.notifications): stations, streets and towns that
# cannot be mistaken for real ones.
NOTIFICATION_TOWNS = (
    "Testbridge",
    "Sampleford",
    "Mockington",
    "Placeholder Green",
    "Exampleton",
    "Dummerby",
    "Pretendham",
    "Fictonbury",
)
POLICE_STATIONS = tuple(f"{town} Police Station" for town in NOTIFICATION_TOWNS)
STREETS = (
    "Imaginary Lane",
    "Placeholder Row",
    "Makebelieve Close",
    "Invented Way",
    "Pretend Avenue",
    "Sample Road",
    "Fictional Street",
    "Nowhere Gardens",
    "Madeup Mews",
    "Notreal Crescent",
)
NO_FIXED_ABODE_PLACES = (
    "No fixed abode: can regularly be found at the Testbridge day centre, Sample Road",
    "No fixed abode: sleeping at the Mockington night shelter, Invented Way",
    "No fixed abode: can regularly be found at the Exampleton drop-in, Pretend Avenue",
)
DESTINATIONS = (
    "Spain",
    "Ireland",
    "France",
    "Portugal",
    "Poland",
    "Romania",
    "Netherlands",
    "Greece",
    "Italy",
)
CARRIERS = (
    "Testwing Airways TW 318",
    "Testwing Airways TW 742",
    "Example Air EX 412",
    "Imaginary Ferries, overnight crossing",
    "Fictional Rail international service",
)
NOTIFICATION_DETAILS = {
    "initial": (
        "First notification on release from HMP Testmoor: identity documents, bank details and home "
        "address taken; photograph updated.",
        "Initial notification: all details taken and checked against the court record.",
    ),
    "periodic": (
        "Annual notification: no changes to the details held.",
        "Periodic notification; details confirmed and photograph updated.",
        "Periodic notification made on time; no change of address or household.",
    ),
    "release": ("Release from custody notified; home address and details confirmed.",),
    "weekly": ("Weekly notification with no fixed abode: where the offender can be found confirmed.",),
    "change": (
        "Change notified in person at the front counter.",
        "Notified the change and produced documents; ViSOR updated.",
    ),
    "travel": (
        "Foreign travel notified: first night's accommodation and return journey given.",
        "Holiday abroad notified with the booking confirmation.",
    ),
    "travel_return": ("Return to the United Kingdom notified; trip as planned.",),
}
