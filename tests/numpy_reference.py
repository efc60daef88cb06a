"""Hand-written references for the tests: a NumPy MLP with its backprop, and PyTorch's optimizers.

Nothing here uses the app's code. The network is PyTorch's ``nn.Linear`` stack
(z_l = a_{l−1} W_lᵀ + b_l, one row per sample) with the MSE loss (mean over every
output of every sample, as ``nn.MSELoss``). The optimizers follow the update rules
in ``torch.optim``'s documentation, with its conventions: SGD's momentum buffer
starts as the first gradient (b₁ = g₁) and adds (1 − dampening)·g afterwards;
RMSprop adds ε *outside* the square root, √v + ε; Adam divides by
√v̂ + ε with both moments bias-corrected at step t = 1, 2, ...
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = {
    "identity": (lambda z: z, lambda z: np.ones_like(z)),
    "sigmoid": (lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float)),
}


def random_spec(rng: np.random.Generator, sizes: list[int], activations: list[str], samples: int) -> dict:
    """A spec with random weights, inputs and targets; ``samples`` > 1 makes a batch."""
    layers = [
        {
            "weights": rng.normal(0, 0.8, (n_out, n_in)).tolist(),
            "bias": rng.normal(0, 0.3, n_out).tolist(),
            "activation": act,
        }
        for n_in, n_out, act in zip(sizes[:-1], sizes[1:], activations)
    ]
    x = rng.normal(0, 1, (samples, sizes[0]))
    y = rng.normal(0, 1, (samples, sizes[-1]))
    one = samples == 1
    return {
        "input": (x[0] if one else x).tolist(),
        "target": (y[0] if one else y).tolist(),
        "loss": "mse",
        "layers": layers,
    }


def forward_backward(spec: dict, weights: list[np.ndarray], biases: list[np.ndarray]):
    """Loss, ∂L/∂W_l, ∂L/∂b_l and ∂L/∂z_l for every layer, by the chain rule written out."""
    a = np.atleast_2d(np.asarray(spec["input"], dtype=float))
    y = np.atleast_2d(np.asarray(spec["target"], dtype=float))
    acts, zs = [a], []
    for W, b, layer in zip(weights, biases, spec["layers"]):
        z = acts[-1] @ W.T + b
        zs.append(z)
        acts.append(ACTIVATIONS[layer["activation"]][0](z))
    loss = float(np.mean((acts[-1] - y) ** 2))
    da = 2 * (acts[-1] - y) / y.size
    dWs, dbs, dzs = [], [], []
    for k in reversed(range(len(weights))):
        dz = da * ACTIVATIONS[spec["layers"][k]["activation"]][1](zs[k])
        dzs.insert(0, dz)
        dWs.insert(0, dz.T @ acts[k])
        dbs.insert(0, dz.sum(axis=0))
        da = dz @ weights[k]
    return loss, dWs, dbs, dzs


class TorchSGD:
    """torch.optim.SGD(lr, momentum, dampening=0, nesterov=False)."""

    def __init__(self, lr: float, momentum: float = 0.0, dampening: float = 0.0):
        self.lr, self.mu, self.tau, self.buf = lr, momentum, dampening, {}

    def step(self, key, p, g):
        if self.mu:
            b = g.copy() if key not in self.buf else self.mu * self.buf[key] + (1 - self.tau) * g
            self.buf[key] = b
            g = b
        return p - self.lr * g


class TorchRMSprop:
    """torch.optim.RMSprop() with its defaults: lr 0.01, alpha 0.99, eps 1e-8 (added after the sqrt)."""

    def __init__(self, lr: float = 1e-2, alpha: float = 0.99, eps: float = 1e-8):
        self.lr, self.alpha, self.eps, self.sq = lr, alpha, eps, {}

    def step(self, key, p, g):
        v = self.alpha * self.sq.get(key, 0.0) + (1 - self.alpha) * g * g
        self.sq[key] = v
        return p - self.lr * g / (np.sqrt(v) + self.eps)


class TorchAdam:
    """torch.optim.Adam() with its defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8."""

    def __init__(self, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8):
        self.lr, (self.b1, self.b2), self.eps, self.m, self.v, self.t = lr, betas, eps, {}, {}, {}

    def step(self, key, p, g):
        t = self.t[key] = self.t.get(key, 0) + 1
        m = self.m[key] = self.b1 * self.m.get(key, 0.0) + (1 - self.b1) * g
        v = self.v[key] = self.b2 * self.v.get(key, 0.0) + (1 - self.b2) * g * g
        m_hat, v_hat = m / (1 - self.b1**t), v / (1 - self.b2**t)
        return p - self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


def reference_training(spec: dict, optimizer, steps: int):
    """The losses (before each step and after the last) and the final weights and biases."""
    weights = [np.asarray(layer["weights"], dtype=float) for layer in spec["layers"]]
    biases = [np.asarray(layer["bias"], dtype=float) for layer in spec["layers"]]
    losses = []
    for _ in range(steps):
        loss, dWs, dbs, _ = forward_backward(spec, weights, biases)
        losses.append(loss)
        weights = [optimizer.step(("W", k), W, g) for k, (W, g) in enumerate(zip(weights, dWs))]
        biases = [optimizer.step(("b", k), b, g) for k, (b, g) in enumerate(zip(biases, dbs))]
    losses.append(forward_backward(spec, weights, biases)[0])
    return losses, weights, biases
