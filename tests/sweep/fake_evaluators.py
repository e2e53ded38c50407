"""A dotted-path evaluator for the tests (counts its calls in this process)."""
CALLS = []


def counting(point, spec, cache):
    CALLS.append(point.id)
    return {m: 1.0 for m in spec.metrics}


#: the three sweep parameters that carry the Ishigami inputs: each axis runs over [0, 2 pi] (in V, V, s) and
#: x_i = value - pi is uniform on [-pi, pi]
ISHIGAMI_AXES = ("protocol.lower_voltage", "protocol.upper_voltage", "protocol.rest")


def ishigami(point, spec, cache):
    """Ishigami & Homma (1990) test function f = sin x1 + a sin^2 x2 + b x3^4 sin x1 (a, b from the options,
    default 7 and 0.1), returned for every metric of the spec."""
    import math

    a = float(spec.evaluator_options.get("a", 7.0))
    b = float(spec.evaluator_options.get("b", 0.1))
    x1, x2, x3 = (point.values[k] - math.pi for k in ISHIGAMI_AXES)
    f = math.sin(x1) + a * math.sin(x2) ** 2 + b * x3 ** 4 * math.sin(x1)
    return {m: f for m in spec.metrics}
