"""Snapshots of every dashboard figure, for trends and the weekly/monthly reconciliation."""

from django.db import models

from workforce.models import Force


class SnapshotRun(models.Model):
    """One snapshot of every force, team and offender manager, taken on a day."""

    class Period(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    period = models.CharField(max_length=10, choices=Period.choices)
    taken_on = models.DateField()
    offenders = models.PositiveIntegerField(default=0)  # rows kept for reconciliation (weekly, monthly)
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-taken_on", "period"]
        constraints = [
            # One snapshot of each period a day: taking it again replaces it.
            models.UniqueConstraint(fields=["period", "taken_on"], name="snapshot_run_unique")
        ]

    def __str__(self):
        return f"{self.get_period_display()} snapshot of {self.taken_on:%-d %B %Y}"


class MetricSnapshot(models.Model):
    """Every metric of one scope (`dashboards.metrics.Metrics.as_dict`) in one snapshot."""

    run = models.ForeignKey(SnapshotRun, on_delete=models.CASCADE, related_name="metrics")
    level = models.CharField(max_length=5)  # dashboards.metrics.Level
    key = models.BigIntegerField()  # the force, team or staff id
    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="+")
    metrics = models.JSONField()

    class Meta:
        indexes = [models.Index(fields=["level", "key"])]
        constraints = [models.UniqueConstraint(fields=["run", "level", "key"], name="metric_snapshot_unique")]

    def __str__(self):
        return f"{self.level} {self.key} in {self.run}"


class SnapshotOffender(models.Model):  # noqa: DJ008 - rows of a snapshot, never shown one by one
    """An offender counted in a weekly or monthly snapshot, as they stood then. Plain ids, not
    foreign keys: a snapshot is a record of what was counted and outlives later changes."""

    run = models.ForeignKey(SnapshotRun, on_delete=models.CASCADE, related_name="+")
    offender_id = models.BigIntegerField()
    force_id = models.BigIntegerField()
    team_id = models.BigIntegerField()
    offender_manager_id = models.BigIntegerField(null=True)
    status = models.CharField(max_length=20)
    risk_level = models.CharField(max_length=10, null=True)
    lead_agency = models.CharField(max_length=10)

    class Meta:
        indexes = [
            models.Index(fields=["run", "force_id"]),
            models.Index(fields=["run", "team_id"]),
            models.Index(fields=["run", "offender_manager_id"]),
        ]


class SnapshotItem(models.Model):  # noqa: DJ008 - rows of a snapshot, never shown one by one
    """An outstanding item in a weekly or monthly snapshot."""

    run = models.ForeignKey(SnapshotRun, on_delete=models.CASCADE, related_name="+")
    offender_id = models.BigIntegerField()
    force_id = models.BigIntegerField()
    team_id = models.BigIntegerField()
    offender_manager_id = models.BigIntegerField(null=True)
    kind = models.CharField(max_length=30)
    related_item_id = models.BigIntegerField(null=True)
    due_on = models.DateField()
    risk_level = models.CharField(max_length=10, null=True)

    class Meta:
        indexes = [
            models.Index(fields=["run", "force_id"]),
            models.Index(fields=["run", "team_id"]),
            models.Index(fields=["run", "offender_manager_id"]),
        ]
