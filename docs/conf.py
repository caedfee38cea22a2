"""Sphinx configuration. Builds offline: no intersphinx, no downloads."""

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
]
autosummary_generate = True
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
templates_path = ["_templates"]
exclude_patterns = ["_build", "generated/*.examples"]
html_theme = "alabaster"
default_role = "literal"
# Cross-references into sklearn/numpy/scipy/joblib are written as roles but
# not resolved (no intersphinx fetching); don't fail the build for them.
nitpicky = False
suppress_warnings = ["ref.python"]
