"""The AI helper in the platform: background jobs over auyl.text and their stored results."""
