"""What every API view shares (the REST API under /api/v1/). The authentication and
pagination classes REST_FRAMEWORK names are in kit.api_defaults, the error format in
kit.api_errors.

- Reads come from the scoping functions of each model family (out of scope: 404) and log a
  DISCLOSURE to the client of every offender they carry (the s62 log); writes check write
  scope (403) and go through the services, like the web pages.
- Requests name only the fields an operation accepts: any other field (a workflow state, an
  owner, a computed figure, a typo) is refused with 400 and nothing is written.
- Answers are never cached; the OpenAPI schema lists every error each operation can answer.
"""

import datetime
from collections.abc import Iterable, Mapping

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.cache import add_never_cache_headers
from django_filters import rest_framework as filters
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from kit.api_errors import ErrorSerializer

# --------------------------------------------------------------------------- who is calling


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "kit.api_defaults.HashedTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": 'An integration\'s key, sent as "Token <key>" (manage.py api_token USERNAME).',
        }


class TwoFactorSessionScheme(OpenApiAuthenticationExtension):
    target_class = "kit.api_defaults.TwoFactorSessionAuthentication"
    name = "cookieAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A signed-in browser session that has given its two-factor code "
            "(unsafe methods also need the X-CSRFToken header).",
        }


def api_recipient(request) -> str:
    """Who an API answer is disclosed to (the s62 log's recipient): "API client <username>" for
    an integration's key, "API user <username>" for a browser session."""
    token = getattr(request, "auth", None)
    client = getattr(token, "name", "") or getattr(getattr(token, "user", None), "username", "")
    return f"API client {client}" if client else f"API user {request.user.username}"


# --------------------------------------------------------------------------- pages and schema


class ApiSchema(AutoSchema):
    """The OpenAPI description of each operation, as the views behave:

    - the request body is the view's input serializer for that action (`input_serializers`),
      with no other property allowed;
    - every operation lists the errors it can answer, each in the one error format;
    - actions named in `creating_actions` answer 201.
    """

    def get_request_serializer(self):
        inputs = getattr(self.view, "input_serializers", None)
        action = getattr(self.view, "action", None)
        if inputs is not None and action in inputs:
            return inputs[action]
        return super().get_request_serializer()

    def _is_create_operation(self) -> bool:
        if getattr(self.view, "action", None) in getattr(self.view, "creating_actions", ()):
            return True
        return super()._is_create_operation()

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if isinstance(serializer, StrictInput) or (
            isinstance(serializer, type) and issubclass(serializer, StrictInput)
        ):
            schema["additionalProperties"] = False
        return schema

    def error_statuses(self) -> dict[str, str]:
        statuses = {
            "401": "Not signed in: no token, an invalid or expired token, or no session.",
            "403": "Signed in but not allowed: the role cannot do this, the record is read-only "
            "to the caller, or the session has not given its two-factor code.",
            "404": "Not found, or outside what the caller may see (the same answer for both).",
            "429": "Too many requests: wait for the Retry-After header's seconds.",
            "500": "Something went wrong on the server; it has been logged with the reference given.",
        }
        if self.method in ("POST", "PUT") or self._is_list_view():
            statuses["400"] = "The request is invalid: `errors` says which field and why."
        if self.method in ("POST", "PUT"):
            statuses["415"] = "The body is not JSON."
        if getattr(self.view, "action", None) in getattr(self.view, "versioned_actions", ()):
            statuses["409"] = (
                "The record changed after the copy the caller sent (`row_version`): nothing was "
                "written; read it again and redo the change."
            )
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status, description in self.error_statuses().items():
            if status not in responses:
                responses[status] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), status, direction=direction
                )
        return responses


