"""nrules: political-neutrality rules for Indonesian civil servants, village officials, TNI and Polri.

The public, stable API is exactly the names in `__all__`; everything else is private and may change.
"""

from .api import Engine, version
from .errors import EngineError, IncidentError, InputError, NrulesError, RuleFileError, RuleSetError, UsageError
from .incident import Act, Candidate, ElectionRef, Event, Incident, PriorSanction, Report, Respondent
from .verdict import VERDICT_SCHEMA_VERSION, Finding, TrackSanction, Verdict

__version__ = version()

__all__ = [
    "VERDICT_SCHEMA_VERSION",
    "Act",
    "Candidate",
    "ElectionRef",
    "Engine",
    "EngineError",
    "Event",
    "Finding",
    "Incident",
    "IncidentError",
    "InputError",
    "NrulesError",
    "PriorSanction",
    "Report",
    "Respondent",
    "RuleFileError",
    "RuleSetError",
    "TrackSanction",
    "UsageError",
    "Verdict",
    "__version__",
]
