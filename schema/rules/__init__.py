"""The programme's rules (DESIGN.md §2, R1–R12), each written once.

Each rule module gives the SQL facts it needs (correlated subqueries on Accompaniment) and its
state as a SQL CASE expression (ok / bientôt dû / en retard / suspendu / sans objet).
``caseload`` assembles them into one row per accompaniment; ``stored_states`` keeps the states of
every open accompaniment in a table, read by the programme dashboard
and the list filters; ``definitions`` holds the French texts shown to users.
"Today" is always a parameter (see ``calendar.today``).
"""
