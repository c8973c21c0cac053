"""Residents' appeals with legal deadlines, personal receptions, Open311."""
