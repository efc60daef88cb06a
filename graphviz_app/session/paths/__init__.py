"""The chain rule as a sum over paths, and where ``+=`` happens: the paths and accumulation panels' numbers, the derivation."""
