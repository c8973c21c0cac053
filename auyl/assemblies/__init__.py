"""Gatherings and assemblies of the local community, minutes, the akim's report, no confidence."""
