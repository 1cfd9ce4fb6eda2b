"""The migrations build exactly the tables the models describe, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from edu import database
from edu.models import Base


def test_migrated_schema_matches_the_models(database_url):
    url, options = database_url
    engine = create_engine(url, **options)
    try:
        with engine.begin() as connection:
            database.upgrade(connection)
            context = MigrationContext.configure(connection)
            differences = [
                change
                for change in compare_metadata(context, Base.metadata)
                if not (isinstance(change, tuple) and change[0] == "remove_table")
                or change[1].name != "alembic_version"
            ]
    finally:
        engine.dispose()
    assert differences == []


def test_old_spellings_of_one_name_are_told_apart_when_migrated(database_url):
    """Two pupils of one class stored as "Zoé" and "zoe" before names were folded."""
    url, options = database_url
    engine = create_engine(url, **options)
    try:
        with engine.begin() as connection:
            database.upgrade(connection, revision="0009")
            connection.exec_driver_sql(
                "INSERT INTO users (id, username, password_hash, role, created_at)"
                " VALUES (1, 't', 'x', 'teacher', CURRENT_TIMESTAMP)"
            )
            connection.exec_driver_sql(
                "INSERT INTO classes (id, public_id, name, teacher_id, join_code, created_at)"
                " VALUES (1, 'c1', '4B', 1, 'ABCDEF', CURRENT_TIMESTAMP)"
            )
            for number, name in ((1, "Zoé"), (2, "zoe"), (3, "Léo")):
                connection.exec_driver_sql(
                    "INSERT INTO learners (id, public_id, kind, created_at, last_seen_at)"
                    f" VALUES ({number}, 'l{number}', 'pupil', CURRENT_TIMESTAMP,"
                    " CURRENT_TIMESTAMP)"
                )
                connection.exec_driver_sql(
                    "INSERT INTO pupils (id, class_id, learner_id, first_name, name_key, pin,"
                    f" wrong_pins, created_at) VALUES ({number}, 1, {number}, '{name}',"
                    f" '{name.casefold()}', '1234', 0, CURRENT_TIMESTAMP)"
                )
            database.upgrade(connection)
            rows = connection.exec_driver_sql(
                "SELECT first_name, name_key, initial FROM pupils ORDER BY id"
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("Zoé", "zoe", ""),
        ("zoe", "zoe", "2."),
        ("Léo", "leo", ""),
    ]


def test_every_foreign_key_leads_an_index():
    """Pages filter on foreign keys and deletions follow them: none is left to a full scan
    (PostgreSQL indexes no foreign key by itself)."""
    from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint

    from edu.models import Base

    unindexed = []
    for table in Base.metadata.sorted_tables:
        leading = {index.columns[0] for index in table.indexes}
        leading |= {
            next(iter(c.columns))
            for c in table.constraints
            if isinstance(c, PrimaryKeyConstraint | UniqueConstraint) and c.columns
        }
        unindexed += [
            f"{table.name}.{fk.column_keys[0]}"
            for fk in table.foreign_key_constraints
            if next(iter(fk.columns)) not in leading
        ]
    assert unindexed == []
    participants = Base.metadata.tables["debate_participants"]
    assert "ix_debate_participants_learner_id" in {index.name for index in participants.indexes}
