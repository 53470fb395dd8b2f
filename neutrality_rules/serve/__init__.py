"""`nrules serve`: the HTTP front door for case-handling systems, and a page for officers.

FastAPI on uvicorn. One engine per worker process, loaded once at start-up (durable rulesets are
costly to build and leak when rebuilt); checks run on a bounded thread pool so that a slow check
never stalls the event loop, and every error reaches the client as an RFC 9457 problem carrying the
same code, field path and bilingual text as the CLI.
"""

from .app import create_app
from .settings import Settings

__all__ = ["Settings", "create_app"]
