"""a review of chosen facts set as work: the facts it asks

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 23:45:00
"""

from alembic import op
import sqlalchemy as sa


revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assignment_facts",
        sa.Column("assignment_id", sa.Integer(), nullable=False),
        sa.Column("fact_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignment_id"],
            ["assignments.id"],
            name=op.f("fk_assignment_facts_assignment_id_assignments"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["fact_id"],
            ["facts.id"],
            name=op.f("fk_assignment_facts_fact_id_facts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assignment_id", "fact_id", name=op.f("pk_assignment_facts")),
    )
    op.create_index("ix_assignment_facts_fact_id", "assignment_facts", ["fact_id"])


def downgrade() -> None:
    op.drop_table("assignment_facts")
