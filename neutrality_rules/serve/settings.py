"""Server settings, safe by default, passed to worker processes through the environment.

uvicorn starts several workers by importing the app by name in fresh processes, so the settings
travel as NRULES_SERVE_* variables rather than as Python objects; `Settings.from_env()` reads them
back in each worker. Defaults bind to localhost, cap request size, records per batch and time per
request, require no token and allow no cross-origin caller.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any

PREFIX = "NRULES_SERVE_"


@dataclass(frozen=True)
class Settings:
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    max_body_bytes: int = 1_000_000
    """One incident (and a letter request): the same 1 MB the CLI allows per incident."""
    max_batch_bytes: int = 20_000_000
    max_batch_records: int = 1000
    timeout_seconds: float = 30.0
    """Per request for /v1/check and /v1/letter; per record inside a batch."""
    batch_timeout_seconds: float = 600.0
    check_threads: int = 4
    """Checks running at once in one worker (the C engine holds the GIL: more threads add no speed)."""
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    root_path: str = ""
    rules: str | None = None
    office: str | None = None
    """The sending office's profile (YAML: name, signatory, letterhead template) for letters."""
    layers: tuple[str, ...] = ()
    backend: str = "durable"
    page: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_env(self) -> dict[str, str]:
        """The settings as environment variables (for worker processes); the token included."""
        out: dict[str, str] = {}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, tuple):
                value = "\n".join(value)
            elif isinstance(value, bool):
                value = "1" if value else "0"
            out[PREFIX + f.name.upper()] = str(value)
        return out

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        source = os.environ if env is None else env
        kwargs: dict[str, Any] = {}
        for f in fields(cls):
            raw = source.get(PREFIX + f.name.upper())
            if raw is None or f.name == "extra":
                continue
            default = f.default
            if isinstance(default, bool):
                kwargs[f.name] = raw.strip().lower() in ("1", "true", "yes")
            elif isinstance(default, int):
                kwargs[f.name] = int(raw)
            elif isinstance(default, float):
                kwargs[f.name] = float(raw)
            elif isinstance(default, tuple):
                kwargs[f.name] = tuple(x for x in raw.split("\n") if x.strip())
            elif isinstance(default, str):
                kwargs[f.name] = raw
            else:
                kwargs[f.name] = raw or None
        return cls(**kwargs)
