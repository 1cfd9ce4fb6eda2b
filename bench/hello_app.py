"""The yardsticks: bare Flask routes, served exactly like Agora, to compare throughput against.

`/hello` returns a string; `/insert` adds one row with SQLAlchemy to the database at
BENCH_INSERT_URL (created by `create_schema()` before the workers start).
"""

import os

from flask import Flask
from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, event, insert

metadata = MetaData()
hits = Table("hits", metadata, Column("id", Integer, primary_key=True), Column("path", String(50)))
engine = create_engine(os.environ.get("BENCH_INSERT_URL", "sqlite://"))


@event.listens_for(engine, "connect")
def _wal(dbapi_connection, _record) -> None:
    if engine.dialect.name == "sqlite":
        dbapi_connection.execute("PRAGMA journal_mode=WAL")
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")  # as Agora tunes SQLite
        dbapi_connection.execute("PRAGMA busy_timeout=5000")


def create_schema() -> None:
    metadata.create_all(engine)


app = Flask(__name__)


@app.get("/hello")
def hello():
    return "Hello"


@app.post("/insert")
def add_hit():
    with engine.begin() as connection:
        connection.execute(insert(hits).values(path="/insert"))
    return "", 204
