"""Modals: a saved search's settings (new, edited, or a channel digest) and the search form.

`subscription_modal` renders the form and `read_subscription_form` reads its submission back
(pure: the listener passes `view.state.values`), giving either the form as entered or the
errors Slack shows next to the fields (`response_action: errors`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.models.blocks import (
    CheckboxesElement,
    ConversationFilter,
    ConversationSelectElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    PlainTextObject,
    RadioButtonsElement,
    StaticSelectElement,
    TimePickerElement,
)
from slack_sdk.models.views import View

from bot.mrkdwn import truncate
from index import MAX_QUERY_CHARS

__all__ = [
    "EVERY_DAY",
    "SEARCH_VIEW",
    "SUBSCRIPTION_VIEW",
    "WEEKDAY_NAMES",
    "SearchForm",
    "SubscriptionForm",
    "read_search_form",
    "read_subscription_form",
    "search_modal",
    "subscription_modal",
]

SUBSCRIPTION_VIEW = "subscription_form"
SEARCH_VIEW = "search_form"
EVERY_DAY = "1111111"
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _plain(text: str) -> PlainTextObject:
    return PlainTextObject(text=text)


@dataclass(frozen=True, slots=True)
class SubscriptionForm:
    """A saved search as the modal shows it: `channel` None means "by DM to me";
    `subscription_id` set means an existing one is edited."""

    question: str
    at: time = time(9, 0)
    weekdays: str = EVERY_DAY
    timezone: str = "UTC"
    channel: str | None = None
    subscription_id: int | None = None
    pick_channel: bool = False
    """Offer the channel picker (and "in a channel") — false when editing a person's own."""


def subscription_modal(form: SubscriptionForm) -> dict[str, Any]:
    """The saved-search modal: question, time, weekdays, time zone, and where it goes."""
    days = [Option(value=str(i), text=_plain(name)) for i, name in enumerate(WEEKDAY_NAMES)]
    chosen = [days[i] for i, on in enumerate(form.weekdays) if on == "1"]
    blocks: list[Any] = [
        InputBlock(
            block_id="question",
            label=_plain("Jobs to look for"),
            element=PlainTextInputElement(
                action_id="value",
                initial_value=truncate(form.question, MAX_QUERY_CHARS) or None,
                max_length=MAX_QUERY_CHARS,
                placeholder=_plain("remote SRE jobs with Terraform"),
            ),
        ),
        InputBlock(
            block_id="time",
            label=_plain("Time of day"),
            element=TimePickerElement(action_id="value", initial_time=form.at.strftime("%H:%M")),
        ),
        InputBlock(
            block_id="days",
            label=_plain("On these days"),
            element=CheckboxesElement(action_id="value", options=days, initial_options=chosen),
        ),
        InputBlock(
            block_id="zone",
            label=_plain("Time zone"),
            hint=_plain("An IANA name, e.g. Europe/Berlin or America/New_York."),
            element=PlainTextInputElement(action_id="value", initial_value=form.timezone),
        ),
    ]
    if form.pick_channel:
        blocks.append(
            InputBlock(
                block_id="channel",
                label=_plain("Post in a channel (leave empty for a DM to you)"),
                optional=True,
                element=ConversationSelectElement(
                    action_id="value",
                    initial_conversation=form.channel,
                    filter=ConversationFilter(include=["public", "private"]),
                ),
            )
        )
    title = "Edit saved search" if form.subscription_id else "Get these daily"
    view = View(
        type="modal",
        callback_id=SUBSCRIPTION_VIEW,
        title=_plain(title),
        submit=_plain("Save"),
        close=_plain("Cancel"),
        private_metadata=json.dumps(
            {"sub": form.subscription_id, "pick": form.pick_channel}, separators=(",", ":")
        ),
        blocks=blocks,
    )
    view.validate_json()
    return view.to_dict()


def _value(values: Mapping[str, Any], block: str) -> Mapping[str, Any]:
    found = values.get(block, {}).get("value")
    return found if isinstance(found, Mapping) else {}


