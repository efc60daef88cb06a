"""Checking gradients: the gradient check as something to watch, and the classic mistakes beside the right result."""
