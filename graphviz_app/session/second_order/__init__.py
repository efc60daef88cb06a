"""Second derivatives: the Hessian, the backward graph, the implicit slope and curvature."""
