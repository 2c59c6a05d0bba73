"""The life course: events replayed into status, lead agency and the facts dates follow from."""

from datetime import date

import pytest

from rules.choices import Disposal, LeadAgency, OffenderStatus, OffenderType, OrderKind
from rules.life_course import (
    Custody,
    Event,
    EventKind,
    LifeEventError,
    Spell,
    date_transitions,
    replay,
)
from rules.notification import (
    Figure1Row,
    OrderSpan,
    notification_periods,
    notification_position,
    terrorism_period,
)

REGISTERED = date(2020, 1, 6)
BORN = date(1980, 5, 5)
D = date


def registered(**facts) -> Event:
    values = {
        "kind": EventKind.REGISTERED,
        "occurred_on": REGISTERED,
        "status": OffenderStatus.COMMUNITY,
        "disposal": Disposal.OTHER,
        "relevant_date": date(2019, 12, 1),
    }
    values.update(facts)
    return Event(**values)


def event(kind, on, **facts) -> Event:
    return Event(kind=kind, occurred_on=on, **facts)


# The worked example of the issue: conviction → custody → release on licence → licence end.


def test_a_nominal_moves_through_conviction_custody_release_and_licence_end():
    events = [registered()]
    state = replay(events)
    assert (state.status, state.lead_agency, state.community_since) == (
        OffenderStatus.COMMUNITY,
        LeadAgency.POLICE,
        REGISTERED,
    )

    events.append(event(EventKind.CONVICTED, date(2021, 3, 1)))
    state = replay(events)
    assert state.awaiting_sentence_since == date(2021, 3, 1)
    assert state.lead_agency == LeadAgency.POLICE  # after conviction, before sentence

    events.append(
        event(EventKind.SENTENCED, date(2021, 4, 12), disposal=Disposal.CUSTODY, sentence_months=36)
    )
    state = replay(events)
    assert (state.status, state.custody, state.lead_agency) == (
        OffenderStatus.CUSTODY,
        Custody.SENTENCE,
        LeadAgency.PROBATION,
    )
    assert state.sentences[-1].relevant_date == date(2021, 3, 1)  # the conviction
    assert state.community_since is None

    events.append(event(EventKind.RELEASED, date(2022, 10, 12), licence_ends_on=date(2024, 4, 11)))
    state = replay(events)
    assert (state.status, state.lead_agency) == (OffenderStatus.COMMUNITY, LeadAgency.PROBATION)
    assert (state.released_on, state.community_since) == (date(2022, 10, 12), date(2022, 10, 12))
    assert state.community_since_reason == "release from custody"
    assert state.spells == (Spell(date(2021, 4, 12), date(2022, 10, 11)),)

    events.append(event(EventKind.LICENCE_ENDED, date(2024, 4, 12)))
    state = replay(events)
    assert state.lead_agency == LeadAgency.POLICE
    assert (state.police_lead_since, state.post_licence_rule_applies) == (date(2024, 4, 12), True)


def test_events_replay_in_date_order_whatever_order_they_are_given_in():
    events = [
        event(EventKind.RELEASED, date(2021, 6, 1)),
        registered(status=OffenderStatus.CUSTODY, disposal=Disposal.CUSTODY, sentence_months=12),
    ]
    assert replay(events).status == OffenderStatus.COMMUNITY


def test_remand_before_sentence_leaves_the_police_in_the_lead():
    state = replay([registered(), event(EventKind.REMANDED, date(2021, 1, 4))])
    assert (state.status, state.custody, state.lead_agency) == (
        OffenderStatus.CUSTODY,
        Custody.REMAND,
        LeadAgency.POLICE,
    )


def test_a_non_custodial_sentence_after_remand_returns_the_offender_to_the_community():
    state = replay(
        [
            registered(),
            event(EventKind.REMANDED, date(2021, 1, 4)),
            event(
                EventKind.SENTENCED,
                date(2021, 2, 1),
                disposal=Disposal.OTHER,
                community_order_ends_on=date(2022, 1, 31),
            ),
        ]
    )
    assert (state.status, state.community_since, state.lead_agency) == (
        OffenderStatus.COMMUNITY,
        date(2021, 2, 1),
        LeadAgency.PROBATION,
    )


