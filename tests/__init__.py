"""Cross-app tests: security baseline, accessibility, OpenAPI fuzzing, end-to-end journeys."""
