"""bot/ stays light and independent: no web framework, SQL, LINE SDK, api/ or LLM client at import."""

from __future__ import annotations

import subprocess
import sys

FORBIDDEN = ("fastapi", "sqlalchemy", "sqlmodel", "linebot", "api", "langchain_openai", "openai")


def test_importing_the_engine_pulls_in_nothing_forbidden() -> None:
    code = (
        "import sys, bot.engine, bot.build, bot.channels.web\n"
        f"bad = [m for m in {FORBIDDEN!r} if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
