"""Every public class and function documents itself with numpydoc sections
and a runnable Examples section (run as a doctest by the suite)."""

import importlib
import inspect

import pytest

MODULES = [
    "sklearn_supertopics",
    "sklearn_supertopics.datasets",
    "sklearn_supertopics.metrics",
    "sklearn_supertopics.model_selection",
    "sklearn_supertopics.neural_network",
    "sklearn_supertopics.recommendation",
]


def _public_objects():
    seen = set()
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in module.__all__:
            obj = getattr(module, attr)
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and id(obj) not in seen:
                seen.add(id(obj))
                yield f"{name}.{attr}", obj


@pytest.mark.parametrize("name, obj", list(_public_objects()), ids=lambda v: str(v))
def test_public_object_has_numpydoc_with_examples(name, obj):
    doc = inspect.getdoc(obj) or ""
    assert "Examples\n--------" in doc, f"{name} lacks an Examples section"
    assert ">>> " in doc.split("Examples\n--------")[1]
    required = ["Parameters\n----------"] if inspect.isclass(obj) else ["Returns\n-------"]
    for section in required:
        assert section in doc, f"{name} lacks {section.splitlines()[0]}"
