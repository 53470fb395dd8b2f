"""`nrules schema`: the published JSON Schemas."""

from __future__ import annotations

import json

import click


def register(main: click.Group) -> None:
    @main.command()
    @click.argument("which", type=click.Choice(["incident", "verdict", "envelope"]))
    def schema(which: str) -> None:
        """Print the JSON Schema of an incident, a verdict, or a batch record (one line of --format jsonl)."""
        from ..schemas import envelope_schema, incident_schema, verdict_schema

        data = {"incident": incident_schema, "verdict": verdict_schema, "envelope": envelope_schema}[which]()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
