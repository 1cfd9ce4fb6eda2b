"""Glue between the domain modules and the database: each function takes a SQLAlchemy session
and flushes what it writes; the request, or the command, commits once (edu/web/unit_of_work.py)."""
