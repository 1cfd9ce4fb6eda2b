"""Alembic environment: runs on the connection handed over by `edu.database.upgrade`."""

from alembic import context
from sqlalchemy import create_engine

from edu.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:  # plain `alembic` on the command line: use DATABASE_URL or the app's default
    from edu import create_app

    url = create_app().config["SQLALCHEMY_DATABASE_URI"]
    engine = create_engine(url)
    with engine.connect() as connection:
        run_migrations(connection)
    engine.dispose()
