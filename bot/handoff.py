"""A person taking over a conversation (the handoff inbox), as the engine sees it.

After the engine answers a request for a person (`Reply.handoff`), the desk opens a conversation
for staff. While a person handles it, typed messages are not answered by the bot: they go to the
transcript, the first one is acknowledged, later ones get no bot reply at all (the staff member
answers). Staff closing the conversation, or the user typing 「回到機器人」 or 「重新開始」,
gives the conversation back to the bot. Buttons (postbacks) and an open form keep working, so the
「留下聯絡資料」 and 「預約專家」 buttons of the handoff reply still do what they say.
"""

from __future__ import annotations

from typing import Protocol

from bot.types import Handoff, IncomingMessage, Language

HANDOFF_HELD = "handoff_held"
"""The intent of a message a person will answer (the bot did not)."""
HANDOFF_RELEASED = "handoff_released"
"""The intent of the reply when the user gives the conversation back to the bot."""

BACK_TO_BOT = frozenset({"回到機器人", "回機器人", "機器人回答", "重新開始", "重來", "backtobot", "restart",
                         "startover"})
"""What the user types (after `bot.flows.runner.command`) to stop waiting for a person."""


class HandoffDesk(Protocol):
    """Where conversations handed to a person live (implemented in api/, over the database)."""

    def request(self, message: IncomingMessage, handoff: Handoff, language: Language) -> None:
        """Open (or reopen) the user's conversation for staff."""
        ...

    def hold(self, message: IncomingMessage, language: Language) -> bool | None:
        """When a person is handling the user's conversation: add the message to it and return
        whether to acknowledge it (True the first time). None when the bot should answer."""
        ...

    def release(self, message: IncomingMessage) -> bool:
        """Give the conversation back to the bot; False when no person was handling it."""
        ...
