"""Citizen initiatives, deputies' petitions, signatures and public-expertise polls."""
