"""``python -m assistant.cli`` runs the ``assistant`` command."""

from __future__ import annotations

from assistant.cli.main import main

if __name__ == "__main__":  # importing the module (tests walk every module) must not run the command
    main()
