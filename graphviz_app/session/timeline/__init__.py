"""The animation's timeline: what each step is about, and what the canvas shows at each step."""
