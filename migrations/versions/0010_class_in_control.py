"""names folded with an initial, extensions, score overrides, closing set work, draft scores

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 12:20:00
"""

import unicodedata

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _fold(text: str) -> str:
    # The same folding as edu.accounts.names.fold_name, frozen here as it was at this revision.
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    kept = "".join(char for char in decomposed if not unicodedata.combining(char))
    return "".join(char for char in kept if char not in " -‐‑'’.")[:40]


def upgrade() -> None:
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("initial", sa.String(length=8), server_default="", nullable=False)
        )
        batch_op.drop_constraint("uq_pupils_class_id_name_key", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_pupils_class_id_name_key_initial"), ["class_id", "name_key", "initial"]
        )
    # Fold the names already stored; two pupils that now share a key are told apart by a number
    # the teacher can change into an initial.
    connection = op.get_bind()
    pupils = sa.table(
        "pupils",
        sa.column("id", sa.Integer),
        sa.column("class_id", sa.Integer),
        sa.column("first_name", sa.String),
        sa.column("name_key", sa.String),
        sa.column("initial", sa.String),
    )
    rows = connection.execute(
        sa.select(pupils.c.id, pupils.c.class_id, pupils.c.first_name).order_by(pupils.c.id)
    ).all()
    # First a key no name can have, so that no row meets another's old key on the way.
    connection.execute(
        pupils.update().values(name_key=sa.literal("#") + sa.cast(pupils.c.id, sa.String))
    )
    seen: dict[tuple[int, str], int] = {}
    for row in rows:
        key = _fold(row.first_name)
        count = seen.get((row.class_id, key), 0) + 1
        seen[row.class_id, key] = count
        connection.execute(
            pupils.update()
            .where(pupils.c.id == row.id)
            .values(name_key=key, initial="" if count == 1 else f"{count}.")
        )

    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("debate_scores", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("draft", sa.Boolean(), server_default=sa.false(), nullable=False)
        )

    op.create_table(
        "assignment_extensions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("granted_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_extensions_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["granted_by_id"],
            ["users.id"],
            name=op.f("fk_assignment_extensions_granted_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name=op.f("fk_assignment_extensions_pupil_id_pupils"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assignment_extensions")),
        sa.UniqueConstraint(
            "assignment_id", "pupil_id", name=op.f("uq_assignment_extensions_assignment_id_pupil_id")
        ),
    )
    with op.batch_alter_table("assignment_extensions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_assignment_extensions_pupil_id"), ["pupil_id"], unique=False
        )

    op.create_table(
        "score_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("pupil_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column(
            "set_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_score_overrides_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pupil_id"],
            ["pupils.id"],
            name=op.f("fk_score_overrides_pupil_id_pupils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["users.id"],
            name=op.f("fk_score_overrides_set_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_score_overrides")),
        sa.UniqueConstraint(
            "assignment_id", "pupil_id", name=op.f("uq_score_overrides_assignment_id_pupil_id")
        ),
    )
    with op.batch_alter_table("score_overrides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_score_overrides_pupil_id"), ["pupil_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("score_overrides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_overrides_pupil_id"))
    op.drop_table("score_overrides")
    with op.batch_alter_table("assignment_extensions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_extensions_pupil_id"))
    op.drop_table("assignment_extensions")
    with op.batch_alter_table("debate_scores", schema=None) as batch_op:
        batch_op.drop_column("draft")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_column("closed_at")
    with op.batch_alter_table("pupils", schema=None) as batch_op:
        batch_op.drop_constraint("uq_pupils_class_id_name_key_initial", type_="unique")
        batch_op.create_unique_constraint("uq_pupils_class_id_name_key", ["class_id", "name_key"])
        batch_op.drop_column("initial")
