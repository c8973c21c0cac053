"""The community (4th-level) budget: classification, lifecycle, execution, indicators, citizen budget."""
