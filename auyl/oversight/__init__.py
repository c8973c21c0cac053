"""Oversight: precomputed roll-ups, elections of akims, audits, School of akims, powers register."""
