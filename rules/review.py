"""Supervisor review of ARMS assessments, RMPs and visits [docs/rules.md § Supervisor review]
(docs/rules.md § What falls due, § Dates).

Every ARMS, RMP and visit gets a *bespoke written review* — not initials, not a copy of the
last one — within one calendar month of submission. The queue shows how old each item is
in bands of calendar months.

Whether a review is overdue is decided by `review_overdue` alone — the due engine's test
(`is_overdue` of `one_month_deadline`) — and every band limit goes through the same
`waited_past`, so the age bands, the queue's SQL filters and the supervisor's notices
(which filter by `earliest_submission_in_band`) cannot disagree at a month end.
"""

import difflib
import re
from collections.abc import Iterable
from datetime import date, timedelta

from django.db import models

from rules.dates import add_months, is_overdue, one_month_deadline

# A review this similar to an earlier one of the same offender's records is a copy, not a review.
COPY_SIMILARITY = 0.9
# Fewer different words than this is not a review of substance, whatever its length ("ok ok ok …").
MIN_DISTINCT_WORDS = 8

_WORD = re.compile(r"[^\W\d_]{2,}")
# Filler typed to get past the box: the words of "Lorem ipsum" that are not also English, and
# keyboard runs. A review with "lorem ipsum" in it, or in which at least PLACEHOLDER_SHARE of the
# words are filler, is placeholder text, not a review.
_FILLER = (
    "lorem ipsum dolor amet consectetur consectetuer adipiscing adipisicing elit eiusmod tempor "
    "incididunt labore dolore magna aliqua veniam nostrud exercitation ullamco laboris nisi aliquip "
    "commodo consequat duis aute irure reprehenderit voluptate velit esse cillum fugiat nulla pariatur "
    "excepteur sint occaecat cupidatat proident sunt culpa officia deserunt mollit anim laborum "
    "asdf asdfgh asdfghjkl qwerty qwertyuiop placeholder blah xxx xxxx zzz"
)
PLACEHOLDER_WORDS = frozenset(_FILLER.split())
PLACEHOLDER_SHARE = 0.25


class AgeBand(models.TextChoices):
    """How long an item has waited since submission, in calendar months."""

    UNDER_1_MONTH = "under_1", "Under 1 month"
    MONTHS_1_TO_3 = "1_to_3", "1 to 3 months"
    MONTHS_3_TO_12 = "3_to_12", "3 to 12 months"
    OVER_12_MONTHS = "over_12", "Over 12 months"


# The band an item is in until `months` calendar months have passed since submission.
_BAND_LIMITS = (
    (AgeBand.UNDER_1_MONTH, 1),
    (AgeBand.MONTHS_1_TO_3, 3),
    (AgeBand.MONTHS_3_TO_12, 12),
)


def review_deadline(submitted_on: date) -> date:
    """The last day of "within one month" of submission [docs/rules.md § Supervisor review;
    docs/rules.md § Dates]."""
    return one_month_deadline(submitted_on)


def waited_past(*, submitted_on: date, today: date, months: int) -> bool:
    """Whether an item submitted on `submitted_on` has, on `today`, waited past `months`
    calendar months: `today` is after the same day `months` months on (clamped to the month
    end). Past one month is past the review deadline: overdue."""
    limit = review_deadline(submitted_on) if months == 1 else add_months(submitted_on, months)
    return is_overdue(limit, today)


def review_overdue(*, submitted_on: date, today: date) -> bool:
    """Whether the review of work submitted on `submitted_on` is overdue on `today`: today is
    after the one-month deadline [docs/rules.md § Supervisor review]. The queue, its bands and counts,
    the notices and
    the due engine's supervisor-review items all agree with this."""
    return waited_past(submitted_on=submitted_on, today=today, months=1)


def age_band(*, submitted_on: date, today: date) -> AgeBand:
    """Under 1 month while the review is not yet overdue; then 1–3, 3–12, over 12 months."""
    for band, months in _BAND_LIMITS:
        if not waited_past(submitted_on=submitted_on, today=today, months=months):
            return band
    return AgeBand.OVER_12_MONTHS


