"""Dates relative to today, and the day/month/year fields of a GOV.UK date input."""

import datetime

from django.utils import timezone


def today() -> datetime.date:
    return timezone.localdate()


def days_ago(n: int) -> datetime.date:
    return today() - datetime.timedelta(days=n)


def date_fields(name: str, on: datetime.date) -> dict:
    return {f"{name}_day": str(on.day), f"{name}_month": str(on.month), f"{name}_year": str(on.year)}
