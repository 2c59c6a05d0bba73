"""`manage.py benchmark` on a tiny national dataset: it prints every figure the issue asks for,
judges each target, and fails when its raw-SQL baseline and the dashboard disagree.

Transactional tests: the benchmark times the recompute that runs after a write commits, which
never happens inside the transaction an ordinary test runs in."""

import io
import re
from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from demo import benchmark
from visits.models import Visit
from workforce.models import Force, Staff

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

TINY = {"offenders": 300, "forces": 3, "requests": 3, "writes": 5}
FIGURES = (
    "Seed: ",
    "Full recompute (first fill of an empty table): ",
    "Full recompute (nightly run): ",
    "Incremental recompute after commit (one offender): p50 ",
    "Write alone (visit_save + record_submit, committed): p50 ",
    "Write + recompute: p50 ",
    "Force dashboard /dashboards/?scope=force: p50 ",
    "Team dashboard /dashboards/?scope=team:",
    "OM dashboard /dashboards/?scope=om:",
    "API (force scope) /api/v1/dashboard/?scope=force: p50 ",
    "Baseline, the force's own numbers (five queries): p50 ",
    "Baseline, every number of the force page (the force, each team, crewing, span, abstractions; "
    "twelve queries): p50 ",
    "Ratio force dashboard page / whole-page baseline: p95 ",
    "CPUs: ",
    "PostgreSQL: PostgreSQL ",
    "offenders: ",
    "outstanding items: ",
    "visits: ",
    "forces: ",
)
TARGETS = (
    "Full recompute (nightly run)",
    "Incremental recompute p95",
    "Force dashboard p95",
    "Force dashboard p95 / baseline p95",
    "Baseline numbers equal the dashboard's",
    "Query count independent of data size",
)


def run(**options) -> str:
    out = io.StringIO()
    try:
        call_command("benchmark", **(TINY | options), stdout=out)
    finally:
        print(out.getvalue())  # shown when the test fails
    return out.getvalue()


def test_the_benchmark_prints_every_figure_and_the_baseline_agrees():
    output = run()
    for figure in FIGURES:
        assert figure in output, figure
    assert re.search(r"Baseline agrees with the dashboard: all [\d,]+ numbers of .+ are equal\.", output)
    assert "teams' figures, crewing, span and abstractions, are equal" in output
    summary = output.split("== Summary\n", 1)[1].splitlines()
    for target in TARGETS:
        row = next(line for line in summary if line.startswith(target))
        assert row.endswith(("MET", "MISSED")), row
    assert re.search(r"Query count independent of data size +force (\d+)/\1, team (\d+)/\2", output)
    # The tiny seed has several forces, so largest and smallest differ; the benchmark's visits are gone.
    assert Force.objects.count() > 1
    assert not Visit.objects.filter(observations="Benchmark visit.").exists()


def test_the_benchmark_fails_when_the_baseline_disagrees_with_the_dashboard(monkeypatch):
    honest = benchmark.baseline_force_metrics

    def one_too_many(*args, **kwargs):
        result = honest(*args, **kwargs)
        return replace(result, metrics=replace(result.metrics, total=result.metrics.total + 1))

    monkeypatch.setattr(benchmark, "baseline_force_metrics", one_too_many)
    with pytest.raises(CommandError, match="disagree"):
        run(requests=1, writes=1)


def test_the_benchmark_refuses_a_database_with_real_people_in_it():
    Staff.objects.create(username="real.person", email="real.person@police.example")
    with pytest.raises(CommandError, match="not demo data"):
        run()
    assert not Force.objects.exists()
