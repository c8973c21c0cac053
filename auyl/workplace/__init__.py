"""The akim's digital workplace: composes the other apps' selectors; owns views only."""