def earliest_submission_in_band(*, today: date, months: int) -> date:
    """The earliest submission date that has not waited past `months` calendar months on
    `today` (`waited_past` is False from that date on, True before it), so a query can band
    by date alone; with one month, the earliest submission whose review is not overdue.

    Month ends make this more than `today - months`, either way: on 28 February, work
    submitted on 28–31 January is all within one month (the answer is 28 January); on
    31 May, work submitted on 30 April is overdue (its deadline was 30 May), so the answer
    is 1 May, a day after 31 May - 1 month."""

    def in_band(submitted_on: date) -> bool:
        return not waited_past(submitted_on=submitted_on, today=today, months=months)

    # Waiting grows as the submission date falls, so the dates in the band are one run
    # ending at `today`; its start is within a few days of `today - months`.
    candidate = add_months(today, -months)
    while not in_band(candidate):
        candidate += timedelta(days=1)
    while in_band(candidate - timedelta(days=1)):
        candidate -= timedelta(days=1)
    return candidate


def age_band_starts(today: date) -> dict[AgeBand, date]:
    """For each band but the last, the earliest submission date in it or a younger band."""
    return {band: earliest_submission_in_band(today=today, months=months) for band, months in _BAND_LIMITS}


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


def distinct_words(text: str) -> int:
    """How many different words (of two letters or more) `text` holds."""
    return len(set(_WORD.findall(normalised(text))))


def is_placeholder(text: str) -> bool:
    """Whether `text` is filler ("Lorem ipsum…", "asdf qwerty…"), not words written for this record."""
    cleaned = normalised(text)
    words = _WORD.findall(cleaned)
    filler = sum(word in PLACEHOLDER_WORDS for word in words)
    return "lorem ipsum" in cleaned or (bool(words) and filler >= PLACEHOLDER_SHARE * len(words))


def review_text_problem(text: str, *, min_characters: int, earlier_reviews: Iterable[str] = ()) -> str | None:
    """Why `text` is not a bespoke written review, or None if it is [docs/rules.md § Supervisor review].

    Refused: nothing written; placeholder text ("Lorem ipsum…", `is_placeholder`); fewer than
    the force's minimum characters (initials, "ok", "seen"); fewer than MIN_DISTINCT_WORDS
    different words (padding such as "ok ok ok"); the same as, or a near copy of, an earlier
    review of this offender's records."""
    cleaned = normalised(text)
    if not cleaned:
        return "Write your review."
    if is_placeholder(cleaned):
        return 'Write your own review of this record; placeholder text such as "Lorem ipsum" is not a review.'
    if len(cleaned) < min_characters:
        return (
            f"Write a review of at least {min_characters} characters saying what you checked and what "
            f"must happen next; initials or a word are not a review (you wrote {len(cleaned)})."
        )
    if distinct_words(cleaned) < MIN_DISTINCT_WORDS:
        return "Write a review in your own words about this record; repeated words are not a review."
    for earlier in earlier_reviews:
        matcher = difflib.SequenceMatcher(None, normalised(earlier), cleaned)
        if matcher.quick_ratio() >= COPY_SIMILARITY and matcher.ratio() >= COPY_SIMILARITY:
            return (
                "This review copies an earlier review of this offender's records; "
                "write a review of this record."
            )
    return None


def written_reason_problem(
    text: str,
    *,
    min_characters: int,
    what: str = "rationale",
    asking: str = "why this visit cannot be unannounced and in pairs, and how the risk is managed",
) -> str | None:
    """Why `text` is not a written reason, or None if it is [docs/rules.md § Visits]: written
    like a review (`review_text_problem`'s length, words and placeholder tests, against the
    force's `review_min_characters`), so "ok" is not a reason. `what` names it in the messages
    (a visit authorisation's "rationale" by default) and `asking` says what it must explain."""
    cleaned = normalised(text)
    if not cleaned:
        return f"Enter the {what}: {asking}."
    if is_placeholder(cleaned):
        return f'Write the {what} in your own words; placeholder text such as "Lorem ipsum" is not one.'
    if len(cleaned) < min_characters or distinct_words(cleaned) < MIN_DISTINCT_WORDS:
        return (
            f"Write a {what} of at least {min_characters} characters in your own words: {asking}. "
            f'A word such as "ok" is not a {what} (you wrote {len(cleaned)} characters).'
        )
    return None
