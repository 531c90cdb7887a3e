"""The eval system: hand-written suites under ``evals/``, standard metrics, reports, variants and gates.

``assistant eval`` is the command; from code::

    from assistant.evaluation import plan_session, run_session

    report = run_session(plan_session(["qa"], ["k=3"]))
    report["metrics"]["qa.fact_accuracy"]
"""

from __future__ import annotations

from assistant.evaluation.cases import SuiteError, load_suite
from assistant.evaluation.compare import compare_reports
from assistant.evaluation.gates import GateError, check_gates, load_gates
from assistant.evaluation.report import ReportError, load_report
from assistant.evaluation.session import Plan, plan_session, run_session
from assistant.evaluation.variants import VariantError, parse_variant

__all__ = [
    "GateError",
    "Plan",
    "ReportError",
    "SuiteError",
    "VariantError",
    "check_gates",
    "compare_reports",
    "load_gates",
    "load_report",
    "load_suite",
    "parse_variant",
    "plan_session",
    "run_session",
]
