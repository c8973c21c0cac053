"""Connectors to state registries behind adapters (file and HTTP), with freshness."""
