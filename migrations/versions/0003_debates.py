"""debates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "debates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=8), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=8), nullable=False),
        sa.Column("host_id", sa.Integer(), nullable=True),
        sa.Column("language_class", sa.Boolean(), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["host_id"],
            ["learners.id"],
            name=op.f("fk_debates_host_id_learners"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_debates_question_id_questions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debates")),
        sa.UniqueConstraint("code", name=op.f("uq_debates_code")),
        sa.UniqueConstraint("public_id", name=op.f("uq_debates_public_id")),
    )
    op.create_table(
        "debate_participants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("debate_id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("side", sa.String(length=8), nullable=False),
        sa.Column("first_vote", sa.String(length=8), nullable=False),
        sa.Column("final_vote", sa.String(length=8), nullable=True),
        sa.Column("convincing_id", sa.Integer(), nullable=True),
        sa.Column(
            "joined_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["convincing_id"],
            ["debate_participants.id"],
            name=op.f("fk_debate_participants_convincing_id_debate_participants"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["debate_id"],
            ["debates.id"],
            name=op.f("fk_debate_participants_debate_id_debates"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_debate_participants_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debate_participants")),
        sa.UniqueConstraint(
            "debate_id", "learner_id", name=op.f("uq_debate_participants_debate_id_learner_id")
        ),
    )
    op.create_table(
        "debate_contributions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("cited", sa.JSON(), nullable=False),
        sa.Column("target", sa.String(length=40), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["debate_participants.id"],
            name=op.f("fk_debate_contributions_participant_id_debate_participants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debate_contributions")),
        sa.UniqueConstraint(
            "participant_id", "phase", name=op.f("uq_debate_contributions_participant_id_phase")
        ),
    )
    op.create_table(
        "debate_scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sa.Integer(), nullable=False),
        sa.Column("scorer_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=8), nullable=False),
        sa.Column("criterion", sa.String(length=32), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column(
            "scored_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("(CURRENT_TIMESTAMP)"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["participant_id"],
            ["debate_participants.id"],
            name=op.f("fk_debate_scores_participant_id_debate_participants"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scorer_id"],
            ["learners.id"],
            name=op.f("fk_debate_scores_scorer_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_debate_scores")),
        sa.UniqueConstraint(
            "participant_id",
            "scorer_id",
            "criterion",
            name=op.f("uq_debate_scores_participant_id_scorer_id_criterion"),
        ),
    )


def downgrade() -> None:
    op.drop_table("debate_scores")
    op.drop_table("debate_contributions")
    op.drop_table("debate_participants")
    op.drop_table("debates")
