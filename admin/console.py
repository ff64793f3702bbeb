"""Assembles the Flask-Admin console: home page, menu and every model view."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, redirect, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.theme import Bootstrap4Theme
from flask_login import current_user
from sqlalchemy import func, select

from admin.database import db
from admin.scoping import apply_scope
from admin.security import csp_nonce
from admin.views.accounts import CounsellorView, UserView
from admin.views.agenda import AgendaPage
from admin.views.attendance_history import AttendanceHistoryPage
from admin.views.attendance_sessions import SessionsPage
from admin.views.audit_log import AuditLogView
from admin.views.calendar_feed import CalendarFeedPage, init_calendar_feed
from admin.views.contacts import ContactView
from admin.views.convocation import ConvocationPage
from admin.views.dashboard import DefinitionsView, PortfolioView, ProgrammeView
from admin.views.diagnostics import DiagnosticBarrierView, DiagnosticView, PlanItemView
from admin.views.imports import ImportView
from admin.views.interviews import InterviewsPage
from admin.views.matching import OpportunityPage
from admin.views.messages import MessagesView
from admin.views.opportunities import (
    EmployerView,
    EventView,
    OpportunityView,
    PositioningView,
    TrainingView,
)
from admin.views.parcours_solidarites import ParcoursSolidaritesPage
from admin.views.password import PasswordView
from admin.views.pathway import (
    AccompanimentView,
    ActionView,
    CerView,
    OutcomeView,
    ToAssignLink,
)
from admin.views.people import OrientationView, PersonView
from admin.views.person_file import PersonFileView
from admin.views.placement import PlacementPage
from admin.views.reference import (
    ContractTypeView,
    EducationLevelView,
    ExitReasonView,
    HousingSituationView,
    ReferenceView,
    WorkshopCatalogueView,
)
from admin.views.reports import FseFilePage, MonthlyReportPage
from admin.views.workflow import ParcoursView
from admin.views.working_hours import WorkingHoursPage
from admin.views.workshops import AttendanceView, WorkshopSessionView
from schema import (
    Accompaniment,
    Action,
    Attendance,
    AuditLog,
    BarrierFamily,
    Cer,
    Contact,
    ContractType,
    Counsellor,
    Diagnostic,
    DiagnosticBarrier,
    EducationLevel,
    Employer,
    Event,
    ExitReason,
    HousingSituation,
    Opportunity,
    Orientation,
    OrientationPath,
    OutboxMessage,
    Outcome,
    Person,
    PlanItem,
    Positioning,
    RomeCode,
    Training,
    TrainingScheme,
    User,
    Workshop,
    WorkshopSession,
)
from schema.enums import AccompanimentStatus, Role

RAPPORTS = "Rapports"
BENEFICIAIRES, SUIVI, ATELIERS, EMPLOI, REFERENTIELS, ADMINISTRATION = (
    "Bénéficiaires",
    "Suivi",
    "Ateliers",
    "Emploi et formation",
    "Référentiels",
    "Administration",
)


class HomeView(AdminIndexView):
    """Landing page: counsellors land on their portfolio, managers and funders on the programme
    dashboard; back-office and admin accounts get a few figures of what they may see."""

    def is_accessible(self) -> bool:
        return current_user.is_authenticated

    def inaccessible_callback(self, name: str, **kwargs: Any) -> Any:
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self) -> Any:
        cards = []
        role = Role(current_user.role)
        if role == Role.COUNSELLOR:
            return redirect(url_for("portfolio.index"))
        if role in (Role.MANAGER, Role.FUNDER):
            return redirect(url_for("programme.index"))
        if role in (Role.MANAGER, Role.COUNSELLOR, Role.BACKOFFICE, Role.FUNDER):
            counts = select(Accompaniment.status, func.count()).group_by(Accompaniment.status)
            counts = apply_scope(counts, Accompaniment, current_user)
            by_status = dict(db.session.execute(counts).all())
            for status in (
                AccompanimentStatus.A_CONTACTER,
                AccompanimentStatus.ACTIF,
                AccompanimentStatus.EN_ATTENTE,
            ):
                cards.append(
                    {
                        "title": f"Accompagnements — {status.label.lower()}",
                        "value": by_status.get(status.value, 0),
                        "url": url_for("accompaniment.index_view", flt1_statut_equals=status.value),
                    }
                )
        return self.render("admin/home.html", cards=cards)


TRANSLATIONS = str(Path(__file__).parent / "translations")


def _add_missing_french_messages() -> None:
    """Merge our catalogue of the messages Flask-Admin lacks into its translation domain.

    Flask-Admin adds ``translations_path`` only while a view is current, and Flask-Babel caches
    the first catalogue it builds per locale: register the folder on the domain itself so the
    cached catalogue always holds our messages.
    """
    from flask_admin.babel import domain

    directories = domain._translation_directories
    if isinstance(directories, list) and TRANSLATIONS not in directories:
        directories.append(TRANSLATIONS)


def init_console(app: Flask) -> Admin:
    _add_missing_french_messages()
    console = Admin(
        app,
        name="Ensemble vers l'emploi",
        index_view=HomeView(name="Accueil", url="/console", endpoint="admin"),
        theme=Bootstrap4Theme(base_template="admin/ensemble_master.html", fluid=True),
        translations_path=TRANSLATIONS,
        csp_nonce_generator=csp_nonce,
    )
    accompaniments = AccompanimentView(
        Accompaniment, name="Accompagnements", category=BENEFICIAIRES, endpoint="accompaniment"
    )
    views = [
        PortfolioView(name="Portefeuille", endpoint="portfolio", url="/console/portefeuille"),
        ProgrammeView(name="Tableau de bord", endpoint="programme", url="/console/tableau-de-bord"),
        AgendaPage(name="Agenda", endpoint="agenda", url="/console/agenda"),
        WorkingHoursPage(name="Horaires", endpoint="horaires", url="/console/horaires"),
        PersonView(Person, name="Personnes", category=BENEFICIAIRES, endpoint="person"),
        OrientationView(
            Orientation, name="Orientations", category=BENEFICIAIRES, endpoint="orientation"
        ),
        accompaniments,
        InterviewsPage(
            name="Entretiens du jour",
            category=SUIVI,
            endpoint="interviews",
            url="/console/entretiens",
        ),
        ContactView(Contact, name="Entretiens et contacts", category=SUIVI, endpoint="contact"),
        CerView(Cer, name="CER", category=SUIVI, endpoint="cer"),
        DiagnosticView(Diagnostic, name="Diagnostics", category=SUIVI, endpoint="diagnostic"),
        DiagnosticBarrierView(
            DiagnosticBarrier, name="Freins", category=SUIVI, endpoint="diagnostic_barrier"
        ),
        PlanItemView(PlanItem, name="Plans d'action", category=SUIVI, endpoint="plan_item"),
        ActionView(Action, name="Actions Parcours Solidarités", category=SUIVI, endpoint="action"),
        OutcomeView(Outcome, name="Sorties", category=SUIVI, endpoint="outcome"),
        MessagesView(OutboxMessage, name="Messages", category=SUIVI, endpoint="messages"),
        SessionsPage(
            name="Séances", category=ATELIERS, endpoint="emargement", url="/console/emargement"
        ),
        AttendanceHistoryPage(
            name="Historique d'émargement",
            endpoint="attendance_history",
            url="/console/emargement/personne",
        ),
        WorkshopSessionView(
            WorkshopSession,
            name="Liste des séances",
            category=ATELIERS,
            endpoint="workshop_session",
        ),
        AttendanceView(
            Attendance, name="Inscriptions et présences", category=ATELIERS, endpoint="attendance"
        ),
        OpportunityView(Opportunity, name="Offres", category=EMPLOI, endpoint="opportunity"),
        EmployerView(Employer, name="Employeurs", category=EMPLOI, endpoint="employer"),
        EventView(Event, name="Événements", category=EMPLOI, endpoint="event"),
        PositioningView(
            Positioning, name="Positionnements", category=EMPLOI, endpoint="positioning"
        ),
        TrainingView(Training, name="Formations", category=EMPLOI, endpoint="training"),
        ReferenceView(
            BarrierFamily, name="Familles de freins", category=REFERENTIELS, endpoint="ref_barrier"
        ),
        ExitReasonView(
            ExitReason, name="Motifs de sortie", category=REFERENTIELS, endpoint="ref_exit_reason"
        ),
        ContractTypeView(
            ContractType, name="Types de contrat", category=REFERENTIELS, endpoint="ref_contract"
        ),
        EducationLevelView(
            EducationLevel,
            name="Niveaux de formation",
            category=REFERENTIELS,
            endpoint="ref_education",
        ),
        ReferenceView(
            OrientationPath,
            name="Parcours d'orientation",
            category=REFERENTIELS,
            endpoint="ref_path",
        ),
        HousingSituationView(
            HousingSituation,
            name="Situations de logement",
            category=REFERENTIELS,
            endpoint="ref_housing",
        ),
        ReferenceView(
            TrainingScheme,
            name="Dispositifs de formation",
            category=REFERENTIELS,
            endpoint="ref_training_scheme",
        ),
        ReferenceView(RomeCode, name="Codes ROME", category=REFERENTIELS, endpoint="ref_rome"),
        WorkshopCatalogueView(
            Workshop, name="Catalogue des ateliers", category=REFERENTIELS, endpoint="ref_workshop"
        ),
        UserView(User, name="Comptes", category=ADMINISTRATION, endpoint="user"),
        CounsellorView(
            Counsellor, name="Conseiller·ères", category=ADMINISTRATION, endpoint="counsellor"
        ),
        AuditLogView(
            AuditLog, name="Journal d'audit", category=ADMINISTRATION, endpoint="audit_log"
        ),
        PasswordView(name="Changer mon mot de passe", endpoint="password", url="mot-de-passe"),
        PersonFileView(name="Droit d'accès", endpoint="person_file", url="droit-acces"),
        CalendarFeedPage(
            name="Mon agenda dans Outlook",
            endpoint="calendar_feed",
            url="/console/abonnement-agenda",
        ),
    ]
    console.add_views(*views)
    init_calendar_feed(app)
    console.add_link(ToAssignLink(accompaniments, name="À affecter", category=BENEFICIAIRES))
    console.add_view(
        ImportView(
            name="Importer des orientations",
            category=BENEFICIAIRES,
            endpoint="import_orientations",
            url="import",
        )
    )
    console.add_view(ParcoursView(name="Parcours", endpoint="parcours", url="/console/parcours"))
    console.add_view(
        ConvocationPage(name="Convoquer", endpoint="convocation", url="/console/convocation")
    )
    console.add_view(OpportunityPage(name="Offre", endpoint="offre", url="/console/offres"))
    console.add_view(
        PlacementPage(name="Positionnements", endpoint="placement", url="/console/placement")
    )
    console.add_view(
        DefinitionsView(name="Définitions", endpoint="definitions", url="/console/definitions")
    )
    console.add_views(
        ParcoursSolidaritesPage(
            name="À saisir sur Parcours Solidarités",
            category=SUIVI,
            endpoint="ps_to_enter",
            url="/console/a-saisir-parcours-solidarites",
        ),
        MonthlyReportPage(
            name="Rapport mensuel",
            category=RAPPORTS,
            endpoint="monthly_report",
            url="/console/rapport-mensuel",
        ),
        FseFilePage(
            name="Fichier participants FSE+",
            category=RAPPORTS,
            endpoint="fse_file",
            url="/console/fichier-fse",
        ),
    )

    @app.context_processor
    def _role_label() -> dict[str, str]:
        if current_user.is_authenticated:
            return {"role_label": Role(current_user.role).label}
        return {"role_label": ""}

    return console