def test_community_order_end_hands_the_lead_back_without_the_15_day_rule_by_default():
    events = [
        registered(),
        event(EventKind.COMMUNITY_ORDER_MADE, date(2021, 1, 4), community_order_ends_on=date(2022, 1, 3)),
        event(EventKind.COMMUNITY_ORDER_ENDED, date(2022, 1, 4)),
    ]
    national = replay(events)
    assert (national.lead_agency, national.police_lead_since, national.post_licence_rule_applies) == (
        LeadAgency.POLICE,
        date(2022, 1, 4),
        False,
    )
    extended = replay(events, post_licence_rule_on_community_order_end=True)
    assert extended.post_licence_rule_applies


def test_release_without_a_licence_ends_the_sentence_and_starts_the_15_days():
    state = replay(
        [
            registered(status=OffenderStatus.CUSTODY, disposal=Disposal.CUSTODY, sentence_months=10),
            event(EventKind.RELEASED, date(2020, 6, 1)),
        ]
    )
    assert (state.lead_agency, state.police_lead_since, state.post_licence_rule_applies) == (
        LeadAgency.POLICE,
        date(2020, 6, 1),
        True,
    )


def test_recall_puts_an_offender_on_licence_back_in_prison():
    state = replay(
        [
            registered(licence_ends_on=date(2023, 1, 1), released_on=date(2019, 12, 20)),
            event(EventKind.RECALLED, date(2021, 5, 5)),
        ]
    )
    assert (state.status, state.custody, state.lead_agency) == (
        OffenderStatus.CUSTODY,
        Custody.SENTENCE,
        LeadAgency.PROBATION,
    )


def test_registration_with_a_licence_already_over_starts_police_led():
    state = replay([registered(licence_ends_on=date(2019, 12, 31))])
    assert state.licence_ends_on is None
    assert (state.lead_agency, state.police_lead_since) == (LeadAgency.POLICE, date(2020, 1, 1))


@pytest.mark.parametrize(
    ("follows", "kind", "message"),
    [
        ([], EventKind.RELEASED, "in the community then, not in custody"),
        ([], EventKind.LOCATED, "not missing or wanted"),
        ([], EventKind.RETURNED, "not abroad"),
        ([], EventKind.HOSPITAL_DISCHARGED, "not in hospital"),
        ([], EventKind.LICENCE_ENDED, "not on licence"),
        ([], EventKind.RECALLED, "nothing to recall"),
        ([], EventKind.COMMUNITY_ORDER_ENDED, "not under a community order"),
        ([], EventKind.RECEIVED, "not transferred"),
        ([event(EventKind.REMANDED, date(2021, 1, 1))], EventKind.REMANDED, "already in custody"),
        ([event(EventKind.DECEASED, date(2021, 1, 1))], EventKind.WANTED, "“deceased”"),
        ([event(EventKind.DECEASED, date(2021, 1, 1))], EventKind.RECEIVED, "“deceased”"),
        ([event(EventKind.NOTIFICATION_ENDED, date(2021, 1, 1))], EventKind.WANTED, "“notification ended”"),
    ],
)
def test_impossible_sequences_are_refused_with_the_reason(follows, kind, message):
    with pytest.raises(LifeEventError, match=message):
        replay([registered(), *follows, event(kind, date(2021, 6, 1))])


def test_a_new_conviction_makes_someone_whose_notification_ended_subject_again():
    state = replay(
        [
            registered(),
            event(EventKind.NOTIFICATION_ENDED, date(2021, 1, 1)),
            event(EventKind.CONVICTED, date(2022, 2, 2)),
        ]
    )
    assert (state.status, state.community_since) == (OffenderStatus.COMMUNITY, date(2022, 2, 2))


def test_the_life_course_must_begin_with_one_registration():
    with pytest.raises(LifeEventError, match="begin with the registration"):
        replay([event(EventKind.WANTED, date(2021, 1, 1))])
    with pytest.raises(LifeEventError, match="already registered"):
        replay([registered(), registered(occurred_on=date(2021, 1, 1))])


