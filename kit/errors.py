"""Errors a service raises that the web pages and the API both turn into an answer."""

from django.core.exceptions import ValidationError
from django.utils import timezone


class ConcurrentChange(ValidationError):
    """The record was changed after the copy the user worked from: their change is refused,
    nothing is lost, and they reload to see the other change (HTTP 409 in the API)."""

    def __init__(self, record) -> None:  # record: a case record (defined in the apps above kit)
        who = record.updated_by or record.author
        when = timezone.localtime(record.updated_at)
        super().__init__(
            f"This {record._meta.verbose_name} was changed by {who} at {when:%H:%M} on {when:%-d %B %Y} "
            "after you opened it. Reload the page to see their changes, then make yours again.",
            code="concurrent_change",
        )
