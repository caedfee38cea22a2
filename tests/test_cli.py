import io
import subprocess
import sys

import pytest

from sklearn_supertopics._cli import main


def test_demo_prints_chapter_recommendations_and_map():
    out = io.StringIO()
    assert main(["demo"], out=out) == 0
    text = out.getvalue()
    assert "user 0 (30-year-old nostalgic for the 90s): Big Trouble in Little China (1.4404)" in text
    assert "user 3 (has seen just about everything): (has rated every movie)" in text
    assert "MAP@3 on a per-user 20 % hold-out" in text


def test_demo_rejects_bad_n():
    with pytest.raises(SystemExit) as exc:
        main(["demo", "-n", "0"], out=io.StringIO())
    assert exc.value.code == 2


def test_python_dash_m_entry_point():
    result = subprocess.run(
        [sys.executable, "-m", "sklearn_supertopics", "demo", "-n", "2"],
        capture_output=True, text=True, check=True,
    )
    assert "top-2 unseen movies per user" in result.stdout
