"""A confidence in [0, 1] for each translated sentence, from what the model itself says, with the reasons
a reader is given when it is low.

Signals (glass-box quality estimation, Fomicheva et al. 2020, "Unsupervised Quality Estimation for
Neural Machine Translation"): the model's mean log-probability of the chosen English and of its own
first decoding, that first decoding's agreement with the model's other renderings (its n-best and
alternatives: the consensus of select.py; read on the model's own English, so that a glossary term
written in does not count as the model disagreeing with itself), the length ratio, the source length,
and what the checks found. They are combined by one linear function fitted by `bench/qe_eval.py --fit`
on WMT21 zh->en with sentence chrF against two references as the label, and stored in
data/confidence.json; the fitted prediction is mapped to [0, 1] by the spread of the predictions on the
data it was fitted on.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Mapping, Sequence

from .checks import FACT, FORM, NOTE, Finding

FEATURES = ("logprob", "model_logprob", "consensus", "length_ratio", "length_ratio_sq", "source_length", "facts",
            "forms", "notes")


def features(zh: str, en: str, logprob: float | None, consensus: float, findings: Sequence[Finding],
             model_logprob: float | None = None) -> dict[str, float]:
    """The signals of one chosen English, by FEATURES name. `logprob`: the model's mean log-probability of
    the chosen English; `model_logprob`: of its own first decoding of the source, before any term was
    enforced (an edit lowers the first, not the second)."""
    source = max(1, len(zh.strip()))
    ratio = math.log((len(en.strip()) + 1) / source)  # English characters per source character, log
    return {
        "logprob": logprob if logprob is not None else math.nan,
        "model_logprob": model_logprob if model_logprob is not None else math.nan,
        "consensus": consensus,
        "length_ratio": ratio,
        "length_ratio_sq": ratio * ratio,  # too short and too long are both bad
        "source_length": math.log(source),
        "facts": float(sum(f.severity == FACT for f in findings)),
        "forms": float(sum(f.severity == FORM for f in findings)),
        "notes": float(sum(f.severity == NOTE for f in findings)),
    }


@dataclass(frozen=True, slots=True)
class Model:
    """A fitted linear predictor of sentence chrF and how its predictions map to [0, 1]."""

    weights: Mapping[str, float]
    bias: float
    fill: Mapping[str, float]  # the value a missing signal takes (its mean on the fitting data)
    low: float  # prediction mapped to 0 (a low percentile on the fitting data)
    high: float  # prediction mapped to 1
    doubt_below: float  # a confidence below this marks the row doubtful
    quartiles: Mapping[str, tuple[float, float]]  # each signal's 25th and 75th percentile when fitted
    source: str = ""  # what it was fitted on

    def predict(self, signals: Mapping[str, float]) -> float:
        total = self.bias
        for name, w in self.weights.items():
            v = signals.get(name, math.nan)
            total += w * (self.fill.get(name, 0.0) if math.isnan(v) else v)
        return total

    def confidence(self, signals: Mapping[str, float]) -> float:
        span = self.high - self.low
        return min(1.0, max(0.0, (self.predict(signals) - self.low) / span)) if span > 0 else 1.0

    def to_json(self) -> str:
        return json.dumps({
            "source": self.source, "weights": dict(self.weights), "bias": self.bias, "fill": dict(self.fill),
            "low": self.low, "high": self.high, "doubt_below": self.doubt_below,
            "quartiles": {k: list(v) for k, v in self.quartiles.items()},
        }, indent=1, sort_keys=True) + "\n"


def load_model(text: str | None = None) -> Model:
    """The fitted model shipped in data/confidence.json (or the JSON `text`)."""
    if text is None:
        text = resources.files("zhbrief.data").joinpath("confidence.json").read_text("utf-8")
    d = json.loads(text)
    return Model(d["weights"], d["bias"], d["fill"], d["low"], d["high"], d["doubt_below"],
                 {k: (v[0], v[1]) for k, v in d["quartiles"].items()}, d.get("source", ""))


def reasons(model: Model, signals: Mapping[str, float], findings: Sequence[Finding]) -> tuple[str, ...]:
    """Why a row is doubtful, in words a reader understands: what the checks found, then each model
    signal that is in the worst quarter of what it was on the fitting data."""
    out = [f.text for f in findings]
    if signals.get("consensus", 100.0) < model.quartiles.get("consensus", (0.0, 0.0))[0]:
        out.append("the model's other renderings of this sentence disagree with this one")
    for name in ("model_logprob", "logprob"):
        lp = signals.get(name, math.nan)
        if not math.isnan(lp) and lp < model.quartiles.get(name, (-math.inf, 0.0))[0]:
            out.append("the model was unsure of its wording")
            break
    if not out:
        out.append(f"the model's confidence in this rendering is low ({model.confidence(signals):.2f})")
    return tuple(dict.fromkeys(out))
