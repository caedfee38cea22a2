"""Run every benchmark: ``python benchmarks/run.py [--quick]``.

Each benchmark prints its own table with ratios against the peer measured
in the same run. Peers are optional: ``pip install -e ".[benchmark]"``.
"""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = sorted(HERE.glob("bench_*.py"))

if __name__ == "__main__":
    status = 0
    for script in BENCHMARKS:
        print(f"\n===== {script.name} =====", flush=True)
        status |= subprocess.call([sys.executable, str(script), *sys.argv[1:]], cwd=HERE)
    sys.exit(status)
