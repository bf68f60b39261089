"""The evaluation harness: QA files, retrieval metrics (ranx), answer scoring and the report."""

from plansearch.evaluate.answers import AnswerResult, evaluate_answers, format_answers
from plansearch.evaluate.qa import QACase, contains_evidence, load_qa
from plansearch.evaluate.report import update_report
from plansearch.evaluate.retrieval import RetrieverResult, answerable_share, evaluate, format_table, results_json

__all__ = [
    "AnswerResult", "QACase", "RetrieverResult", "answerable_share", "contains_evidence", "evaluate",
    "evaluate_answers", "format_answers", "format_table", "load_qa", "results_json", "update_report",
]
