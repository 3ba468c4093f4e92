"""Workflows: the only code that changes the database, each change audited in the same transaction.

A workflow takes a session inside a transaction it does not commit: the caller
(a CLI command, a web request) commits or rolls back, so the change and its
audit events land together or not at all. ``actor`` names who acted, without
child data: ``"user:12"``, ``"cli:alice"``, ``"system"``.
"""
