"""``assistant timeline [PROVISION]``: print what each terms version did to the agreement's provisions."""

from __future__ import annotations

import datetime
import json

import click

from assistant.agreement.provisions import find_provision
from assistant.agreement.sheet import UnknownTermsError
from assistant.agreement.versions import check_terms, provision_timeline, provisions, short_date, terms_versions
from assistant.cli.corpus import configured_locate


def validate_terms(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    """Click callback for ``--terms``: a version id or an ISO date, else a usage error naming the versions."""
    if value is None:
        return None
    try:
        check_terms(value)
    except UnknownTermsError as exc:
        raise click.BadParameter(str(exc)) from exc
    return value


def _since(_ctx: click.Context, _param: click.Parameter, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not a date YYYY-MM-DD") from exc


@click.command("timeline")
@click.argument("provision", required=False)
@click.option("--since", callback=_since, help="Only what happened on or after this date (YYYY-MM-DD).")
@click.option("--json", "as_json", is_flag=True, help="Print the entries (and the versions) as JSON.")
def timeline(provision: str | None, since: datetime.date | None, as_json: bool) -> None:
    """Show how the agreement changed, provision by provision, with the source of each change.

    PROVISION is a provision id (first-refusal, ip-access, ...), its title, or words that name one
    ("ROFR", "revenue share"); all provisions when left out.
    """
    wanted = None
    if provision is not None:
        wanted = find_provision(provision)
        if wanted is None:
            known = ", ".join(p.id for p in provisions())
            raise click.BadParameter(
                f"{provision!r} names no single provision (known: {known})", param_hint="PROVISION"
            )
    locate = configured_locate()
    entries = provision_timeline(wanted, since=since, locate=locate)
    if as_json:
        payload = {
            "versions": [v.model_dump(mode="json") for v in terms_versions(locate)],
            "entries": [e.model_dump(mode="json") for e in entries],
        }
        click.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo("Nothing changed in that period.")
        return
    current = None
    for entry in sorted(entries, key=lambda e: [p.id for p in provisions()].index(e.provision)):
        if entry.provision != current:
            current = entry.provision
            click.echo(f"\n{entry.provision_title} ({entry.provision})")
        kind = "" if entry.kind in ("changed", "initial") else f" [{entry.kind}]"
        click.echo(f"  {short_date(entry.date)}  {entry.version_label}{kind}: {entry.summary}")
        if entry.citation is not None:
            click.echo(f"      {entry.citation.source}: “{entry.citation.quote}”")