def read_subscription_form(
    values: Mapping[str, Any], private_metadata: str
) -> SubscriptionForm | dict[str, str]:
    """A submission → the form as entered, or {block id: what is wrong} for Slack to show."""
    errors: dict[str, str] = {}
    question = " ".join(str(_value(values, "question").get("value") or "").split())
    if not question:
        errors["question"] = "Tell me what to look for."
    picked = str(_value(values, "time").get("selected_time") or "")
    try:
        hours, minutes = (int(x) for x in picked.split(":"))
        at = time(hours, minutes)
    except ValueError:
        errors["time"] = "Pick a time of day."
        at = time(9, 0)
    options = _value(values, "days").get("selected_options") or []
    on = {int(o["value"]) for o in options if str(o.get("value", "")).isdigit()}
    weekdays = "".join("1" if i in on else "0" for i in range(7))
    if "1" not in weekdays:
        errors["days"] = "Pick at least one day."
    zone = str(_value(values, "zone").get("value") or "").strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        errors["zone"] = "Not a time zone I know: try Europe/Berlin or America/New_York."
    channel = _value(values, "channel").get("selected_conversation")
    try:
        meta = json.loads(private_metadata or "{}")
    except ValueError:
        meta = {}
    meta = meta if isinstance(meta, dict) else {}
    sub = meta.get("sub")
    if errors:
        return errors
    return SubscriptionForm(
        question,
        at,
        weekdays,
        zone,
        str(channel) if channel else None,
        sub if isinstance(sub, int) else None,
        bool(meta.get("pick")),
    )


@dataclass(frozen=True, slots=True)
class SearchForm:
    """The "Find jobs" modal as entered: the words, workplace, place, seniority, least pay."""

    words: str = ""
    workplace: str = ""
    place: str = ""
    seniority: str = ""
    min_pay: str = ""

    def question(self) -> str:
        """The form as one plain-words question, as a person would type it."""
        parts = [self.workplace, self.seniority, self.words]
        if self.place:
            parts.append(f"in {self.place}")
        if self.min_pay:
            parts.append(f"over {self.min_pay}")
        return " ".join(" ".join(p.split()) for p in parts if p.strip())


_WORKPLACES = (("Any", ""), ("Remote", "remote"), ("Hybrid", "hybrid"), ("On-site", "onsite"))
_SENIORITIES = ("junior", "mid", "senior", "staff", "principal", "lead", "head", "director")


def search_modal() -> dict[str, Any]:
    """The "Find jobs" modal of the global shortcut and the Home tab's Search button."""
    workplaces = [Option(value=v or "any", text=_plain(label)) for label, v in _WORKPLACES]
    levels = [Option(value=v, text=_plain(v.title())) for v in _SENIORITIES]

    def text_input(block: str, label: str, hint: str, *, optional: bool = True) -> InputBlock:
        return InputBlock(
            block_id=block,
            label=_plain(label),
            optional=optional,
            element=PlainTextInputElement(action_id="value", placeholder=_plain(hint)),
        )

    view = View(
        type="modal",
        callback_id=SEARCH_VIEW,
        title=_plain("Find jobs"),
        submit=_plain("Search"),
        close=_plain("Cancel"),
        blocks=[
            text_input(
                "words", "Words", 'python backend, "machine learning", -crypto', optional=False
            ),
            InputBlock(
                block_id="workplace",
                label=_plain("Where you work"),
                optional=True,
                element=RadioButtonsElement(action_id="value", options=workplaces),
            ),
            text_input("place", "Place", "Berlin, NYC, Europe"),
            InputBlock(
                block_id="seniority",
                label=_plain("Seniority"),
                optional=True,
                element=StaticSelectElement(action_id="value", options=levels),
            ),
            text_input("pay", "Least pay a year", "150k, €80k"),
        ],
    )
    view.validate_json()
    return view.to_dict()


def read_search_form(values: Mapping[str, Any]) -> SearchForm:
    """A "Find jobs" submission → the form (missing fields are empty)."""

    def text(block: str) -> str:
        return " ".join(str(_value(values, block).get("value") or "").split())

    def option(block: str, key: str) -> str:
        picked = _value(values, block).get(key) or {}
        value = str(picked.get("value") or "") if isinstance(picked, Mapping) else ""
        return "" if value == "any" else value

    return SearchForm(
        text("words"),
        option("workplace", "selected_option"),
        text("place"),
        option("seniority", "selected_option"),
        text("pay"),
    )
