"""Training as the session does it: the trainer, runs of optimizer steps, one step on paper, gradient flow."""
