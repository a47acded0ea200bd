"""Satisfaction with its uncertainty, and the composite score.

A rating is the mean of the citizen's three marks (on time, attitude, result), 1 to 5; "satisfied" is a
rating of 4 or more, reported against the 80% benchmark used for public services. To compare units
fairly, the mean rating is mapped onto 0–1 ((mean − 1) / 4) and given a 95% Wilson score interval
for its number of ratings; units are ranked by the lower end of that band, so three ratings of 5
do not outrank three hundred averaging 4.6.
"""

import math

Z95 = 1.959963984540054


def wilson(p, n, z=Z95):
    """The Wilson score interval ``(low, high)`` of a proportion ``p`` observed over ``n`` trials."""
    if not n:
        return None
    p = min(1.0, max(0.0, p))
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def rating_band(mean, n):
    """The 95% band of a mean rating (1–5) over ``n`` ratings, on the 1–5 scale."""
    if not n or mean is None:
        return None
    low, high = wilson((mean - 1) / 4, n)
    return 1 + 4 * low, 1 + 4 * high


def satisfaction_score(mean, n):
    """0–100: the lower end of the band of the mean rating, rescaled (the figure units are ranked by)."""
    band = rating_band(mean, n)
    return None if band is None else round(100 * (band[0] - 1) / 4, 1)


# The fifth part, commitments kept on time (``reports.scorecards``), weighs nothing until a province gives it a
# weight on the weights page: every composite stays as it was, and a part without a value (no commitment due
# in the period) never counts, its weight shared among the other parts by ``composite``.
DEFAULT_WEIGHTS = {"satisfaction": 40, "on_time": 30, "training": 15, "field_days": 15, "commitments": 0}


def composite(parts, weights):
    """The weighted mean of the 0–100 ``parts`` that have a value, weights rescaled over those.

    Returns ``(score, used)`` where ``used`` names the parts that counted; ``(None, [])`` when none did.
    """
    used = [k for k, v in parts.items() if v is not None and weights.get(k, 0) > 0]
    total = sum(weights[k] for k in used)
    if not total:
        return None, []
    return round(sum(parts[k] * weights[k] for k in used) / total, 1), used
