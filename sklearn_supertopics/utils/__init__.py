"""Private helpers shared by the estimators (not part of the public API)."""
