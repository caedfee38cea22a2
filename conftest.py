"""Session-wide test configuration (loaded before any test module)."""

import os

# Lets sklearn's check_array_api_input run (it skips without it). scipy reads
# the variable at import, so it must be set before scipy is imported.
os.environ.setdefault("SCIPY_ARRAY_API", "1")
