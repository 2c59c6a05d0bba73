"""manage.py restore_drill: the backup procedure, rehearsed end to end.

1. `pg_dump --format=custom` of the application's database (the backup: keep the file with
   `--keep-dump PATH`);
2. `pg_restore` into a new, empty database on the same server;
3. checks on the copy: every table has the same number of rows as the original; the s62
   log's hash chain checks out (`manage.py verify_audit_log` run against the copy); every trigger of the
   original is there (the append-only log and chain, signed-off records, field history);
   and the log really refuses a change;
4. the figures printed; the copy dropped (`--keep` leaves it for inspection).

Exits 1 if any check fails. Uses the server's own pg_dump and pg_restore when on the PATH,
else the ones bundled with the embedded PostgreSQL.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from psycopg import sql

from kit.postgres import connect, url

# Triggers the database itself holds for the system's integrity (not the foreign-key ones).
_TRIGGERS = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname"
_TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    try:
        import pgserver  # the embedded PostgreSQL's own binaries

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    except ImportError:
        bundled = None
    if bundled is None or not bundled.exists():
        raise CommandError(f"{name} is not installed: install PostgreSQL's client tools.")
    return str(bundled)


def _env(database: dict) -> dict:
    env = {"PGHOST": database.get("HOST") or "", "PGPORT": str(database.get("PORT") or "")}
    if database.get("USER"):
        env["PGUSER"] = database["USER"]
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    return {key: value for key, value in env.items() if value}


def _counts(conn: psycopg.Connection) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(_TABLES).fetchall()]
    return {
        table: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
        for table in tables
    }


class Command(BaseCommand):
    help = "Dump the database, restore it into an empty one and check the copy."

    def add_arguments(self, parser):
        parser.add_argument("--keep", action="store_true", help="leave the restored copy in place")
        parser.add_argument("--keep-dump", metavar="PATH", help="write the dump to PATH and keep it")

    def handle(self, *args, keep: bool, keep_dump: str | None, **options):
        database = settings.DATABASES["default"]
        source = connection.settings_dict["NAME"]
        copy = f"{source}_restore_drill"[:63]
        env = {**os.environ, **_env(database)}
        with tempfile.TemporaryDirectory() as folder:
            dump = Path(keep_dump) if keep_dump else Path(folder) / "backup.dump"
            started = time.monotonic()
            subprocess.run(  # noqa: S603 - PostgreSQL's own tool, our own arguments
                [_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dump}", f"--dbname={source}"],
                env=env,
                check=True,
            )
            dumped = time.monotonic() - started
            with connect(database, "postgres") as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy)))
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(copy)))
            started = time.monotonic()
            subprocess.run(  # noqa: S603 - PostgreSQL's own tool, our own arguments
                [_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--dbname={copy}", str(dump)],
                env=env,
                check=True,
            )
            restored = time.monotonic() - started
            size = dump.stat().st_size
        try:
            problems, figures = self._check(database, source, copy)
        finally:
            if not keep:
                with connect(database, "postgres") as admin:
                    admin.execute(
                        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(copy))
                    )
        self.stdout.write(
            f"Dumped {size / 1_048_576:.1f} MB in {dumped:.1f} s; restored into {copy} in {restored:.1f} s.\n"
            f"Tables: {figures['tables']}, rows: {figures['rows']:,} (each table's count as the original's); "
            f"audit log: {figures['chain']:,} entries check out against their chain; "
            f"triggers: {figures['triggers']} restored; the log refused a change."
        )
        if problems:
            raise CommandError("The restored copy differs: " + "; ".join(problems))

    def _check(self, database: dict, source: str, copy: str) -> tuple[list[str], dict]:
        problems = []
        with connect(database, source) as original, connect(database, copy) as restored:
            before, after = _counts(original), _counts(restored)
            problems += [
                f"{table} has {after.get(table)} rows, not {count}"
                for table, count in before.items()
                if after.get(table) != count
            ]
            triggers_before = [row[0] for row in original.execute(_TRIGGERS).fetchall()]
            triggers_after = [row[0] for row in restored.execute(_TRIGGERS).fetchall()]
            if triggers_after != triggers_before:
                problems.append(f"triggers missing: {sorted(set(triggers_before) - set(triggers_after))}")
            try:
                restored.execute("UPDATE offenders_auditevent SET actor_username = actor_username")
                if before.get("offenders_auditevent"):
                    problems.append("the restored log accepted a change")
            except psycopg.errors.Error as error:
                if "append-only" not in str(error):
                    problems.append(f"the restored log refused a change for another reason: {error}")
        # The chain checked as an operator would, by the command, against the copy.
        check = subprocess.run(  # noqa: S603 - our own manage.py with this interpreter
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "verify_audit_log"],
            env={**os.environ, "DATABASE_URL": url(database, copy)},
            capture_output=True,
            text=True,
        )
        if check.returncode != 0:
            problems.append(f"the audit chain does not check out: {check.stderr.strip()}")
        entries = re.search(r"([\d,]+) entries check out", check.stdout + check.stderr)
        return problems, {
            "tables": len(before),
            "rows": sum(before.values()),
            "chain": int(entries.group(1).replace(",", "")) if entries else 0,
            "triggers": len(triggers_after),
        }
