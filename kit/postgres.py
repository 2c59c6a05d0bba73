"""Reaching another database on the same PostgreSQL server as Django's `default` (settings
DATABASES entry), for tools that create, copy or drop whole databases."""

import psycopg


def connect(database: dict, name: str) -> psycopg.Connection:
    """A connection to database `name` on `database`'s server, outside any transaction."""
    return psycopg.connect(
        dbname=name,
        user=database.get("USER") or None,
        password=database.get("PASSWORD") or None,
        host=database.get("HOST") or None,
        port=database.get("PORT") or None,
        autocommit=True,
    )


def url(database: dict, name: str) -> str:
    """The DATABASE_URL of database `name` on `database`'s server."""
    user = database.get("USER") or ""
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or "5432"
    return f"postgresql://{user}{password}@{host}:{port}/{name}"
