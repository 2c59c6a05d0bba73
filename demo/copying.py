"""Bulk loading for the demo data: rows as PostgreSQL COPY text, table and column names
from the models' `_meta`.

The generator writes each row as a tuple of already-encoded strings in the order of the
`Table`'s fields (`encode` below gives the encoding); fields it does not mention get their
model default, so a field added to a model later does not break the seed.
"""

import datetime
import json
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, connection, transaction
from django.db.models import Model

NULL = "\\N"
TRUE = "t"
FALSE = "f"


def encode(value) -> str:
    """A Python value as COPY text (generator text never holds tabs, newlines or backslashes)."""
    if value is None:
        return NULL
    if value is True:
        return TRUE
    if value is False:
        return FALSE
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    text = json.dumps(value) if isinstance(value, list | dict) else str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Table:
    """One model's table: the columns the generator fills, in order, plus defaults for the rest."""

    def __init__(self, model: type[Model], fields: Iterable[str], *, now: datetime.datetime):
        meta = model._meta
        self.model = model
        self.name = meta.db_table
        self.fields = tuple(fields)
        by_attname = {field.attname: field for field in meta.concrete_fields}
        unknown = set(self.fields) - set(by_attname)
        if unknown:
            raise ImproperlyConfigured(f"{meta.label} has no fields {sorted(unknown)}")
        columns = [by_attname[name].column for name in self.fields]
        defaults = []
        for field in meta.concrete_fields:
            if field.attname in self.fields or getattr(field, "generated", False):
                continue  # generated columns (Visit.is_exception) are computed by the database
            columns.append(field.column)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                defaults.append(encode(now))
            elif field.has_default():
                defaults.append(encode(field.get_db_prep_value(field.get_default(), connection)))
            elif field.null:
                defaults.append(NULL)
            elif field.empty_strings_allowed and field.blank:  # a text field left blank ("")
                defaults.append(encode(field.get_default()))
            else:
                raise ImproperlyConfigured(f"The demo generator does not fill {meta.label}.{field.name}")
        self.columns = tuple(columns)
        self.row_end = "".join("\t" + value for value in defaults) + "\n"
        self.rows: list[str] = []
        self.count = 0

    def add(self, *values: str) -> None:
        self.rows.append("\t".join(values))

    def take(self) -> str:
        """The rows added since the last call, as one COPY text block."""
        rows, self.rows = self.rows, []
        self.count += len(rows)
        return self.row_end.join(rows) + self.row_end if rows else ""

    def copy_sql(self) -> str:
        quote = connection.ops.quote_name
        return f"COPY {quote(self.name)} ({', '.join(quote(c) for c in self.columns)}) FROM STDIN"


def copy_text(table: Table, text: str) -> None:
    """Load a block of rows with COPY on Django's own connection (so inside its transaction)."""
    if not text:
        return
    connection.ensure_connection()
    with connection.connection.cursor() as cursor, cursor.copy(table.copy_sql()) as copy:
        copy.write(text)


@contextmanager
def bulk_load(tables: Iterable[str], log: Callable[[str], None] = lambda line: None):
    """PostgreSQL's recipe for populating a database ("Populating a Database" in its manual):
    drop the tables' foreign keys and secondary indexes, load, then rebuild the indexes and
    re-add the foreign keys, which validates every row in one join per key instead of a
    trigger per row. Primary keys, unique constraints and check constraints stay in force
    throughout. Must run inside a transaction: if anything fails, the schema rolls back with
    the data, and the re-added definitions are the ones read from the catalogue.
    """
    names = list(tables)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
            FROM pg_constraint
            WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
            ORDER BY conrelid::regclass::text, conname
            """,
            [names],
        )
        foreign_keys = cursor.fetchall()
        cursor.execute(
            """
            SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
            FROM pg_index i
            WHERE i.indrelid = ANY(%s::regclass[])
              AND NOT EXISTS (
                SELECT 1 FROM pg_constraint c
                WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x')
              )
            ORDER BY 1
            """,
            [names],
        )
        indexes = cursor.fetchall()
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for table, name, _ in foreign_keys:
                cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {quote(name)}")
    except DatabaseError as error:  # not the tables' owner: load with everything in place
        log(f"Loading with indexes and foreign keys in place (slower): {error}".strip())
        yield
        return
    yield
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for name in names:
            cursor.execute(f"ANALYZE {quote(name)}")  # good plans for the foreign-key checks
        for _, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    log(
        f"Rebuilt {len(indexes)} indexes and checked {len(foreign_keys)} foreign keys "
        f"({time.monotonic() - started:.1f} s)"
    )


def next_id(model: type[Model]) -> int:
    """The first id after the table's rows: the generator chooses ids itself, for COPY."""
    table = connection.ops.quote_name(model._meta.db_table)  # a model's own table, quoted
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cursor.fetchone()[0]


def reset_sequence(model: type[Model]) -> None:
    """Point the id sequence past the ids the generator chose itself."""
    table = model._meta.db_table
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence(%s, 'id'), MAX(id)) FROM {quoted}", [table])  # noqa: S608
