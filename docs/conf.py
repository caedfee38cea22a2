"""Sphinx configuration. Builds offline: no intersphinx, no downloads."""

import os
import warnings

import sklearn_supertopics

project = "sklearn_supertopics"
author = "sklearn_supertopics developers"
copyright = "2026, sklearn_supertopics developers"
release = sklearn_supertopics.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]
autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "generated/*.examples", "auto_examples/*.ipynb"]
html_theme = "pydata_sphinx_theme"
html_theme_options = {"navigation_with_keys": False}
default_role = "literal"
# Cross-references into sklearn/numpy/scipy/joblib are written as roles but
# not resolved (no intersphinx fetching); don't fail the build for them.
nitpicky = False
suppress_warnings = ["ref.python"]

# The gallery: every example runs during the build and saves its figures.
os.environ.setdefault("MPLBACKEND", "Agg")
sphinx_gallery_conf = {
    "examples_dirs": "../examples",
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "abort_on_example_error": True,
    "plot_gallery": "True",
    "run_stale_examples": True,  # always execute: the docs test must run them
}
# Examples fit on purpose with few iterations; their warnings are noise here.
warnings.filterwarnings("ignore", category=UserWarning, message=".*Matplotlib.*")
