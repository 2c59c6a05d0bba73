"""Each offender's outstanding work, from the one due engine, and a record of every recompute."""

from django.conf import settings
from django.db import models

from offenders.models import Offender
from rules.choices import RiskLevel
from rules.due import DueKind
from workforce.models import Force, Team


class OutstandingItem(models.Model):
    """One piece of work due for one offender, as `rules.due` decided it.

    Where it sits (force, team, OM, risk level) is copied from the offender when computed,
    so dashboards aggregate this one table in SQL. Whether an item is overdue depends on
    the day it is read: `due_on < today`.
    """

    offender = models.ForeignKey(Offender, on_delete=models.CASCADE, related_name="outstanding_items")
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    offender_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    risk_level = models.CharField(max_length=10, choices=RiskLevel.choices, null=True, blank=True)
    kind = models.CharField(max_length=30, choices=DueKind.choices)
    due_on = models.DateField()
    basis_on = models.DateField()
    rule = models.CharField(max_length=200)
    related_item_id = models.BigIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on"]
        # The table and index names it had in the dashboards app, where it began.
        db_table = "dashboards_outstandingitem"
        indexes = [
            models.Index(fields=["force", "kind", "due_on"], name="dashboards__force_i_4e044a_idx"),
            models.Index(fields=["team", "kind", "due_on"], name="dashboards__team_id_07f3da_idx"),
            models.Index(fields=["offender_manager", "due_on"], name="dashboards__offende_bb774b_idx"),
            # The failed-to-notify list: a few kinds past their due date, across many offenders.
            models.Index(fields=["kind", "due_on"], name="outstanding_kind_due"),
        ]
        constraints = [
            # One item per offender, kind and reviewed record: recomputing is idempotent.
            models.UniqueConstraint(
                fields=["offender", "kind", "related_item_id"],
                nulls_distinct=False,
                name="outstanding_item_unique",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} due {self.due_on}"


class RecomputeRun(models.Model):
    """A record of each full or incremental recompute: when figures were last computed."""

    class Scope(models.TextChoices):
        FULL = "full", "Every offender"
        CHANGES = "changes", "Changed offenders"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField()
    offenders = models.PositiveIntegerField()
    added = models.PositiveIntegerField()
    removed = models.PositiveIntegerField()
    changed = models.PositiveIntegerField()

    class Meta:
        db_table = "dashboards_recomputerun"
        ordering = ["-finished_at"]
        get_latest_by = "finished_at"

    def __str__(self):
        return f"{self.get_scope_display()} at {self.finished_at:%Y-%m-%d %H:%M}"
