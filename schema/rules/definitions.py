"""The definitions shown to users (page "Définitions", tooltips, monthly report), in French.

Written once here; the rules' thresholds are read from the rule modules so text and code agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from schema.rules import capacity, contacts, diagnostics, duration, first_appointment, fse
from schema.rules import parcours_solidarites as ps
from schema.rules import physical_meetings as pm


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
            f"J+{first_appointment.DELAY_DAYS + 1} s'il n'a pas eu lieu. Tant qu'il n'a pas eu "
            "lieu, l'agenda dit s'il est prévu : « RDV prévu le … » (le plus proche des "
            "rendez-vous prévus), « rien de prévu », ou « prévu après "
            f"J+{first_appointment.DELAY_DAYS} » quand il est prévu après l'échéance. Un "
            "rendez-vous prévu ne change pas l'état de la règle : seul un rendez-vous tenu compte.",
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
            "elle remplace le CER. Quand le premier rendez-vous a lieu sans signature du CER "
            "(documents manquants, délai de réflexion, autre motif), l'alerte est en retard "
            "dès ce rendez-vous et indique « CER à signer depuis N j (motif) », N étant le "
            "nombre de jours écoulés depuis le premier rendez-vous, jusqu'à la signature.",
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
            f"ateliers n'en sont pas. Il en faut au moins {pm.PHYSICAL_PER_MONTH} par mois "
            "calendaire, au prorata des jours actifs du mois : les jours dans la file active (de "
            "la date d'entrée à la veille de la sortie) hors mise en attente (de son début à la "
            "veille de la reprise ; le jour de la reprise compte). Entretiens requis = "
            f"{pm.PHYSICAL_PER_MONTH} × jours actifs ÷ jours du mois, arrondi à l'entier "
            f"supérieur : un mois complet en demande {pm.PHYSICAL_PER_MONTH}, une entrée le 20 "
            "d'un mois de 30 jours (11 jours actifs) en demande 1, un mois sans jour actif "
            "aucun (il n'est pas jugé). Le mois est respecté quand les entretiens tenus "
            "atteignent ce nombre. Pour le mois en cours, l'alerte compare les entretiens tenus "
            "à ceux requis d'ici la fin du mois (les jours à venir comptent comme actifs, sauf "
            "mise en attente en cours) : elle est « bientôt due » tant qu'il en manque et passe "
            f"« en retard » dans les {pm.MONTH_RUNNING_OUT_DAYS} derniers jours du mois ; une "
            "personne en attente ce jour-là est « suspendue ».",
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
            "hebdomadaire et d'entretiens physiques ne s'appliquent pas : une semaine touchée "
            "par une mise en attente ne compte pas comme manquée, et les jours en attente ne "
            "comptent pas dans les entretiens physiques requis du mois. Le jour de la reprise, "
            "la personne est de nouveau active.",
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

# Indicators of the monthly report and of the FSE+ participant file (exports/).
_REPORT_ITEMS = [
    (
        "file_active_mois",
        Definition(
            "File active du mois",
            "Une personne est dans la file active un jour donné si son premier rendez-vous a eu "
            "lieu ce jour-là ou avant et si son parcours n'est pas clos (le jour de la sortie "
            "n'est plus compté ; une mise en attente ne la retire pas de la file). « Fin de "
            "mois » compte la file active le dernier jour du mois (ou à la date du rapport pour "
            "le mois en cours) ; la « moyenne » est la somme des jours de présence divisée par "
            "le nombre de jours écoulés du mois ; « personnes accompagnées dans le mois » compte "
            "les personnes présentes au moins un jour. Une personne entrée et sortie le même "
            "jour n'a aucun jour dans la file : elle compte parmi les entrées et les sorties du "
            "mois, pas dans la file active. Le « statut en fin de mois » est celui du dernier "
            "jour du mois (ou de la date du rapport) ; le « statut au jour de l'export » est "
            "celui du jour où le fichier est produit.",
            "R11",
        ),
    ),
    (
        "entrees_sorties",
        Definition(
            "Entrées et sorties du mois",
            "Une entrée est un parcours dont le premier rendez-vous a eu lieu dans le mois ; "
            "une sortie, un parcours clos dans le mois, classé par la catégorie de son motif "
            "(emploi durable, emploi de transition, sortie vers formation ou SIAE — formation "
            "qualifiante ou pré-qualifiante, embauche en SIAE —, réorientation, autre sortie). "
            "Le « taux de retour à l'emploi » compte les motifs marqués « retour à l'emploi » "
            "(emploi durable ou de transition) ; le « taux de sorties positives » compte tous "
            "les motifs marqués « sortie positive » : l'emploi, la formation et la SIAE. Chaque "
            "taux est rapporté aux sorties du mois ; son numérateur et son dénominateur sont "
            "dans les colonnes « Numérateur » et « Dénominateur » de la synthèse. La durée "
            "moyenne est celle, en jours, des parcours clos dans le mois (entrée → sortie).",
        ),
    ),
    (
        "cer_premier_rdv",
        Definition(
            "CER signé au premier rendez-vous",
            "Part des entrées du mois dont un CER est signé au plus tard le jour du premier "
            "rendez-vous. Les personnes réorientées sans CER ne sont pas comptées au "
            "dénominateur (la réorientation remplace le CER). Une personne dont le CER est "
            "resté à signer au premier rendez-vous compte au dénominateur comme « non signé au "
            "1er RDV », même après avoir signé son CER plus tard (signature postérieure à la "
            "date d'entrée).",
            "R2",
        ),
    ),
    (
        "semaines_contact",
        Definition(
            "Semaines avec un contact",
            "Une semaine-personne est exigée pour chaque semaine ISO dont le jeudi tombe dans "
            "le mois, terminée à la date du rapport, postérieure à la semaine d'entrée et "
            "antérieure à la semaine de sortie, et non touchée par une mise en attente. Elle "
            "est couverte si un contact honoré (tout mode) ou une présence en atelier a eu "
            "lieu dans la semaine.",
            "R3",
        ),
    ),
    (
        "mois_entretiens",
        Definition(
            "Entretiens physiques requis atteints",
            "La feuille « File active » donne pour chaque personne les jours actifs du mois, "
            "les entretiens physiques requis (au prorata des jours actifs, voir la règle R4 "
            "« Entretien physique ») et les entretiens tenus. Le taux rapporte les personnes "
            "ayant tenu au moins leurs entretiens requis aux personnes pour qui au moins un "
            "entretien était requis. Un mois n'est jugé qu'une fois terminé : pour le mois en "
            "cours, la feuille donne les entretiens requis d'ici la fin du mois, sans les "
            "compter dans le taux.",
            "R4",
        ),
    ),
    (
        "emargement",
        Definition(
            "Couverture des émargements",
            "Part des entretiens physiques honorés du mois (entretien individuel, "
            "accompagnement physique) marqués « émargé », et part des présences en atelier "
            "du mois signées.",
            "R7",
        ),
    ),
    (
        "diagnostic_a_temps",
        Definition(
            "Diagnostic à 3 mois fait à temps",
            f"Parcours dont l'échéance du diagnostic à {diagnostics.UPDATE_AFTER_MONTHS} mois "
            "(date d'entrée + 3 mois) tombe dans le mois, sans sortie avant l'échéance ; il "
            "est fait à temps si un diagnostic « à 3 mois » est daté au plus tard de "
            "l'échéance.",
            "R5",
        ),
    ),
    (
        "absences",
        Definition(
            "Taux d'absence",
            "Rendez-vous du mois : absences non excusées rapportées aux rendez-vous honorés ou "
            "manqués (excusés ou non) ; les rendez-vous annulés, reportés ou encore prévus ne "
            "comptent pas. Ateliers : absences non excusées rapportées aux présences et "
            "absences des séances du mois.",
        ),
    ),
    (
        "mises_en_attente_ep",
        Definition(
            "Mises en attente et saisines de l'EP",
            "Mises en attente commencées dans le mois, et mises en attente en cours à la date "
            "du rapport : commencées au plus tard ce jour-là et sans reprise ou reprises après "
            "(une personne reprise à la date du rapport est active ce jour-là, sa mise en "
            "attente n'est plus en cours) ; "
            "saisines de l'équipe pluridisciplinaire faites dans le mois, et décisions "
            "rendues dans le mois (avec leur suite).",
            "R9",
        ),
    ),
    (
        "alertes",
        Definition(
            "Alertes",
            "État des règles R1 à R8 pour les parcours ouverts, calculé à la date du rapport "
            "(dernier jour du mois, ou aujourd'hui pour le mois en cours) : une ligne par "
            "parcours et par règle « en retard » ou « bientôt due ».",
        ),
    ),
    (
        "participant_fse",
        Definition(
            "Participant FSE+",
            "Une personne identifiable ayant bénéficié directement du parcours : un seul "
            "enregistrement par personne pour l'opération, même si elle sort et revient "
            "(entrée = premier rendez-vous du premier parcours, sortie = sortie du dernier). "
            f"Une participation de {fse.MIN_PARTICIPATION_DAYS} jour ou moins ne crée pas de "
            "participant. Une seule situation sur le marché du travail à l'entrée (chômeur, "
            "inactif, en emploi). Les résultats sont observés dans les "
            f"{fse.IMMEDIATE_RESULT_DAYS // 7} semaines suivant la sortie et à 6 mois. Les "
            "personnes anonymisées (durée de conservation) restent comptées, sans identité.",
        ),
    ),
    (
        "completude_fse",
        Definition(
            "Complétude des données FSE+",
            "Un enregistrement est complet quand il renseigne le sexe, la date de naissance, "
            "la situation à l'entrée, le niveau de formation, la situation de logement, un "
            "téléphone ou un e-mail et, pour une personne sortie, la situation dans les 4 "
            "semaines avec sa date. Au-delà de "
            f"{round(fse.INCOMPLETE_THRESHOLD * 100)} % d'enregistrements incomplets, "
            "l'opération risque une correction financière.",
            "R12",
        ),
    ),
]

DEFINITIONS: dict[str, Definition] = dict(_ITEMS + _REPORT_ITEMS)
