"""graphviz-app: make the chain rule visible."""

__version__ = "0.1.0"
