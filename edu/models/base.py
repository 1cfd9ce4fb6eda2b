"""The declarative base shared by every model."""

from typing import TYPE_CHECKING, ClassVar

from sqlalchemy import (
    DateTime,
    Index,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    func,
)
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


def index_foreign_keys(metadata: MetaData) -> None:
    """Give every foreign key an index that starts with it, unless one already does: pages
    filter on them (a learner's debates, an article's items, a version's answers), and
    deleting a learner or an article must not scan every table that points at it
    (PostgreSQL indexes no foreign key by itself)."""
    for table in metadata.tables.values():
        leading = {index.columns[0] for index in table.indexes if index.columns}
        for constraint in table.constraints:
            columns = list(getattr(constraint, "columns", ()))
            if columns and isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint):
                leading.add(columns[0])
        for foreign_key in sorted(
            table.foreign_key_constraints, key=lambda fk: tuple(fk.column_keys)
        ):
            column = next(iter(foreign_key.columns))
            if column not in leading:
                Index(None, column)  # named by the convention: ix_<table>_<column>
                leading.add(column)
