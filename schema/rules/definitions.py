"""The definitions shown to users (page "Définitions", tooltips, monthly report), in French.

Written once here; the rules' thresholds are read from the rule modules so text and code agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from schema.rules import capacity, contacts, diagnostics, duration, first_appointment
from schema.rules import parcours_solidarites as ps


@dataclass(frozen=True)
class Definition:
    title: str
    text: str
    rule: str = ""  # R1…R12, when the definition belongs to a rule


_ITEMS = [
    (
        "date_entree",
        Definition(
            "Date d'entrée",
            "La date d'entrée dans le parcours est la date du premier rendez-vous tenu "
            "(entretien honoré) avec le ou la conseiller·ère. Avant ce rendez-vous, "
            "l'accompagnement est « à contacter ».",
        ),
    ),
    (
        "premier_rdv",
        Definition(
            "Délai du premier rendez-vous",
            "Le délai est le nombre de jours entre la décision d'orientation du Département "
            f"(D0) et le premier rendez-vous tenu. Il doit être d'au plus "
            f"{first_appointment.DELAY_DAYS} jours : le rendez-vous est « bientôt dû » à partir "
            f"de J+{first_appointment.SOON_FROM_DAY} et « en retard » à partir de "
            f"J+{first_appointment.DELAY_DAYS + 1} s'il n'a pas eu lieu.",
            "R1",
        ),
    ),
    (
        "cer",
        Definition(
            "CER",
            "Le contrat d'engagement réciproque est signé au premier rendez-vous. Un "
            "accompagnement actif ou en attente sans CER signé est « CER manquant », sauf si "
            "une réorientation (parcours socio-professionnel ou social) a été enregistrée : "
            "elle remplace le CER.",
            "R2",
        ),
    ),
    (
        "contact",
        Definition(
            "Contact",
            "Un contact compte lorsqu'il a eu lieu (statut « honoré ») : entretien physique, "
            "téléphone, visio, SMS ou e-mail, accompagnement physique. La présence à un atelier "
            "(statut « présent ») compte aussi. Les contacts prévus, annulés, reportés ou les "
            "absences ne comptent pas. Un contact est attendu chaque semaine (lundi–dimanche) : "
            f"l'alerte « sans contact depuis {contacts.CONTACT_EVERY_DAYS} jours » se lève "
            f"plus de {contacts.CONTACT_EVERY_DAYS} jours après le dernier contact, le premier "
            "rendez-vous ou la fin de la dernière mise en attente. Une semaine sans contact "
            "est une semaine terminée, après celle de l'entrée, sans aucun contact ni "
            "présence en atelier et non couverte par une mise en attente.",
            "R3",
        ),
    ),
    (
        "entretien_physique",
        Definition(
            "Entretien physique",
            "Un entretien physique est un contact honoré en face à face : « entretien physique "
            "individuel » ou « accompagnement physique ». Les appels, visios, SMS, e-mails et "
            f"ateliers n'en sont pas. Il en faut au moins {contacts.PHYSICAL_PER_MONTH} par mois "
            "calendaire : l'alerte est « bientôt due » tant qu'il en manque et passe « en "
            f"retard » dans les {contacts.MONTH_RUNNING_OUT_DAYS} derniers jours du mois. Un "
            "mois pendant lequel l'accompagnement a été mis en attente n'est pas exigé.",
            "R4",
        ),
    ),
    (
        "diagnostic",
        Definition(
            "Diagnostic à 3 mois",
            "Le diagnostic socio-professionnel est fait à l'entrée, mis à jour "
            f"{diagnostics.UPDATE_AFTER_MONTHS} mois après la date d'entrée et à la fin du "
            f"parcours. La mise à jour est « bientôt due » {diagnostics.SOON_DAYS} jours avant "
            "l'échéance et « en retard » le lendemain de l'échéance.",
            "R5",
        ),
    ),
    (
        "fin_de_parcours",
        Definition(
            "Fin de parcours",
            f"Un parcours dure de {duration.MIN_MONTHS} à {duration.MAX_MONTHS} mois. La fin "
            f"prévue est la date d'entrée plus {duration.MAX_MONTHS} mois, sauf prolongation "
            f"motivée. L'alerte se lève {duration.ALERT_DAYS} jours avant la fin prévue ; "
            "au-delà, le parcours est « en retard » tant qu'il n'est pas clos.",
            "R6",
        ),
    ),
    (
        "parcours_solidarites",
        Definition(
            "Saisie sur Parcours Solidarités",
            "Chaque contact honoré (synthèse d'entretien) et chaque action (mise en attente, "
            "suivi emploi ou formation, saisine EP, réorientation) est saisi sur Parcours "
            "Solidarités. Ce qui n'a pas de date de saisie est « à saisir » ; au-delà de "
            f"{ps.ENTER_WITHIN_DAYS} jours, la saisie est en retard.",
            "R8",
        ),
    ),
    (
        "mise_en_attente",
        Definition(
            "Mise en attente",
            "Une mise en attente suspend l'accompagnement entre sa date de début et sa date de "
            "fin (statut « en attente »). Pendant ce temps, les règles de contact "
            "hebdomadaire et d'entretiens physiques ne s'appliquent pas : une semaine ou un "
            "mois touché par une mise en attente ne compte pas comme manqué.",
            "R9",
        ),
    ),
    (
        "file_active",
        Definition(
            "File active et capacité",
            "La file active compte les accompagnements entrés (premier rendez-vous tenu) et non "
            "clos, mises en attente comprises. La capacité est de "
            f"{capacity.PROGRAMME_CAPACITY} personnes pour 3 conseiller·ères, répartie selon "
            "la capacité de chacun·e ; elle est signalée « bientôt atteinte » à "
            f"{round(capacity.NEAR_FULL_RATIO * 100)} %.",
            "R11",
        ),
    ),
    (
        "semaine_mois",
        Definition(
            "Semaine, mois, aujourd'hui",
            "Une semaine va du lundi au dimanche (semaine ISO), un mois est un mois "
            "calendaire ; les dates sont celles de l'heure de Paris.",
        ),
    ),
]

DEFINITIONS: dict[str, Definition] = dict(_ITEMS)
