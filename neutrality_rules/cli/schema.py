"""`nrules schema`: the published JSON Schemas."""

from __future__ import annotations

import json

import click


def register(main: click.Group) -> None:
    @main.command()
    @click.argument("which", type=click.Choice(["incident", "verdict"]))
    def schema(which: str) -> None:
        """Print the JSON Schema of an incident or a verdict."""
        from ..schemas import incident_schema, verdict_schema

        data = incident_schema() if which == "incident" else verdict_schema()
        click.echo(json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
