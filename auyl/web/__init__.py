"""The public web shell: base layout, home, community pages, language switch, health check."""
