"""Each test worker's database, cloned from one migrated template instead of migrated afresh.

Migrating an empty database takes about 20 s of CPU, once per xdist worker and per run. The
suite migrates a template once, named by a digest of every migration and of the locked
dependencies (whose apps bring migrations too), and each worker clones it with PostgreSQL's
CREATE DATABASE … TEMPLATE in well under a second. A new or changed migration gives a new
digest, so a new template; older ones are dropped. Each run's databases are fresh clones:
nothing is kept from one run to the next but the migrated, empty template.

Creating the template and cloning it happen under a PostgreSQL advisory lock, so two workers
never build the same template twice or clone while it is being written.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
from psycopg import sql

from kit.postgres import connect, url

ROOT = Path(__file__).resolve().parent.parent
# What the migrated schema depends on: our migrations, and the pinned versions of the apps
# whose migrations run with them.
SCHEMA_INPUTS = ("*/migrations/*.py", "requirements/runtime.txt")


def schema_digest() -> str:
    digest = hashlib.sha256()
    for pattern in SCHEMA_INPUTS:
        for path in sorted(ROOT.glob(pattern)):
            if ".venv" in path.parts:
                continue
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _exists(admin: psycopg.Connection, name: str) -> bool:
    return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def _migrate(database_url: str) -> None:
    env = {**os.environ, "DATABASE_URL": database_url}
    subprocess.run(  # noqa: S603 - our own manage.py with this interpreter
        [sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def clone_test_database(database: dict, test_name: str) -> None:
    """Make `test_name` a fresh copy of the migrated template for this schema (building the
    template first if it is missing)."""
    template = f"{database['NAME']}_tpl_{schema_digest()}"[:63]
    with connect(database, "postgres") as admin:
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [database["NAME"] + "_tpl"])
        try:
            if not _exists(admin, template):
                building = f"{template[:54]}_building"
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(building)))
                admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(building)))
                _migrate(url(database, building))
                admin.execute(
                    sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                        sql.Identifier(building), sql.Identifier(template)
                    )
                )
                _drop_older_templates(admin, database["NAME"], keep=template)
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(test_name))
            )
            admin.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                    sql.Identifier(test_name), sql.Identifier(template)
                )
            )
        finally:
            admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [database["NAME"] + "_tpl"])


def _drop_older_templates(admin: psycopg.Connection, base: str, *, keep: str) -> None:
    older = admin.execute(
        "SELECT datname FROM pg_database WHERE datname LIKE %s AND datname <> %s", [f"{base}_tpl_%", keep]
    ).fetchall()
    for (name,) in older:
        try:
            admin.execute(sql.SQL("DROP DATABASE {}").format(sql.Identifier(name)))
        except psycopg.errors.ObjectInUse:
            continue  # another run is cloning it; a later run drops it
