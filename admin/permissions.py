"""Who may do what: one table of roles per area of the console, and who may see people."""

from __future__ import annotations

from dataclasses import dataclass

from schema.enums import Role

A, M, C, B, F = Role.ADMIN, Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER


@dataclass(frozen=True)
class Access:
    """Roles that may read, create, edit and delete in one area."""

    read: frozenset[Role]
    create: frozenset[Role] = frozenset()
    edit: frozenset[Role] = frozenset()
    delete: frozenset[Role] = frozenset()


def access(read, create=(), edit=None, delete=()) -> Access:
    return Access(
        read=frozenset(read),
        create=frozenset(create),
        edit=frozenset(create if edit is None else edit),
        delete=frozenset(delete),
    )


# Roles that never see diagnostics, barriers, syntheses or CER objectives.
NO_SENSITIVE = frozenset({B, F, A})

AREAS: dict[str, Access] = {
    "people": access(read=(M, C, B, F), create=(M, C, B)),
    "orientations": access(read=(M, C, B, F), create=(M, C)),
    "accompaniments": access(read=(M, C, B, F), create=(M, C)),
    "pathway": access(read=(M, C, F), create=(M, C), delete=(M,)),
    "diagnostics": access(read=(M, C), create=(M, C), delete=(M, C)),
    "contacts": access(read=(M, C, B, F), create=(M, C, B), delete=(M, C, B)),
    # Outbox of appointment messages: read-only list; "edit" = mark a letter posted, resend.
    "messages": access(read=(M, C, B), edit=(M, C, B)),
    "workshops": access(read=(M, C, B, F), create=(M, C, B), delete=(M, B)),
    "opportunities": access(read=(M, C, F), create=(M, C), delete=(M,)),
    "reference": access(read=(A, M), create=(A,), delete=(A,)),
    "accounts": access(read=(A,), create=(A,), delete=()),
    "counsellors": access(read=(A, M), create=(A,), edit=(A, M), delete=(A,)),
    # Importing orientations: a manager's tool (its preview names the people of the file).
    "imports": access(read=(M,), create=(M,), edit=()),
    # A counsellor's week: planning, moving and cancelling appointments (no syntheses shown).
    "agenda": access(read=(M, C, B), create=(M, C, B)),
    # Counsellors' working hours: reference data kept by the manager.
    "working_hours": access(read=(M,), create=(M,)),
    # Journal d'audit and right of access: read-only pages (exports are audited).
    "audit": access(read=(A, M)),
    "right_of_access": access(read=(M,)),
}


def sees_people(role: Role | None) -> bool:
    """Whether a role may see beneficiaries at all: their names, numbers, what was searched.

    The admin holds accounts and reference lists only: in the journal it sees who did what to
    which object, never the person concerned nor the free-text detail (searches, file names).
    """
    return role in AREAS["people"].read
