"""an index on every foreign key that had none

Pages filter on them (a learner's debates, an article's items and attempts, a version's
answers) and deleting a learner or an article must not scan each table that points at it.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 18:50:00
"""

from alembic import op


revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

# (table, column), each indexed as ix_<table>_<column>, the models' naming convention.
FOREIGN_KEYS = (
    ("article_themes", "theme_id"),
    ("items", "article_id"),
    ("article_drafts", "author_id"),
    ("audit_events", "user_id"),
    ("question_facts", "fact_id"),
    ("argument_facts", "fact_id"),
    ("assignments", "article_id"),
    ("assignments", "question_id"),
    ("assignment_extensions", "granted_by_id"),
    ("attempts", "article_id"),
    ("attempts", "theme_id"),
    ("debates", "question_id"),
    ("debates", "host_id"),
    ("score_overrides", "set_by_id"),
    ("debate_participants", "convincing_id"),
    ("debate_participants", "learner_id"),
    ("responses", "item_version_id"),
    ("debate_scores", "scorer_user_id"),
    ("debate_scores", "scorer_id"),
)


def upgrade() -> None:
    for table, column in FOREIGN_KEYS:
        op.create_index(f"ix_{table}_{column}", table, [column])


def downgrade() -> None:
    for table, column in reversed(FOREIGN_KEYS):
        op.drop_index(f"ix_{table}_{column}", table_name=table)
