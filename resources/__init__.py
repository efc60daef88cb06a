"""Data files shipped with the app: example sources, icons, themes."""
