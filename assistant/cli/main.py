"""The ``assistant`` command: ask, chat, ingest, eval, serve, whatif and timeline. It parses and renders only.

Each command lives in a module of its own and imports what it needs when it runs, so that
``assistant --help`` and ``assistant ask`` stay fast.
"""

from __future__ import annotations

import sys

import click

from assistant.cli.ask import ask, chat
from assistant.cli.evaluate import eval_command
from assistant.cli.ingest import ingest
from assistant.cli.serve import serve
from assistant.cli.timeline import timeline
from assistant.cli.whatif import whatif
from assistant.offline import enforce_offline


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    r"""Ask questions about the Microsoft–OpenAI agreement, with quotes from the sources.

    Works offline. The index of corpus/ is built automatically on first use.

    \b
    Examples:
      assistant ask "Who has the right of first refusal on OpenAI's cloud capacity?"
      assistant ask "Is the API exclusive to Azure?" --json
      assistant chat --terms 2026-04
      assistant timeline rofr
      assistant ingest
      assistant eval --report artifacts/eval
      assistant serve
    """
    # The one place the command line sets the offline environment, before any command imports a model library.
    enforce_offline()


for _command in (ask, chat, ingest, eval_command, serve, whatif, timeline):
    main.add_command(_command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
