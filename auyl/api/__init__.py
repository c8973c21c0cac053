"""The JSON REST API under /api/v1/ with its OpenAPI 3 document; each domain app contributes its routes."""
