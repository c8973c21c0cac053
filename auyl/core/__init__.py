"""Cross-cutting foundation: permission layer, audit chain, working-day calendar, logging, database routing."""
