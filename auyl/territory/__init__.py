"""Territories: the KATO hierarchy and local communities (the 4th-level units with an akim and a budget)."""
