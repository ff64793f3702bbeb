"""The programme's rules (DESIGN.md §2, R1–R12), each written once.

Each rule module gives the SQL facts it needs (correlated subqueries on Accompaniment) and its
state as a SQL CASE expression (ok / bientôt dû / en retard / suspendu / sans objet).
``caseload`` assembles them into one row per accompaniment; list filters use the same
expressions through ``caseload.alert_criterion``; ``definitions`` holds the French texts shown
to users. "Today" is always a parameter (see ``calendar.today``).
"""
