"""The LINE Messaging API, through line-bot-sdk v3: reply, push, loading animation, rich menus.

Built once per process (in the app's lifespan, via `build_notifier`). Every call has an explicit
timeout and no hidden retries (urllib3's are switched off): the caller decides what to retry, from
the kind of failure `LineCallError` reports.
"""

from __future__ import annotations

import json
import logging
from typing import Any, Literal

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    PushMessageRequest,
    ReplyMessageRequest,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
)

from api.settings import Settings

log = logging.getLogger(__name__)

FailureKind = Literal["transient", "invalid_token", "duplicate", "refused"]


class LineCallError(Exception):
    """A LINE API call failed. `kind`: transient (5xx, 429, timeout, network: retry later),
    invalid_token (the reply token expired or was used), duplicate (a push with this retry key was
    accepted before), refused (any other 4xx: retrying cannot help). `maybe_accepted`: LINE may
    have taken the request all the same (a 5xx, or no answer in time); False when it certainly
    did not (a 4xx such as 429, or no connection at all)."""

    def __init__(self, kind: FailureKind, detail: str, status: int | None = None, *,
                 maybe_accepted: bool = False) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail, self.status = kind, detail, status
        self.maybe_accepted = maybe_accepted


def _message_of(body: Any) -> str:
    try:
        data = json.loads(body) if body else {}
    except (TypeError, ValueError):
        return str(body)[:200]
    return str(data.get("message", "")) if isinstance(data, dict) else str(data)[:200]


def classify(exc: ApiException, *, replying: bool = False) -> LineCallError:
    status = int(exc.status or 0)
    message = _message_of(exc.body)
    if status == 0 or status == 429 or status >= 500:
        return LineCallError("transient", message or str(exc.reason), status, maybe_accepted=status != 429)
    if status == 409:
        return LineCallError("duplicate", message, status)
    if replying and status == 400 and "reply token" in message.lower():
        return LineCallError("invalid_token", message, status)
    return LineCallError("refused", message or str(exc.reason), status)


def _never_connected(exc: BaseException) -> bool:
    """The request cannot have reached LINE: the connection was never made."""
    reason = exc.reason if isinstance(exc, urllib3.exceptions.MaxRetryError) else exc
    return isinstance(reason, urllib3.exceptions.ConnectTimeoutError | ConnectionRefusedError)


class LineApi:
    def __init__(self, *, access_token: str, host: str | None = None, timeout: float = 5.0,
                 pool_size: int = 8) -> None:
        config = Configuration(access_token=access_token, host=host.rstrip("/") if host else None)
        config.retries = urllib3.Retry(total=0, connect=0, read=0, redirect=0, status=0, raise_on_status=False)
        config.connection_pool_maxsize = pool_size
        self._client = ApiClient(config)
        self._api = MessagingApi(self._client)
        self._blob = MessagingApiBlob(self._client)
        self.timeout = timeout

    @classmethod
    def from_settings(cls, settings: Settings) -> LineApi:
        return cls(access_token=settings.line_channel_access_token.get_secret_value(), host=settings.line_api_host,
                   timeout=settings.line_timeout_seconds, pool_size=settings.line_workers + 4)

    def _call(self, what: str, fn: Any, *args: Any, replying: bool = False, **kwargs: Any) -> Any:
        try:
            return fn(*args, _request_timeout=self.timeout, **kwargs)
        except ApiException as exc:
            raise classify(exc, replying=replying) from exc
        except (urllib3.exceptions.HTTPError, OSError) as exc:  # timeouts, refused connections, resets
            raise LineCallError("transient", f"{what}: {type(exc).__name__}",
                                maybe_accepted=not _never_connected(exc)) from exc

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> None:
        request = ReplyMessageRequest.from_dict({"replyToken": reply_token, "messages": messages})
        self._call("reply", self._api.reply_message, request, replying=True)

    def push(self, to: str, messages: list[dict[str, Any]], *, retry_key: str) -> None:
        """Push to a user, group or room; a push retried with the same key is delivered once (a
        duplicate is reported as `LineCallError('duplicate')`: it was accepted before)."""
        request = PushMessageRequest.from_dict({"to": to, "messages": messages})
        self._call("push", self._api.push_message, request, x_line_retry_key=retry_key)

    def show_loading(self, chat_id: str, seconds: int = 20) -> None:
        seconds = min(60, max(5, seconds - seconds % 5))
        request = ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds)
        self._call("loading", self._api.show_loading_animation, request)

    # Rich menus (the `tcloud line setup-richmenu` command)
    def create_rich_menu(self, menu: dict[str, Any]) -> str:
        response = self._call("create rich menu", self._api.create_rich_menu, RichMenuRequest.from_dict(menu))
        return str(response.rich_menu_id)

    def set_rich_menu_image(self, rich_menu_id: str, png: bytes) -> None:
        self._call("upload rich menu image", self._blob.set_rich_menu_image, rich_menu_id, png,
                   _headers={"Content-Type": "image/png"})

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        self._call("set default rich menu", self._api.set_default_rich_menu, rich_menu_id)

    def rich_menus(self) -> list[tuple[str, str]]:
        """(id, name) of every rich menu of the channel."""
        response = self._call("list rich menus", self._api.get_rich_menu_list)
        return [(str(m.rich_menu_id), str(m.name)) for m in response.richmenus]

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        self._call("delete rich menu", self._api.delete_rich_menu, rich_menu_id)

    def close(self) -> None:
        self._client.close()
