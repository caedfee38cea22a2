"""The documentation builds offline with warnings as errors, running every
gallery example, so neither the docs nor the examples can rot."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_docs_build_without_warnings_and_gallery_makes_figures(tmp_path):
    out = tmp_path / "html"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         "-d", str(tmp_path / "doctrees"), str(ROOT / "docs"), str(out)],
        capture_output=True, text=True, cwd=ROOT / "docs", timeout=1200,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-5000:]
    for page in ("index.html", "api.html", "user_guide.html", "command_line.html",
                 "generated/sklearn_supertopics.ALSRecommender.html"):
        assert (out / page).exists(), page
    examples = sorted((ROOT / "examples").rglob("plot_*.py"))
    assert len(examples) >= 8
    images = list((out / "_images").glob("sphx_glr_plot_*"))
    for example in examples:  # each example made at least one figure
        assert any(img.name.startswith(f"sphx_glr_{example.stem}_") for img in images), example
