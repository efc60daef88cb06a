"""The ``graphviz-app`` command: one module per group of commands, and the option checks they share."""
