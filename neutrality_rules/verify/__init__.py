"""`nrules verify`: everything that checks a rule set rather than an incident.

`checks` holds the exact static checks (conflicts, gaps, never-matching rules, windows) and the
property search; further checkers (quotes against the shipped texts, mutation testing) live beside it.
"""

from .checks import Counterexample, Report, static_checks, verify

__all__ = ["Counterexample", "Report", "static_checks", "verify"]
