"""`nrules new`: recording a report by answering questions (see flow.py for the model, terminal.py
for the terminal). Importable for other front ends (the service's officer page):

    from neutrality_rules.interview import Interview
    iv = Interview(engine.ruleset)
    q = iv.next_question(answers)          # a Question (JSON: q.model_dump()), or None when done
    answers[q.id] = iv.parse(q, "ya", "id", answers)   # raises AnswerError with a message key
    incident = iv.build_incident(answers)
"""

from .flow import Capabilities, Interview
from .model import NOT_MENTIONED, Choice, Question, Words
from .parse import AnswerError

__all__ = ["NOT_MENTIONED", "AnswerError", "Capabilities", "Choice", "Interview", "Question", "Words"]
