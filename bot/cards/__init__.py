"""Pure rendering: search results → Block Kit messages. All text a user sees lives in this package.

One module per thing rendered: `base` (Message, PageRef, the action ids, limits, escaping, the
heading of every job card), `help` (the help card and the subcommand table), `results` (answers,
job cards, no results, shared, more like this), `errors`, `subscriptions` (saved searches and
channel digests), `personal` (saved and hidden jobs), `digests` and `home` (the App Home tab).
This package exports the renderers and the values they take; Slack's limits and the layout
constants stay in the module that uses them.
"""

from bot.cards.assistant import (
    MAX_PROMPTS,
    SEARCHING,
    greeting_message,
    refined_message,
    suggested_prompts,
    thread_title,
)
from bot.cards.base import (
    FEEDBACK_BLOCK_PREFIX,
    MENU_BLOCK_PREFIX,
    PAGE_SIZE,
    Action,
    Message,
    PageRef,
    feedback_choice,
    menu_choice,
)
from bot.cards.digests import (
    digest_card,
    digest_message,
    since_label,
)
from bot.cards.errors import (
    cannot_save_message,
    gone_message,
    needs_database_message,
    oops_message,
)
from bot.cards.help import (
    SUBCOMMANDS,
    Subcommand,
    UsageProblem,
    help_message,
    usage_message,
)
from bot.cards.home import (
    HOME_SAVED,
    HomeContent,
    home_view,
)
from bot.cards.personal import (
    HIDDEN_LISTED,
    SAVED_PAGE_SIZE,
    SavedPosting,
    feedback_message,
    feedback_noted,
    hidden_confirmation,
    hidden_list_message,
    no_hidden_message,
    saved_confirmation,
    saved_message,
    unhidden_message,
)
from bot.cards.results import (
    describe_query,
    job_card,
    more_like_this_message,
    no_results_message,
    results_message,
    share_failed_message,
    shared_confirmation,
    shared_message,
)
from bot.cards.subscriptions import (
    MAX_SUBSCRIPTIONS,
    already_subscribed_message,
    channel_digest_message,
    no_subscription_message,
    not_a_member_message,
    not_yours_message,
    schedule_label,
    subscribed_message,
    subscriptions_message,
    too_many_subscriptions_message,
    unsubscribed_message,
)

__all__ = [
    "FEEDBACK_BLOCK_PREFIX",
    "HIDDEN_LISTED",
    "HOME_SAVED",
    "MAX_PROMPTS",
    "MAX_SUBSCRIPTIONS",
    "MENU_BLOCK_PREFIX",
    "PAGE_SIZE",
    "SAVED_PAGE_SIZE",
    "SEARCHING",
    "SUBCOMMANDS",
    "Action",
    "HomeContent",
    "Message",
    "PageRef",
    "SavedPosting",
    "Subcommand",
    "UsageProblem",
    "already_subscribed_message",
    "cannot_save_message",
    "channel_digest_message",
    "describe_query",
    "digest_card",
    "digest_message",
    "feedback_choice",
    "feedback_message",
    "feedback_noted",
    "gone_message",
    "greeting_message",
    "help_message",
    "hidden_confirmation",
    "hidden_list_message",
    "home_view",
    "job_card",
    "menu_choice",
    "more_like_this_message",
    "needs_database_message",
    "no_hidden_message",
    "no_results_message",
    "no_subscription_message",
    "not_a_member_message",
    "not_yours_message",
    "oops_message",
    "refined_message",
    "results_message",
    "saved_confirmation",
    "saved_message",
    "schedule_label",
    "share_failed_message",
    "shared_confirmation",
    "shared_message",
    "since_label",
    "subscribed_message",
    "subscriptions_message",
    "suggested_prompts",
    "thread_title",
    "too_many_subscriptions_message",
    "unhidden_message",
    "unsubscribed_message",
    "usage_message",
]
