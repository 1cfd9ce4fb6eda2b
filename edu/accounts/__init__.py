"""Accounts: passwords and their rules. Plain Python."""
