"""What the expression language refuses, and how each refusal reads: the construct named, what the language has instead."""

from __future__ import annotations

import ast

from graphviz_app.core.optable import FUNCTIONS

__all__ = ["WHAT_IS_ALLOWED", "refusal"]

WHAT_IS_ALLOWED = "use numbers, names, + - * / ** ^ and the functions " + ", ".join(FUNCTIONS)


# How a message names each refused construct; {like} becomes " like 'x.real'".
_REFUSED = {
    "Attribute": "attribute access{like} is",
    "Subscript": "indexing{like} is",
    "Lambda": "lambda functions are",
    "ListComp": "comprehensions{like} are",
    "SetComp": "comprehensions{like} are",
    "DictComp": "comprehensions{like} are",
    "GeneratorExp": "comprehensions{like} are",
    "JoinedStr": "strings like {src} are",
    "Compare": "comparisons{like} are",
    "BoolOp": "'and' / 'or'{like} are",
    "IfExp": "if-expressions{like} are",
    "Starred": "starred arguments{like} are",
    "Tuple": "tuples{like} are",
    "List": "lists{like} are",
    "Set": "sets{like} are",
    "Dict": "dictionaries{like} are",
    "Slice": "slices are",
    "Import": "import statements are",
    "ImportFrom": "import statements are",
    "FunctionDef": "function definitions are",
    "AsyncFunctionDef": "function definitions are",
    "ClassDef": "class definitions are",
    "AnnAssign": "type annotations{like} are",
    "For": "loops are",
    "AsyncFor": "loops are",
    "While": "loops are",
    "If": "'if' statements are",
    "With": "'with' statements are",
    "Try": "'try' statements are",
    "Match": "'match' statements are",
    "Return": "'return' is",
    "Await": "'await' is",
    "Yield": "'yield' is",
    "YieldFrom": "'yield' is",
    "Delete": "'del' is",
    "Raise": "'raise' is",
    "Assert": "'assert' is",
    "Global": "'global' is",
    "Nonlocal": "'nonlocal' is",
    "Pass": "'pass' is",
    "Break": "'break' is",
    "Continue": "'continue' is",
}
_REFUSED_HINT = {
    "Compare": "an equation is written with a single '=', e.g. x**2 + y**2 = 25",
    "Tuple": "commas only separate the arguments of a function",
}
_REFUSED_WHOLE = {
    "NamedExpr": "':=' is not part of the language; write 'name = expression' as a statement",
    "AugAssign": "'{src}' changes a name, but each name is defined once; give the new value a new name, "
    "e.g. 'x2 = x + 1'",
    "Assign": "'{src}' assigns several names at once; define one name per statement",
}


def refusal(node: ast.AST, src: str) -> str:
    """Say plainly which construct ``node`` is, that the language lacks it, and what it has."""
    kind = type(node).__name__
    if kind in _REFUSED_WHOLE:
        return _REFUSED_WHOLE[kind].format(src=src)
    what = _REFUSED.get(kind, "'{src}' is").format(like=f" like '{src}'" if src else "", src=src)
    return f"{what} not part of the language; {_REFUSED_HINT.get(kind, WHAT_IS_ALLOWED)}"
