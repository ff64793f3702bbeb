"""Console views of the reference lists (admin edits, manager reads)."""

from __future__ import annotations

from typing import ClassVar

from admin.views.base import SecuredModelView
from schema.enums import CiteBucket, ExitCategory, Phase

REFERENCE_LABELS = {
    "code": "Code",
    "label": "Libellé",
    "active": "Actif",
    "position": "Ordre",
    "category": "Catégorie",
    "is_employment": "Compte dans le retour à l'emploi",
    "is_positive": "Compte dans les sorties positives",
    "is_durable": "Emploi durable",
    "cite_bucket": "Niveau CITE",
    "is_homeless": "Sans-abri ou exclusion du logement",
    "phase": "Phase",
    "description": "Description",
    "default_capacity": "Capacité par défaut",
}


class ReferenceView(SecuredModelView):
    area = "reference"
    extra_columns: ClassVar[tuple[str, ...]] = ()
    column_labels = REFERENCE_LABELS
    column_default_sort = [("position", False), ("label", False)]
    column_searchable_list = ("code", "label")
    column_filters = ("active",)
    column_editable_list = ("label", "active", "position")

    def __init__(self, model: type, *args, **kwargs) -> None:
        self.column_list = ("code", "label", *self.extra_columns, "active", "position")
        self.column_sortable_list = ("code", "label", "active", "position")
        super().__init__(model, *args, **kwargs)


class ExitReasonView(ReferenceView):
    enums = {"category": ExitCategory}
    extra_columns = ("category", "is_employment", "is_positive")


class EducationLevelView(ReferenceView):
    enums = {"cite_bucket": CiteBucket}
    extra_columns = ("cite_bucket",)


class ContractTypeView(ReferenceView):
    extra_columns = ("is_durable",)


class HousingSituationView(ReferenceView):
    extra_columns = ("is_homeless",)


class WorkshopCatalogueView(ReferenceView):
    enums = {"phase": Phase}
    extra_columns = ("phase", "default_capacity")
