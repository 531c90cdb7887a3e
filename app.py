"""The browser app: ``python app.py [--host 127.0.0.1] [--port 7860] [--mcp]`` is ``assistant serve``."""

from __future__ import annotations

import sys

from assistant.cli.main import main

main(["serve", *sys.argv[1:]])
