"""What is open and how it changes: the session, its edits and events, settings, collapsed layers, the network form."""
