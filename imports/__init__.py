"""Reading the Département's orientation lists: read safely, validate, plan, apply all-or-nothing.

``reading`` (file checks) -> ``columns`` (header synonyms) -> ``validation`` (typed rows or French
errors) -> ``planning`` (create / update / skip / error against the database) -> ``applying``
(one transaction). ``preview.prepare`` chains the first four for the page and the CLI.
"""
