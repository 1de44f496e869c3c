"""Test doubles for talking to Slack without the network.

- `FakeSlackWebAPI`: a local Web API and response-URL server that records every `Call`.
- `sign` and the `*_body` helpers: requests exactly as Slack signs and encodes them.
"""

from .signing import (
    FORM,
    JSON,
    event_body,
    interaction_body,
    post_signed,
    sign,
    slash_command_body,
)
from .slack_web_api import AUTH_TEST, Call, FakeSlackWebAPI

__all__ = [
    "AUTH_TEST",
    "FORM",
    "JSON",
    "Call",
    "FakeSlackWebAPI",
    "event_body",
    "interaction_body",
    "post_signed",
    "sign",
    "slash_command_body",
]