def test_a_sentence_cannot_follow_a_conviction_dated_after_it():
    with pytest.raises(LifeEventError, match="cannot be after the sentence"):
        replay(
            [
                registered(),
                event(
                    EventKind.SENTENCED,
                    date(2021, 1, 1),
                    disposal=Disposal.CAUTION,
                    relevant_date=date(2021, 2, 1),
                ),
            ]
        )


# Consecutive and partly concurrent terms (SOA 2003 s82(3)-(4)).


def test_consecutive_terms_count_as_their_aggregate_for_each_offence():
    state = replay(
        [
            registered(),
            event(EventKind.SENTENCED, date(2021, 1, 4), disposal=Disposal.CUSTODY, sentence_months=20),
            event(
                EventKind.SENTENCED,
                date(2021, 1, 4),
                sequence=1,
                disposal=Disposal.CUSTODY,
                sentence_months=20,
                consecutive_to_previous=True,
            ),
        ]
    )
    assert [s.term_months for s in state.sentences[1:]] == [40, 40]
    periods = notification_periods(
        offender_type=OffenderType.RSO,
        date_of_birth=BORN,
        sentences=state.sentences[1:],
        today=date(2026, 1, 1),
    )
    # 20 months alone is 10 years; 40 months (30 or more) is indefinite for both offences.
    assert all(period.indefinite for period in periods)


def test_partly_concurrent_terms_count_as_x_plus_y_minus_z():
    state = replay(
        [
            registered(),
            event(EventKind.SENTENCED, date(2021, 1, 4), disposal=Disposal.CUSTODY, sentence_months=20),
            event(
                EventKind.SENTENCED,
                date(2021, 3, 1),
                disposal=Disposal.CUSTODY,
                sentence_months=12,
                consecutive_to_previous=True,
                overlap_months=6,
            ),
        ]
    )
    assert state.sentences[-1].term_months == 26


def test_only_a_term_of_imprisonment_can_run_consecutively():
    with pytest.raises(LifeEventError, match="consecutively"):
        replay(
            [
                registered(),
                event(
                    EventKind.SENTENCED,
                    date(2021, 1, 4),
                    disposal=Disposal.CAUTION,
                    consecutive_to_previous=True,
                ),
            ]
        )


# Transitions by date.


def test_a_licence_ends_the_day_after_its_last_day():
    state = replay([registered(licence_ends_on=date(2026, 3, 1), released_on=date(2019, 12, 1))])
    assert date_transitions(state, today=date(2026, 3, 1)) == []
    (ended,) = date_transitions(state, today=date(2026, 3, 2))
    assert (ended.kind, ended.occurred_on) == (EventKind.LICENCE_ENDED, date(2026, 3, 2))


def test_a_licence_does_not_end_by_date_while_its_holder_is_back_in_prison():
    state = replay(
        [
            registered(licence_ends_on=date(2026, 3, 1), released_on=date(2019, 12, 1)),
            event(EventKind.RECALLED, date(2025, 1, 1)),
        ]
    )
    assert date_transitions(state, today=date(2026, 6, 1)) == []


def test_orders_expire_the_day_after_their_last_day_once():
    class StoredOrder:
        def __init__(self, pk, ends_on):
            self.id, self.ends_on = pk, ends_on

    orders = [StoredOrder(7, date(2024, 1, 31)), StoredOrder(8, None), StoredOrder(9, date(2019, 1, 1))]
    state = replay([registered()])
    (expired,) = date_transitions(state, today=date(2025, 1, 1), orders=orders)
    assert (expired.kind, expired.occurred_on, expired.order_id) == (
        EventKind.CIVIL_ORDER_EXPIRED,
        date(2024, 2, 1),
        7,
    )
    state = replay([registered(), expired])
    assert date_transitions(state, today=date(2025, 1, 1), orders=orders) == []


def test_notification_ends_the_day_after_its_last_day_when_every_period_is_fixed():
    state = replay([registered()])
    kwargs = {"today": date(2025, 1, 1), "notification_last_day": date(2024, 11, 30)}
    (ended,) = date_transitions(state, notification_open_ended=False, **kwargs)
    assert (ended.kind, ended.occurred_on) == (EventKind.NOTIFICATION_ENDED, date(2024, 12, 1))
    assert date_transitions(state, notification_open_ended=True, **kwargs) == []


