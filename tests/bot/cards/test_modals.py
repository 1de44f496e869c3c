"""bot/cards/modals.py: the saved-search and "Find jobs" modals are valid views, and their
submissions read back as entered (or as the errors Slack shows by the fields)."""

from __future__ import annotations

from datetime import time

from slack_sdk.models.views import View

from bot import cards
from bot.cards import SearchForm, SubscriptionForm


def _state(form: dict[str, object]) -> dict[str, dict[str, object]]:
    return {block: {"value": value} for block, value in form.items()}


def test_the_subscription_modal_round_trips_what_it_shows() -> None:
    form = SubscriptionForm("python", time(7, 30), "1010100", "Asia/Tokyo", "C9", None, True)
    view = cards.subscription_modal(form)
    View(**view).validate_json()
    fields = {b["block_id"]: b["element"] for b in view["blocks"]}

    values = _state({
        "question": {"value": fields["question"]["initial_value"]},
        "time": {"selected_time": fields["time"]["initial_time"]},
        "days": {"selected_options": fields["days"]["initial_options"]},
        "zone": {"value": fields["zone"]["initial_value"]},
        "channel": {"selected_conversation": fields["channel"]["initial_conversation"]},
    })  # fmt: skip

    assert cards.read_subscription_form(values, view["private_metadata"]) == form


def test_an_edit_modal_offers_no_channel_and_keeps_the_id() -> None:
    form = SubscriptionForm("python", subscription_id=7)
    view = cards.subscription_modal(form)
    assert "channel" not in {b["block_id"] for b in view["blocks"]}
    assert view["title"]["text"] == "Edit saved search"
    values = _state({"question": {"value": "go"}, "time": {"selected_time": "10:00"},
                     "days": {"selected_options": [{"value": "6"}]},
                     "zone": {"value": "UTC"}})  # fmt: skip

    read = cards.read_subscription_form(values, view["private_metadata"])
    assert read == SubscriptionForm("go", time(10, 0), "0000001", "UTC", None, 7, False)


def test_a_broken_submission_names_each_field_and_forged_metadata_is_ignored() -> None:
    values = _state({"time": {"selected_time": "nonsense"}, "zone": {"value": "Nowhere/City"}})

    errors = cards.read_subscription_form(values, "{not json")
    assert isinstance(errors, dict)
    assert set(errors) == {"question", "time", "days", "zone"}


def test_the_search_form_becomes_one_question() -> None:
    View(**cards.search_modal()).validate_json()
    form = SearchForm("python", "remote", "Berlin", "senior", "150k")

    assert form.question() == "remote senior python in Berlin over 150k"
    assert SearchForm("  data  ").question() == "data"
    assert cards.read_search_form({}) == SearchForm()
