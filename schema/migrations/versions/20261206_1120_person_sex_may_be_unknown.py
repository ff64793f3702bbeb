"""person: the sex may be unknown ("à compléter") when an orientation list does not carry it

Revision ID: 1120
Revises: 1104
Create Date: 2026-12-06 11:20:00.000000

SQLite cannot drop a NOT NULL in place, and batch mode's rebuild (copy, drop, rename) of
``person`` fails as soon as a row points at a person (ON DELETE RESTRICT, foreign keys on, and
``PRAGMA foreign_keys`` has no effect inside a transaction). SQLite documents a simpler
procedure for removing a NOT NULL, which leaves the stored rows untouched: rewrite the table's
definition in ``sqlite_schema`` and bump ``schema_version``
(https://www.sqlite.org/lang_altertable.html#otheralter). PostgreSQL uses ALTER COLUMN.
"""

from alembic import op
import sqlalchemy as sa


revision = '1120'
down_revision = '1104'
branch_labels = None
depends_on = None

NOT_NULL = 'sex VARCHAR(1) NOT NULL'
NULLABLE = 'sex VARCHAR(1)'


def _rewrite_sqlite_definition(old: str, new: str) -> None:
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'person'"
    ).scalar_one()
    if old not in sql:
        raise RuntimeError(f"Définition inattendue de la table person : « {old} » introuvable.")
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'person'",
        (sql.replace(old, new, 1),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")
    check = bind.exec_driver_sql("PRAGMA integrity_check").scalar_one()
    if check != "ok":
        raise RuntimeError(f"Contrôle d'intégrité SQLite en échec : {check}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_definition(NOT_NULL, NULLABLE)
        return
    op.alter_column('person', 'sex', existing_type=sa.String(length=1), nullable=True)


def downgrade() -> None:
    unknown = op.get_bind().exec_driver_sql("SELECT count(*) FROM person WHERE sex IS NULL")
    count = unknown.scalar_one()
    if count:
        raise RuntimeError(
            f"{count} personne(s) sans sexe renseigné : complétez-les avant de revenir en arrière."
        )
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_definition(NULLABLE, NOT_NULL)
        return
    op.alter_column('person', 'sex', existing_type=sa.String(length=1), nullable=False)
