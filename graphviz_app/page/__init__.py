"""The interactive page: one self-contained HTML file that plays the window's timeline, and a notebook's output.

:func:`~graphviz_app.page.document.build_page` computes what a page shows with the window's own code;
:mod:`.html` writes it. See ``docs/architecture.md`` for the modules.
"""
