"""Regression gates: floors (and ceilings) on report metrics, read from a YAML file.

::

    gates:
      qa.fact_accuracy: {min: 0.85}
      all.latency_p95_ms: {max: 2000}

Gates are checked on the report's first variant (the configured settings unless the run lists
another first). A gate on a suite that was not run is skipped; a gate on a metric that its suite
did not produce fails, since a gate that can never fire is a mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from assistant.yaml_source import DataFileError, describe_validation_error, read_yaml


class GateError(ValueError):
    """A gates file is malformed; the message names the file, line and gate."""


class Bound(BaseModel):
    """The allowed range of one metric."""

    model_config = ConfigDict(extra="forbid")

    min: float | None = None
    max: float | None = None

    @model_validator(mode="after")
    def _some_bound(self) -> Bound:
        if self.min is None and self.max is None:
            raise ValueError("give 'min', 'max' or both")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("'min' is above 'max'")
        return self


@dataclass(frozen=True)
class Gate:
    """A bound on one metric (``suite.metric``)."""

    metric: str
    bound: Bound

    def describe(self) -> str:
        """``qa.fact_accuracy >= 0.85`` and the like."""
        parts = []
        if self.bound.min is not None:
            parts.append(f">= {self.bound.min:g}")
        if self.bound.max is not None:
            parts.append(f"<= {self.bound.max:g}")
        return f"{self.metric} {' and '.join(parts)}"


@dataclass(frozen=True)
class GateResult:
    """How a gate fared: ``pass``, ``fail`` or ``skipped``, with the value and a message."""

    gate: Gate
    status: str
    value: float | None
    message: str


def load_gates(path: Path) -> list[Gate]:
    """Read and validate a gates file.

    Raises:
        GateError: Naming the file, line and gate of each problem.
    """
    try:
        source = read_yaml(Path(path), str(path))
    except DataFileError as exc:
        raise GateError(str(exc)) from exc
    data = source.data
    if not isinstance(data, dict) or not isinstance(data.get("gates"), dict) or not data["gates"]:
        raise GateError(f"{source.where(('gates',))}: expected a mapping 'gates' of metric: {{min: …, max: …}}")
    gates = []
    problems = []
    for metric, raw in data["gates"].items():
        if not isinstance(metric, str) or "." not in metric:
            problems.append(f"{source.where(('gates', metric))}: gate {metric!r}: name metrics as suite.metric")
            continue
        try:
            gates.append(Gate(metric, Bound.model_validate(raw)))
        except ValidationError as exc:
            problems.append(describe_validation_error(source, exc, ("gates", metric), f"gate {metric!r}"))
    if problems:
        raise GateError("\n".join(problems))
    return gates


def check_gates(gates: list[Gate], report: dict[str, Any]) -> list[GateResult]:
    """Check each gate against the report's top-level metrics."""
    metrics: dict[str, float] = report.get("metrics", {})
    suites = set(report.get("suites", {})) | {"all"}
    results = []
    for gate in gates:
        suite = gate.metric.split(".", 1)[0]
        value = metrics.get(gate.metric)
        if suite not in suites:
            results.append(GateResult(gate, "skipped", None, f"{gate.metric}: suite {suite!r} was not run"))
            continue
        if value is None:
            results.append(GateResult(gate, "fail", None, f"{gate.metric}: not measured (gate {gate.describe()})"))
            continue
        low = gate.bound.min is not None and value < gate.bound.min
        high = gate.bound.max is not None and value > gate.bound.max
        status = "fail" if low or high else "pass"
        results.append(GateResult(gate, status, value, f"{gate.metric} = {value:.4g} (gate {gate.describe()})"))
    return results
