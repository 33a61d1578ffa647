"""`tcloud line setup-richmenu`: draw the rich menu (Pillow), create it on LINE, make it the default.

Four buttons: 問問題 / 預約專家 / 申請點數 / 我的預約, each a versioned postback the engine
understands (the same data as the bubble's buttons); their words are in `api.line.messages`. Re-running
replaces the menu of the same name.
"""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from api.line import messages as texts
from api.line.adapters.client import LineApi
from bot.channels.line import encode_postback

log = logging.getLogger(__name__)

MENU_NAME = "tcloud-assistant main menu v1"
WIDTH, HEIGHT = 2500, 843
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)


@dataclass(frozen=True)
class MenuButton:
    label: str
    hint: str
    postback: str
    color: tuple[int, int, int]


BUTTONS = (
    MenuButton(texts.MENU_ASK, texts.MENU_ASK_HINT, "intent:greeting", (15, 118, 110)),
    MenuButton(texts.MENU_BOOK, texts.MENU_BOOK_HINT, "intent:book_expert", (29, 78, 216)),
    MenuButton(texts.MENU_APPLY, texts.MENU_APPLY_HINT, "intent:apply_points", (194, 65, 12)),
    MenuButton(texts.MENU_STATUS, texts.MENU_STATUS_HINT, "intent:check_status", (71, 85, 105)),
)


class RichMenuError(Exception):
    """Said to the operator as one line."""


def find_cjk_font(explicit: Path | None = None) -> Path:
    if explicit is not None:
        if not explicit.is_file():
            raise RichMenuError(f"font not found: {explicit}")
        return explicit
    for candidate in FONT_CANDIDATES:
        if Path(candidate).is_file():
            return Path(candidate)
    if shutil.which("fc-match"):
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=zh-tw"], capture_output=True, text=True,
                               check=False).stdout.strip()
        if found and Path(found).is_file():
            return Path(found)
    raise RichMenuError("no Chinese font found: install one (e.g. apt-get install fonts-wqy-microhei) or pass --font")


def draw_menu(font_path: Path) -> bytes:
    """The menu image: four coloured panels, each with its label and a hint; PNG bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    big = ImageFont.truetype(str(font_path), 150)
    small = ImageFont.truetype(str(font_path), 70)
    width = WIDTH // len(BUTTONS)
    for i, button in enumerate(BUTTONS):
        left = i * width
        draw.rectangle((left + 12, 12, left + width - 12, HEIGHT - 12), fill=button.color)
        centre = left + width // 2
        draw.ellipse((centre - 70, 120, centre + 70, 260), outline=(255, 255, 255), width=14)
        draw.text((centre, 470), button.label, font=big, fill=(255, 255, 255), anchor="mm")
        draw.text((centre, 650), button.hint, font=small, fill=(230, 240, 240), anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def menu_definition() -> dict[str, Any]:
    width = WIDTH // len(BUTTONS)
    areas = []
    for i, button in enumerate(BUTTONS):
        data = encode_postback(button.postback)
        assert data is not None
        areas.append({"bounds": {"x": i * width, "y": 0, "width": width, "height": HEIGHT},
                      "action": {"type": "postback", "label": button.label, "data": data,
                                 "displayText": button.label}})
    return {"size": {"width": WIDTH, "height": HEIGHT}, "selected": True, "name": MENU_NAME,
            "chatBarText": texts.MENU_BAR, "areas": areas}


def setup_rich_menu(api: LineApi, *, image: bytes) -> str:
    """Create the menu with `image`, make it the default, remove older copies; returns its id."""
    if len(image) > 1_000_000:
        raise RichMenuError("the rich menu image must be at most 1 MB")
    old = [menu_id for menu_id, name in api.rich_menus() if name == MENU_NAME]
    menu_id = api.create_rich_menu(menu_definition())
    api.set_rich_menu_image(menu_id, image)
    api.set_default_rich_menu(menu_id)
    for menu_id_old in old:
        api.delete_rich_menu(menu_id_old)
    log.info("rich menu %s is the default (replaced %d)", menu_id, len(old))
    return menu_id
