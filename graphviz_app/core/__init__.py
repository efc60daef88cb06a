"""The autodiff core: NumPy only, no Qt, no Graphviz.

Importing this package fills the op registry from :mod:`.optable`.
"""

from graphviz_app.core import optable as _optable  # noqa: F401  (registers the ops)
