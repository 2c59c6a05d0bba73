"""The daily email digest: each supervisor's notices, as on their home page
[docs/rules.md § Supervisor review]."""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from casework.supervision import supervisor_notices
from workforce.models import ForcePolicy, Role, Staff

logger = logging.getLogger(__name__)


def supervisor_digests_send(*, today: datetime.date) -> int:
    """Email every active supervisor with an address whose notices hold something to act on;
    return how many were sent. One failure is logged and the others still go."""
    sent = 0
    # The digest goes out each morning: the system's changes of the day before and the night.
    since_yesterday = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time.min)
    )
    supervisors = Staff.objects.filter(role=Role.SUPERVISOR, is_active=True).exclude(email="").order_by("pk")
    for supervisor in supervisors:
        try:
            notices = supervisor_notices(
                supervisor,
                today=today,
                policy=ForcePolicy.rules_for(supervisor.force_id),
                changes_since=since_yesterday,
            )
            if not notices.anything:
                continue
            body = render_to_string(
                "casework/email/supervisor_digest.txt",
                {"supervisor": supervisor, "notices": notices, "today": today, "site_url": settings.SITE_URL},
            )
            send_mail(
                f"MOSOVO: your supervision digest for {today:%-d %B %Y}", body, None, [supervisor.email]
            )
            sent += 1
        except Exception:
            logger.exception("Could not send the digest to supervisor %s", supervisor.pk)
    return sent
