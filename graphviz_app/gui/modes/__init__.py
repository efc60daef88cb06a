"""The window's modes: presentation, the presenter's view and keys, the quiz, the spotlight."""
