import io
import subprocess
import sys

import numpy as np
import pytest

from sklearn_supertopics._cli import main, read_ratings
from sklearn_supertopics.datasets import make_interactions


def _run(args, capsys=None):
    out = io.StringIO()
    code = main(args, out=out)
    return code, out.getvalue()


@pytest.fixture
def ratings_file(tmp_path):
    """A small MovieLens-like TSV: user, item, rating, timestamp; no header."""
    X = make_interactions(60, 25, density=0.25, kind="explicit", random_state=0)
    rows, cols = X.nonzero()
    path = tmp_path / "u.data"
    path.write_text("".join(
        f"{100 + u}\t{1000 + i}\t{int(X[u, i])}\t88125{u}\n" for u, i in zip(rows, cols)
    ))  # fmt: skip
    return path, X


def test_demo_prints_chapter_recommendations_and_map():
    code, text = _run(["demo"])
    assert code == 0
    assert "user 0 (30-year-old nostalgic for the 90s): Big Trouble in Little China (1.4404)" in text
    assert "user 3 (has seen just about everything): (has rated every movie)" in text
    assert text.count("MAP@3 on a per-user 20 % hold-out") == 2  # item-item and ALS


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


@pytest.mark.parametrize("model", ["item-item", "als", "als-implicit"])
def test_recommend_writes_csv_with_original_ids(ratings_file, model, capsys):
    path, X = ratings_file
    code, text = _run(["recommend", str(path), "--model", model, "-n", "3",
                       "--users", "100,105"])
    assert code == 0
    lines = text.strip().splitlines()
    assert lines[0] == "user,rank,item,score"
    body = [line.split(",") for line in lines[1:]]
    assert {row[0] for row in body} == {"100", "105"}
    assert [row[1] for row in body if row[0] == "100"] == ["1", "2", "3"]
    seen_by_100 = {str(1000 + i) for i in np.flatnonzero(X[[0]].toarray()[0])}
    assert not seen_by_100 & {row[2] for row in body if row[0] == "100"}
    assert "fitting" in capsys.readouterr().err  # progress goes to stderr


def test_recommend_every_user_with_named_columns(tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("uid,movie,stars\nann,m1,5\nann,m2,3\nbob,m1,4\nbob,m3,2\ncy,m2,1\n")
    code, text = _run(["recommend", str(path), "--user-col", "uid", "--item-col", "movie",
                       "--rating-col", "stars", "-n", "5"])
    assert code == 0
    users = {line.split(",")[0] for line in text.strip().splitlines()[1:]}
    assert users <= {"ann", "bob", "cy"} and "bob" in users


@pytest.mark.parametrize(
    "content, extra, message",
    [
        ("", [], "is empty"),
        ("user,item,rating\n1,a,5\n1,b,oops\n", ["--user-col", "user", "--item-col", "item",
                                                  "--rating-col", "rating"],
         "line 3: rating 'oops' is not a number"),
        ("user,item,rating\n1,a,5\n", ["--user-col", "uid"], "user column 'uid' not found"),
        ("1,2\n3,4\n", [], "column 2 requested but some lines have only 2 fields"),
        ("1,2,5\n3,4,4\n", ["--users", "77"], "user ids not in"),
    ],
)
def test_bad_files_get_one_line_and_status_2(tmp_path, capsys, content, extra, message):
    path = tmp_path / "bad.csv"
    path.write_text(content)
    code, _ = _run(["recommend", str(path), *extra])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert message in err[-1] and err[-1].startswith("sklearn-supertopics recommend: error:")


def test_missing_file(capsys):
    code, _ = _run(["recommend", "/nonexistent/ratings.csv"])
    assert code == 2 and "cannot read" in capsys.readouterr().err


def test_evaluate_prints_table_and_plot(ratings_file, tmp_path, capsys):
    path, _ = ratings_file
    png = tmp_path / "cmp.png"
    code, text = _run(["evaluate", str(path), "--models", "popularity,item-item",
                       "--repeats", "2", "-k", "5", "--plot", str(png)])
    assert code == 0
    assert "nDCG@5" in text and "MAP@5" in text
    assert text.count("popularity") == 1 and text.count("item-item") == 1
    assert png.exists() and png.read_bytes()[:4] == b"\x89PNG"
    assert "split 2/2" in capsys.readouterr().err


def test_evaluate_rejects_unknown_model(ratings_file, capsys):
    path, _ = ratings_file
    code, _ = _run(["evaluate", str(path), "--models", "svd"])
    assert code == 2 and "unknown models ['svd']" in capsys.readouterr().err


def test_read_ratings_without_rating_column(tmp_path):
    path = tmp_path / "clicks.tsv"
    path.write_text("u1\ti1\nu1\ti2\nu2\ti1\n")
    users, items, ratings = read_ratings(path, user_col="0", item_col="1", rating_col=None)
    assert ratings is None and users.tolist() == ["u1", "u1", "u2"]
