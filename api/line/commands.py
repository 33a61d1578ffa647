"""`tcloud line ...`: set up the rich menu (the webhook benchmark is `python -m bench line`)."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from api.settings import Settings


def setup_richmenu(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    from api.line.adapters.client import LineApi, LineCallError
    from api.line.services.richmenu import RichMenuError, draw_menu, find_cjk_font, setup_rich_menu

    if not settings.line_channel_access_token.get_secret_value():
        err.print("[red]LINE_CHANNEL_ACCESS_TOKEN is not set[/red]")
        return 2
    try:
        image = Path(args.image).read_bytes() if args.image else draw_menu(find_cjk_font(
            Path(args.font) if args.font else None))
        if args.save:
            Path(args.save).write_bytes(image)
            out.print(f"image written to {args.save}")
        api = LineApi.from_settings(settings)
        try:
            menu_id = setup_rich_menu(api, image=image)
        finally:
            api.close()
    except (RichMenuError, OSError) as exc:
        err.print(f"[red]{exc}[/red]")
        return 1
    except LineCallError as exc:
        err.print(f"[red]LINE refused the rich menu ({exc.status}): {exc.detail}[/red]")
        return 1
    out.print(f"rich menu {menu_id} created and set as the default")
    return 0


def run_line_command(args: argparse.Namespace, settings: Settings, out: Console, err: Console) -> int:
    return setup_richmenu(args, settings, out, err)