# Notification: several periods side by side; other regimes.


def test_the_latest_end_governs_among_periods_that_run_side_by_side():
    state = replay(
        [
            registered(disposal=Disposal.CAUTION, relevant_date=date(2019, 12, 1)),
            event(
                EventKind.SENTENCED, date(2021, 5, 3), disposal=Disposal.OTHER, relevant_date=date(2021, 4, 1)
            ),
        ]
    )
    periods = notification_periods(
        offender_type=OffenderType.RSO, date_of_birth=BORN, sentences=state.sentences, today=date(2022, 1, 1)
    )
    position = notification_position(periods, date_of_birth=BORN)
    assert [period.ends_on for period in periods] == [date(2021, 11, 30), date(2026, 3, 31)]
    assert position.last_day == date(2026, 3, 31)
    assert not position.ended_before(date(2026, 3, 31))
    assert position.ended_before(date(2026, 4, 1))


def test_an_shpo_until_further_order_keeps_the_notification_open():
    periods = notification_periods(
        offender_type=OffenderType.RSO,
        date_of_birth=BORN,
        sentences=replay([registered(disposal=Disposal.CAUTION)]).sentences,
        orders=[OrderSpan(OrderKind.SHPO, date(2020, 6, 1))],
        today=date(2022, 1, 1),
    )
    position = notification_position(periods, date_of_birth=BORN)
    assert position.governing.row == Figure1Row.CIVIL_ORDER
    assert not position.has_fixed_end
    assert position.review_earliest_on is None


@pytest.mark.parametrize(
    "offender_type", [OffenderType.MAPPA_CAT2_VIOLENT, OffenderType.MAPPA_CAT3_OTHER, OffenderType.PDP]
)
def test_mappa_category_2_and_3_and_pdp_nominals_have_no_notification_period(offender_type):
    periods = notification_periods(
        offender_type=offender_type,
        date_of_birth=BORN,
        sentences=replay([registered(disposal=Disposal.CUSTODY, sentence_months=40)]).sentences,
        orders=[OrderSpan(OrderKind.SRO, date(2020, 6, 1), date(2022, 6, 1))],
        today=date(2022, 1, 1),
    )
    assert periods == []
    assert notification_position(periods, date_of_birth=BORN).governing is None


def test_a_violent_offender_order_notifies_for_as_long_as_the_order():
    periods = notification_periods(
        offender_type=OffenderType.RVO,
        date_of_birth=BORN,
        sentences=replay([registered(disposal=Disposal.CUSTODY, sentence_months=40)]).sentences,
        orders=[OrderSpan(OrderKind.VOO, date(2021, 1, 4), date(2024, 1, 3))],
        today=date(2022, 1, 1),
    )
    (period,) = periods
    assert (period.row, period.starts_on, period.ends_on) == (
        Figure1Row.VIOLENT_OFFENDER_ORDER,
        date(2021, 1, 4),
        date(2024, 1, 3),
    )


@pytest.mark.parametrize(
    ("months", "life", "born", "row", "years"),
    [
        (None, True, BORN, Figure1Row.TERRORISM_30_YEARS, 30),
        (120, False, BORN, Figure1Row.TERRORISM_30_YEARS, 30),
        (119, False, BORN, Figure1Row.TERRORISM_15_YEARS, 15),
        (60, False, BORN, Figure1Row.TERRORISM_15_YEARS, 15),
        (59, False, BORN, Figure1Row.TERRORISM_10_YEARS, 10),
        (120, False, date(2004, 1, 1), Figure1Row.TERRORISM_10_YEARS, 10),  # 17 at conviction
    ],
)
def test_terrorist_offenders_follow_the_counter_terrorism_act(months, life, born, row, years):
    sentence = replay(
        [
            registered(
                disposal=Disposal.CUSTODY, sentence_months=months, life=life, relevant_date=date(2021, 3, 1)
            )
        ]
    ).sentences[0]
    period = terrorism_period(sentence=sentence, date_of_birth=born, today=date(2022, 1, 1))
    assert (period.row, period.months) == (row, years * 12)
    # Begins with the day dealt with: at registration, the conviction stands for it.
    assert period.starts_on == date(2021, 3, 1)


