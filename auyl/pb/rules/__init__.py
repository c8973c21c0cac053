"""Counting rules: greedy variants and the Method of Equal Shares."""
