"""outbox: messages about appointments (SMS, e-mail, letter); a person may refuse SMS and e-mails

Revision ID: 1161
Revises: 1160
Create Date: 2026-12-06 12:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = '1161'
down_revision = '1160'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('outbox_message',
    sa.Column('accompaniment_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=11), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('recipient', sa.String(length=400), nullable=False),
    sa.Column('subject', sa.String(length=200), nullable=True),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.String(length=500), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('claimed_at', sa.DateTime(), nullable=True),
    sa.Column('claim_token', sa.String(length=32), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint("channel IN ('sms', 'email', 'courrier')", name=op.f('ck_outbox_message_channel_valid')),
    sa.CheckConstraint("kind IN ('invitation', 'rappel', 'deplacement', 'annulation')", name=op.f('ck_outbox_message_kind_valid')),
    sa.CheckConstraint("status IN ('a_envoyer', 'envoye', 'journalise', 'echec', 'a_imprimer', 'poste', 'annule')", name=op.f('ck_outbox_message_status_valid')),
    sa.CheckConstraint('attempts >= 0', name=op.f('ck_outbox_message_attempts_positive')),
    sa.CheckConstraint('length(body) <= 2000', name=op.f('ck_outbox_message_body_length')),
    sa.ForeignKeyConstraint(['accompaniment_id'], ['accompaniment.id'], name=op.f('fk_outbox_message_accompaniment_id_accompaniment'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_outbox_message_contact_id_contact'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['person_id'], ['person.id'], name=op.f('fk_outbox_message_person_id_person'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_message'))
    )
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_message_accompaniment_id'), ['accompaniment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_message_person_id'), ['person_id'], unique=False)
        batch_op.create_index('ix_outbox_message_status_due', ['status', 'due_at'], unique=False)

    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.add_column(sa.Column('messages_opt_out', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_column('messages_opt_out')

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_status_due')
        batch_op.drop_index(batch_op.f('ix_outbox_message_person_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_contact_id'))
        batch_op.drop_index(batch_op.f('ix_outbox_message_accompaniment_id'))

    op.drop_table('outbox_message')
