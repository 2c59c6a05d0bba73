"""A member of staff deactivated loses every way in at once: their sessions end and their API
key is deleted, as the transaction that deactivates them commits (not at their next request)."""

from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from rest_framework.authtoken.models import Token

from workforce.models import Staff


def end_access(staff_id: int) -> None:
    """Delete `staff_id`'s API key and every live session signed in as them."""
    Token.objects.filter(user_id=staff_id).delete()
    theirs = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(staff_id)
    ]
    Session.objects.filter(session_key__in=theirs).delete()


@receiver(pre_save, sender=Staff)
def _note_whether_active(sender, instance: Staff, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and "is_active" not in update_fields):
        instance._was_active = None
        return
    instance._was_active = Staff.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()


@receiver(post_save, sender=Staff)
def _end_access_when_deactivated(sender, instance: Staff, created: bool, **kwargs) -> None:
    if not created and getattr(instance, "_was_active", None) and not instance.is_active:
        staff_id = instance.pk
        transaction.on_commit(lambda: end_access(staff_id))
