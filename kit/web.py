"""Small helpers every HTML view shares: showing a service's domain errors on the form that
called it."""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms import Form

T = TypeVar("T")


def add_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on a field where it names one the form
    has, otherwise at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def save_with_form(form: Form, save: Callable[[], T]) -> T | None:
    """Run `save` (one or more service calls) in one transaction. On a domain error nothing
    is written, the error shows on the form, and None comes back so the view re-renders
    the form with everything the user typed."""
    try:
        with transaction.atomic():
            return save()
    except ValidationError as error:
        add_service_errors(form, error)
        return None
