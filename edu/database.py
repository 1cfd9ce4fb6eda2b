"""The database: SQLite tuned for concurrent readers, schema managed by Alembic migrations."""

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from edu.extensions import db

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, _record) -> None:
    """WAL lets readers work beside one writer; SQLite enforces foreign keys only on demand."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")  # safe with WAL: a crash loses no integrity
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


@event.listens_for(Engine, "savepoint")
def _begin_before_sqlite_savepoint(connection: Connection, _name: str | None) -> None:
    """The sqlite3 driver opens a transaction only before its first write: a savepoint taken
    earlier would open one of its own, which its release commits, outside the request's. Open
    it first; IMMEDIATE takes the write lock now, as the savepoint is there to write."""
    if connection.dialect.name != "sqlite":
        return
    driver_connection = connection.connection.dbapi_connection
    if driver_connection is not None and not driver_connection.in_transaction:
        driver_connection.execute("BEGIN IMMEDIATE")


def alembic_config(connection: Connection) -> "Config":
    # Imported here: Alembic takes ≈ 0.25 s to import, and only `db upgrade` and the
    # migration tests need it, never a worker.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Bring the schema to `revision`; run before any worker starts, never inside the factory."""
    from alembic import command

    command.upgrade(alembic_config(connection), revision)


def init_app(app: Flask) -> None:
    db.init_app(app)
