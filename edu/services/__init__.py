"""Glue between the domain modules and the database: each function takes a SQLAlchemy session."""
