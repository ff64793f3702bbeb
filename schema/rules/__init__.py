"""The programme's rules (R1–R12 of DESIGN.md) as SQL expressions and query functions."""