def test_terrorist_notification_does_not_count_time_in_custody():
    state = replay(
        [
            registered(),
            event(EventKind.SENTENCED, date(2021, 1, 4), disposal=Disposal.CUSTODY, sentence_months=24),
            event(EventKind.RELEASED, date(2022, 1, 4)),
        ]
    )
    period = terrorism_period(
        sentence=state.sentences[-1], date_of_birth=BORN, spells=state.spells, today=date(2023, 1, 1)
    )
    # 10 years beginning 4 January 2021 end on 3 January 2031; 365 days inside move it on.
    assert period.ends_on == date(2032, 1, 3)
    assert not period.provisional


def test_terrorist_notification_end_is_provisional_while_in_custody():
    state = replay(
        [
            registered(),
            event(EventKind.SENTENCED, date(2021, 1, 4), disposal=Disposal.CUSTODY, sentence_months=24),
        ]
    )
    period = terrorism_period(
        sentence=state.sentences[-1], date_of_birth=BORN, spells=state.spells, today=date(2021, 1, 13)
    )
    assert period.provisional
    assert period.ends_on == date(2031, 1, 13)  # ten days inside so far


# The indefinite review (SOA 2003 s91B).


def test_the_indefinite_review_date_is_not_yet_known_while_in_custody():
    state = replay(
        [
            registered(),
            event(EventKind.SENTENCED, date(2021, 1, 4), disposal=Disposal.CUSTODY, sentence_months=48),
        ]
    )
    periods = notification_periods(
        offender_type=OffenderType.RSO, date_of_birth=BORN, sentences=state.sentences, today=date(2022, 1, 1)
    )
    position = notification_position(periods, date_of_birth=BORN, spells=state.spells)
    assert position.indefinite
    assert position.review_not_yet_known
    assert position.review_earliest_on is None


def test_the_indefinite_review_counts_15_years_from_the_first_release_after_the_conviction():
    state = replay(
        [
            registered(),
            event(EventKind.SENTENCED, date(2021, 1, 4), disposal=Disposal.CUSTODY, sentence_months=48),
            event(EventKind.RELEASED, date(2023, 1, 4), licence_ends_on=date(2025, 1, 3)),
        ]
    )
    periods = notification_periods(
        offender_type=OffenderType.RSO, date_of_birth=BORN, sentences=state.sentences, today=date(2024, 1, 1)
    )
    position = notification_position(
        periods, date_of_birth=BORN, spells=state.spells, released_on=state.released_on
    )
    assert position.review_earliest_on == date(2038, 1, 4)


def test_a_terrorist_offender_registered_years_later_counts_from_when_they_were_dealt_with():
    state = replay(
        [
            registered(
                occurred_on=D(2024, 6, 3),
                disposal=Disposal.CUSTODY,
                sentence_months=30,
                relevant_date=D(2020, 2, 3),
            )
        ]
    )
    period = terrorism_period(sentence=state.sentences[0], date_of_birth=BORN, today=D(2024, 7, 1))
    assert period.starts_on == D(2020, 2, 3)


def test_nothing_follows_the_end_of_notification_in_one_nights_transitions():
    class StoredOrder:
        id, ends_on = 3, D(2023, 2, 1)

    state = replay(
        [registered(occurred_on=D(2020, 1, 6), disposal=Disposal.CAUTION, relevant_date=D(2020, 1, 1))]
    )
    due = date_transitions(
        state,
        today=D(2024, 1, 1),
        orders=[StoredOrder()],
        notification_last_day=D(2021, 12, 31),
        notification_open_ended=False,
    )
    assert [(event.kind, event.occurred_on) for event in due] == [
        (EventKind.NOTIFICATION_ENDED, D(2022, 1, 1))
    ]
    replay(
        [registered(occurred_on=D(2020, 1, 6), disposal=Disposal.CAUTION, relevant_date=D(2020, 1, 1)), *due]
    )