API_DESCRIPTION = f"""The MOSOVO caseload API: the same records, scope and rules as the web pages.

**Authentication.** Integrations send `Authorization: Token <key>`; a key is issued (and the
previous one revoked) with `manage.py api_token USERNAME`, is shown once, and expires after
{settings.API_TOKEN_MAX_AGE_DAYS} days. A browser session works too once it has given its two-factor
code. Every operation needs one or the other (401 otherwise).

**Scope.** A caller sees the offenders their role lets them see, and records about them; anything
else answers 404, exactly as if it did not exist. A record the caller may see but not change
answers 403 to a change.

**Writes.** Each write goes through the same service as the web page (same validation, same
audit). A request body may contain only the fields the operation lists: any other field
(`status`, `author`, `risk_level` of an offender, ...) is refused with 400 and nothing is written.
Case records (visits, ARMS assessments, risk management plans) are versioned: send the
`row_version` you read; if someone changed the record since, the answer is 409 and nothing is
written. Workflow: draft → submitted → signed off or returned; a submitted or signed-off record
is never changed in place, a revision is a new draft version. Nothing is deleted through the API.

**Errors.** Every error has one format: `{{"status", "code", "message", "errors"}}`.

**Audit.** Every answer that carries an offender's data is logged as a disclosure to the caller.
"""


def describe_api(result, generator, request, public):
    """Postprocessing hook: the API's description."""
    result["info"]["description"] = API_DESCRIPTION
    return result


# --------------------------------------------------------------------------- serializers

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
MAX_ID = 2**63 - 1
MAX_ROW_VERSION = 2**31 - 1
LONG_TEXT = 10_000


class StrictInput(serializers.Serializer):
    """A request body: only the declared fields. Any other key is refused (400), so a client
    can never set an owner, a workflow state or a computed figure by adding it to the body."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(str(key) for key in data if key not in self.fields)
            if unknown:
                raise serializers.ValidationError(
                    {name: ["This operation does not accept this field."] for name in unknown}
                )
        return super().to_internal_value(data)


def date_field(**kwargs) -> serializers.DateField:
    """A date between 1900 and 2100: anything else is a slip, and would overflow date arithmetic."""
    return serializers.DateField(
        validators=[MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)], **kwargs
    )


def text_field(max_length: int = LONG_TEXT, **kwargs) -> serializers.CharField:
    """Optional free text, stored as typed ('' when absent)."""
    return serializers.CharField(
        max_length=max_length, allow_blank=True, required=False, default="", trim_whitespace=False, **kwargs
    )


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def row_version_field() -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_ROW_VERSION,
        help_text="The `row_version` of the copy you changed; 409 if the record has changed since.",
    )


class Submission(StrictInput):
    """Submitting a draft for review: the version of the draft being submitted."""

    row_version = row_version_field()


class NoInput(StrictInput):
    """An action that takes no fields (an empty object, or no body)."""


class PersonSerializer(serializers.Serializer):
    """A member of staff as a record names them: who, never their account details."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True, source="__str__")


class ReadOnlyModelSerializer(serializers.ModelSerializer):
    """An answer: every field listed explicitly, none writable."""

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():
            field.read_only = True
        return fields


def validated(input_class: type[serializers.Serializer], request, **context) -> dict:
    serializer = input_class(data=request.data, context={"request": request, **context})
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(filters.NumberFilter):
    """A record's id in a query string: whole numbers only."""

    field_class = forms.IntegerField


# --------------------------------------------------------------------------- views


class NeverCached:
    """API answers carry offenders' data: no browser or proxy keeps them (ASVS 8.2.1).
    Session requests get this from SessionPolicyMiddleware, token requests only from here."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        add_never_cache_headers(response)
        return response


class ApiView(NeverCached, APIView):
    pass


class ReadViewSet(NeverCached, viewsets.GenericViewSet):
    """List (filtered, paginated) and retrieve, from `get_queryset` — which every subclass
    builds from a scoping function. `disclose` is called with every answer's records: an app
    whose records carry personal data logs the disclosure there (offenders.api)."""

    http_method_names = ["get"]

    def filter_queryset(self, queryset):
        # Filters are for lists; a record is fetched by its id alone.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def disclose(self, objects: Iterable) -> None:
        """Hook: the records about to be answered with (nothing to log by default)."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        self.disclose(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return self.answer(self.get_object())

    def answer(self, obj, status: int = 200) -> Response:
        self.disclose([obj])
        return Response(self.get_serializer(obj).data, status=status)


class UnknownAddress(ApiView):
    """Any other address under /api/: 404 in the API's error format (not an HTML page)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = []
    schema = None

    def initial(self, request, *args, **kwargs):
        raise exceptions.NotFound()
