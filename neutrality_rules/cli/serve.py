"""`nrules serve`: the HTTP API and the officer page (FastAPI on uvicorn).

Safe by default: binds to 127.0.0.1, limits request size, records per batch and time per request,
answers no cross-origin caller, and needs a token when one is configured (NRULES_SERVE_TOKEN or
--token-file; never on the command line, where `ps` would show it). With --workers N, uvicorn starts
N processes, each loading its own engine once.
"""

from __future__ import annotations

import ipaddress
import os
import sys
from pathlib import Path

import click

from ..api import Backend, Engine
from ..errors import NrulesError
from ..i18n import t
from . import State, common_options


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def register(main: click.Group) -> None:
    @main.command()
    @click.option(
        "--host", default="127.0.0.1", show_default=True, help="Address to bind (0.0.0.0 for all: use a token)."
    )
    @click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
    @click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes.")
    @click.option(
        "--token-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="File holding the bearer token clients must send (default: NRULES_SERVE_TOKEN, else none).",
    )
    @click.option("--cors-origin", "cors_origins", multiple=True, help="Allow this browser origin (repeatable).")
    @click.option(
        "--max-body", default=1_000_000, show_default=True, type=click.IntRange(1), help="Bytes per incident request."
    )
    @click.option(
        "--max-batch-bytes",
        default=20_000_000,
        show_default=True,
        type=click.IntRange(1),
        help="Bytes per batch request.",
    )
    @click.option("--max-records", default=1000, show_default=True, type=click.IntRange(1), help="Records per batch.")
    @click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1), help="Seconds per check.")
    @click.option(
        "--batch-timeout", default=600.0, show_default=True, type=click.FloatRange(0.1), help="Seconds per batch."
    )
    @click.option(
        "--check-threads",
        default=4,
        show_default=True,
        type=click.IntRange(1, 64),
        help="Checks running at once in each worker.",
    )
    @click.option("--root-path", default="", help="Path prefix when served behind a reverse proxy under a sub-path.")
    @click.option(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        show_default=True,
        help="Proxies trusted for X-Forwarded-For/-Proto (comma-separated).",
    )
    @click.option(
        "--office",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        default=None,
        help="The sending office's profile (YAML: name, city, signatory, tembusan, template).",
    )
    @click.option("--no-page", is_flag=True, help="Serve the API only, without the officer page.")
    @click.option("--openapi", "print_openapi", is_flag=True, help="Print the OpenAPI document and exit.")
    @click.option(
        "--log-level",
        default="info",
        show_default=True,
        type=click.Choice(["critical", "error", "warning", "info", "debug"]),
        help="How much the server logs.",
    )
    @common_options
    @click.pass_obj
    def serve(
        state: State,
        host: str,
        port: int,
        workers: int,
        token_file: Path | None,
        cors_origins: tuple[str, ...],
        max_body: int,
        max_batch_bytes: int,
        max_records: int,
        timeout: float,
        batch_timeout: float,
        check_threads: int,
        root_path: str,
        forwarded_allow_ips: str,
        office: Path | None,
        no_page: bool,
        print_openapi: bool,
        log_level: str,
        rules: Path | None,
        layers: tuple[Path, ...],
        backend: Backend,
    ) -> None:
        """Serve the HTTP API (/v1/...) and the officer page (/) with uvicorn."""
        try:
            import uvicorn

            from ..serve import Settings, create_app
            from ..serve.openapi import openapi_text
        except ImportError as exc:
            click.echo(
                f"nrules: {t('ui.error', state.lang)}: {t('serve.cli.missing_extra', state.lang, got=exc.name)}",
                err=True,
            )
            sys.exit(2)
        if print_openapi:
            click.echo(openapi_text(), nl=False)
            return
        token = os.environ.get("NRULES_SERVE_TOKEN") or None
        if token_file is not None:
            token = token_file.read_text(encoding="utf-8").strip() or None
        settings = Settings(
            host=host,
            port=port,
            workers=workers,
            max_body_bytes=max_body,
            max_batch_bytes=max_batch_bytes,
            max_batch_records=max_records,
            timeout_seconds=timeout,
            batch_timeout_seconds=batch_timeout,
            check_threads=check_threads,
            token=token,
            cors_origins=cors_origins,
            root_path=root_path,
            rules=str(rules) if rules else None,
            office=str(office) if office else None,
            layers=tuple(str(p) for p in layers),
            backend=backend,
            page=not no_page,
        )
        if not _loopback(host) and not token:
            click.echo(f"nrules: {t('serve.cli.open_without_token', state.lang, host=host)}", err=True)
        try:  # load once here: a broken rule set fails now, with its message, not in every worker
            engine = Engine.load(rules, layers=layers, backend=backend)
        except NrulesError as exc:
            sys.exit(state.fail(exc))
        common = {
            "host": host,
            "port": port,
            "log_level": log_level,
            "server_header": False,
            "proxy_headers": True,
            "forwarded_allow_ips": forwarded_allow_ips,
            "timeout_keep_alive": 5,
        }
        click.echo(
            t("serve.cli.listening", state.lang, url=f"http://{host}:{port}{root_path}/", workers=workers), err=True
        )
        if workers == 1:
            uvicorn.run(create_app(settings, engine=engine), **common)  # type: ignore[arg-type]
            return
        del engine  # each worker loads its own
        os.environ.update(settings.to_env())
        uvicorn.run("neutrality_rules.serve.app:app_from_env", factory=True, workers=workers, **common)  # type: ignore[arg-type]
