"""Every registered op is checked against central finite differences.

For an op y = f(a, b, ...) and a random upstream gradient g, the VJP of argument
i must satisfy  <vjp_i(g), v> = <g, (f(.., a_i + h v, ..) - f(.., a_i - h v, ..)) / 2h>
for a random direction v. This checks every VJP, including broadcasting, without
building full Jacobians.
"""

import numpy as np
import pytest

import graphviz_app.core  # noqa: F401  (registers the ops)
from graphviz_app.core import functions as F
from graphviz_app.core.ops import REGISTRY, get_op, unbroadcast
from graphviz_app.errors import MissingDerivativeError, UnknownOpError

rng = np.random.default_rng(12345)


def any_real(shape):
    return rng.normal(size=shape) * 1.5


def positive(shape):
    return rng.uniform(0.3, 3.0, size=shape)


def away_from_zero(shape):
    x = rng.uniform(0.3, 2.0, size=shape)
    return x * rng.choice([-1.0, 1.0], size=shape)


def probability(shape):
    return rng.uniform(0.05, 0.95, size=shape)


def small_angle(shape):
    return rng.uniform(-1.2, 1.2, size=shape)


# Arguments for each op: a list of (sampler per argument, shapes per argument) cases.
ELEMENTWISE = {
    "exp": any_real,
    "log": positive,
    "sqrt": positive,
    "sin": any_real,
    "cos": any_real,
    "tan": small_angle,
    "arctan": any_real,
    "tanh": any_real,
    "sigmoid": any_real,
    "relu": away_from_zero,
    "softplus": any_real,
    "abs": away_from_zero,
    "neg": any_real,
    "identity": any_real,
    "step": away_from_zero,
    "sign": away_from_zero,
    "clamped_log": positive,
}


def cases(name):
    if name in ELEMENTWISE:
        s = ELEMENTWISE[name]
        return [[s(())], [s((3,))], [s((2, 3))]]
    if name in ("add", "sub", "mul"):
        return [
            [any_real(()), any_real(())],
            [any_real((2, 3)), any_real((3,))],
            [any_real(()), any_real((2, 2))],
        ]
    if name == "div":
        return [[any_real(()), away_from_zero(())], [any_real((2, 3)), away_from_zero((3,))]]
    if name == "pow":
        return [[positive(()), any_real(())], [positive((3,)), any_real(())]]
    if name == "matmul":
        return [
            [any_real((2, 3)), any_real((3,))],
            [any_real((4, 3)), any_real((3, 2))],
            [any_real((3,)), any_real((3, 2))],
            [any_real((3,)), any_real((3,))],
        ]
    if name in ("sum", "mean", "softmax", "log_softmax", "feature_mean"):
        return [[any_real((4,))], [any_real((2, 3))]]
    if name == "batch_mean":
        return [[any_real((4, 1))], [any_real((2, 3))]]
    if name in ("mse", "half_se"):
        return [[any_real((3,)), any_real((3,))], [any_real((2, 3)), any_real((2, 3))]]
    if name == "bce":
        return [[probability((3,)), probability((3,))], [probability(()), probability(())]]
    if name == "cross_entropy":
        return [[any_real((4,)), np.array(2.0)], [any_real((3, 4)), np.array([0.0, 3.0, 1.0])]]
    if name == "transpose":
        return [[any_real((2, 3))], [any_real((4,))]]
    if name == "nll":
        return [[probability((4,)), np.array(2.0)], [probability((3, 4)), np.array([0.0, 3.0, 1.0])]]
    if name == "reshape":
        return [[any_real((2, 3)), np.array([3, 2])], [any_real((1, 4)), np.array([4])]]
    if name == "expand":
        return [[any_real((3,)), np.array([2, 3])], [any_real((2, 1)), np.array([4, 2, 3])]]
    if name == "permute":
        return [[any_real((2, 3)), np.array([1, 0])], [any_real((2, 3, 4)), np.array([2, 0, 1])]]
    if name in ("sum_over", "mean_over"):
        return [[any_real((2, 3)), np.array([1])], [any_real((2, 3, 4)), np.array([0, 2])]]
    if name == "bce_logits":
        return [[any_real((3,)), probability((3,))], [any_real((2, 3)), probability((2, 3))]]
    if name == "nll_logp":
        return [[any_real((4,)), np.array(2.0)], [any_real((3, 4)), np.array([0.0, 3.0, 1.0])]]
    raise AssertionError(f"no test inputs for op '{name}': add a case")


def directional_check(name, args, position):
    spec = get_op(name)
    y = spec.forward(*args)
    g = any_real(np.shape(y))
    vjp = np.asarray(spec.vjp(position)(F, g, y, *args))
    assert vjp.shape == np.shape(args[position]), f"{name}: VJP shape {vjp.shape}"
    v = rng.normal(size=np.shape(args[position]))
    h = 1e-6
    plus = list(args)
    minus = list(args)
    plus[position] = args[position] + h * v
    minus[position] = args[position] - h * v
    numeric = np.sum(g * (spec.forward(*plus) - spec.forward(*minus)) / (2 * h))
    analytic = np.sum(vjp * v)
    assert analytic == pytest.approx(numeric, rel=1e-5, abs=1e-7), (name, position)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_op_matches_finite_differences(name):
    spec = get_op(name)
    for _ in range(5):
        for args in cases(name):
            args = [np.asarray(a, dtype=float) for a in args]
            for position, rule in enumerate(spec.vjps):
                if rule is not None:
                    directional_check(name, args, position)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_op_has_symbol_and_caption(name):
    spec = get_op(name)
    assert spec.symbol
    assert len(spec.derivatives) == len(spec.vjps)
    assert all(spec.derivatives)


def test_missing_derivative_names_the_op():
    with pytest.raises(MissingDerivativeError, match="cross_entropy"):
        get_op("cross_entropy").vjp(1)


def test_unknown_op_is_refused():
    with pytest.raises(UnknownOpError, match="frobnicate"):
        get_op("frobnicate")


def test_unbroadcast_sums_over_broadcast_axes():
    g = np.arange(6.0).reshape(2, 3)
    assert unbroadcast(g, (3,)).tolist() == [3.0, 5.0, 7.0]
    assert unbroadcast(g, (2, 1)).tolist() == [[3.0], [12.0]]
    assert float(unbroadcast(g, ())) == 15.0


def test_relu_subgradient_at_zero_is_zero():
    assert get_op("relu").vjp(0)(F, 1.0, 0.0, 0.0) == 0.0


def test_losses_match_their_definitions():
    p = np.array([0.2, 0.7])
    t = np.array([0.0, 1.0])
    assert get_op("mse").forward(p, t) == pytest.approx(((0.2) ** 2 + 0.3**2) / 2)
    assert get_op("half_se").forward(p, t) == pytest.approx(0.5 * (0.2**2 + 0.3**2))
    assert get_op("bce").forward(p, t) == pytest.approx(-(np.log(0.8) + np.log(0.7)) / 2)
    z = np.array([1.0, 2.0, 0.5])
    assert get_op("cross_entropy").forward(z, np.array(1.0)) == pytest.approx(
        -np.log(np.exp(2.0) / np.exp(z).sum())
    )
    # BCE clamps log at -100 like PyTorch, so a saturated prediction stays finite.
    assert get_op("bce").forward(np.array([1.0]), np.array([0.0])) == pytest.approx(100.0)
