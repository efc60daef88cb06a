"""Predict, then reveal: the quiz's questions, its state and its score."""
