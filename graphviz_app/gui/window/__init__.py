"""The main window: its parts, menus, docks, timeline bar, banner, files and undo."""
