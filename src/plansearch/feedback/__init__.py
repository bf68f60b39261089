"""Readers' verdicts on the chat's answers: stored (store.py), listed, exported as QA drafts and
asked again against today's index (drafts.py)."""

from plansearch.feedback.store import VERDICTS, Feedback, FeedbackError, FeedbackStore, Verdict, feedback_path

__all__ = ["VERDICTS", "Feedback", "FeedbackError", "FeedbackStore", "Verdict", "feedback_path"]
