"""bot/slack/metrics.py: which surface a request came from, and what the registry renders."""

from __future__ import annotations

from typing import Any

import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.slack.health import Health
from bot.slack.metrics import Metrics, outcome_of, surface_of


@pytest.mark.parametrize(
    ("body", "surface"),
    [
        ({"command": "/jobs", "text": "sre"}, "command"),
        ({"type": "event_callback", "event": {"type": "message"}}, "event"),
        ({"type": "block_actions", "actions": []}, "action"),
        ({"type": "view_submission"}, "view"),
        ({"type": "url_verification"}, "other"),
    ],
)
def test_a_request_s_surface_comes_from_its_payload(body: dict[str, Any], surface: str) -> None:
    assert surface_of(body) == surface


@pytest.mark.parametrize(("status", "outcome"), [(200, "ok"), (401, "refused"), (500, "error")])
def test_outcomes_group_the_status_codes(status: int, outcome: str) -> None:
    assert outcome_of(status) == outcome


def test_two_servers_in_one_process_count_separately() -> None:
    clock = iter([100.0, 130.0]).__next__
    health = Health(clock=clock)
    health.loaded(85)
    one, two = Metrics(health), Metrics(Health())
    one.observe("command", 200, 0.2)
    one.observe("command", 200, 4.0)

    def samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        return {
            (s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(metrics.render().decode())
            for s in family.samples
        }

    mine = samples(one)
    assert mine[("jobbot_requests_total", (("outcome", "ok"), ("surface", "command")))] == 2.0
    assert mine[("jobbot_request_seconds_bucket", (("le", "3.0"), ("surface", "command")))] == 1.0
    assert mine[("jobbot_index_postings", ())] == 85.0
    assert mine[("jobbot_index_age_seconds", ())] == 30.0
    assert not any(name == "jobbot_requests_total" for name, _ in samples(two))
