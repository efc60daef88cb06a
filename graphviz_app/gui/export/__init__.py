"""Exports drawn by the window's own scene: images, animations, loss plots; with their dialogs."""
