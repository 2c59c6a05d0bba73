"""One error format for every API answer that is not a success, whatever raised it:

    {"status": 409, "code": "concurrent_change", "message": "...", "errors": {"field": ["..."]}}

- `status` repeats the HTTP status, for clients that log bodies without headers.
- `code` is stable and machine-readable (see CODES); `message` is one sentence a person can
  read; `errors` maps each field of the request to what is wrong with it (an object's field
  inside a list is named like `device_findings.0.finding`; problems with no field are under
  `non_field_errors`); it is `{}` when no field is at fault.

Services raise Django's `ValidationError` (400), `ConcurrentChange` (409: the record changed
after the copy the caller sent), `PermissionDenied` (403) and `Http404` (404); serializers
raise DRF's. Anything unexpected is 500 with a reference to quote; the details go to the log,
never to the caller (OWASP ASVS 7.4.1). Every 404 says the same thing, so an answer never
tells "does not exist" from "exists but is not yours".
"""

import logging
import uuid

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import set_rollback

from kit.errors import ConcurrentChange

logger = logging.getLogger("mosovo.api")

NON_FIELD = "non_field_errors"
NOT_FOUND = "Not found."

# The codes an error can carry, by HTTP status (the schema lists them).
CODES = {
    400: ("invalid", "parse_error"),
    401: ("not_authenticated", "authentication_failed"),
    403: ("permission_denied",),
    404: ("not_found",),
    405: ("method_not_allowed",),
    406: ("not_acceptable",),
    409: ("concurrent_change",),
    415: ("unsupported_media_type",),
    429: ("throttled",),
    500: ("server_error",),
}


def error_body(status: int, code: str, message: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"status": status, "code": code, "message": message, "errors": errors or {}}


def error_response(status: int, code: str, message: str, errors=None, headers=None) -> Response:
    return Response(error_body(status, code, message, errors), status=status, headers=headers)


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field" or "list.0.field": [messages]}."""
    if isinstance(detail, dict):
        flat: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for field, messages in _flatten(value, name).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return {prefix or NON_FIELD: [str(item) for item in detail]} if detail else {}
        flat = {}
        for index, item in enumerate(detail):
            for field, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                flat.setdefault(field, []).extend(messages)
        return flat
    return {prefix or NON_FIELD: [str(detail)]}


def _django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): list(messages)
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: list(error.messages)}


def _summary(errors: dict[str, list[str]]) -> str:
    messages = [message for field_messages in errors.values() for message in field_messages]
    if len(messages) == 1:
        return messages[0]
    return f"The request has {len(messages)} problems: see errors."


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every exception a view raises, as one format."""
    set_rollback()
    if isinstance(exc, ConcurrentChange):
        return error_response(409, "concurrent_change", " ".join(exc.messages))
    if isinstance(exc, DjangoValidationError):
        errors = _django_errors(exc)
        return error_response(400, "invalid", _summary(errors), errors)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return error_response(404, "not_found", NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        return error_response(403, "permission_denied", str(exc) or "You cannot do this.")
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return error_response(400, "invalid", _summary(errors), errors)
    if isinstance(exc, exceptions.APIException):
        headers = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header
        if getattr(exc, "wait", None):
            headers["Retry-After"] = str(int(exc.wait))
        code = exc.default_code if exc.status_code != 400 else "parse_error"
        return error_response(exc.status_code, code, str(exc.detail), headers=headers)
    reference = uuid.uuid4().hex[:12]
    request = context.get("request")
    logger.error(
        "API error %s on %s %s",
        reference,
        getattr(request, "method", "?"),
        getattr(request, "path", "?"),
        exc_info=exc,
    )
    return error_response(
        500, "server_error", f"Something went wrong on our side. It has been logged as {reference}."
    )


class ErrorSerializer(serializers.Serializer):
    """The body of every API error (module docstring)."""

    status = serializers.IntegerField(help_text="The HTTP status, repeated.")
    code = serializers.ChoiceField(
        choices=sorted({code for codes in CODES.values() for code in codes}),
        help_text="Stable, machine-readable reason.",
    )
    message = serializers.CharField(help_text="What went wrong, for a person to read.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Each field of the request that is at fault and what is wrong with it; "
        f"problems with no field are under `{NON_FIELD}`. Empty when no field is at fault.",
    )
