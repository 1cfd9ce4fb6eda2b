"""The declarative base shared by every model."""

from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import DateTime, MetaData, Table, func
from sqlalchemy.orm import DeclarativeBase, MappedColumn, mapped_column

# Named constraints so that Alembic migrations can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    if TYPE_CHECKING:  # each model maps one Table; SQLAlchemy types it as any FromClause
        __table__: ClassVar[Table]


def created_now() -> MappedColumn:
    """A timezone-aware timestamp the database sets when the row is written."""
    return mapped_column(DateTime(timezone=True), server_default=func.now())
