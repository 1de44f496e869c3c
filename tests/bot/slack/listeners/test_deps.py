"""bot/slack/listeners/deps.py: CPU work runs off the event loop, a bounded number at once; clicks
are read safely."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from bot.slack.listeners.deps import CpuSlots, clicked, in_view


async def test_cpu_work_runs_in_worker_threads_at_most_slots_at_once() -> None:
    slots = CpuSlots(2)
    running, peak, lock = 0, 0, threading.Lock()
    loop_thread = threading.get_ident()
    threads: set[int] = set()

    def work() -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
            threads.add(threading.get_ident())
        time.sleep(0.02)
        with lock:
            running -= 1
        return 1

    results = await asyncio.gather(*(slots(work) for _ in range(8)))

    assert results == [1] * 8
    assert peak == 2
    assert loop_thread not in threads


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"user": {"id": "U1"}, "channel": {"id": "C1"}}, ("U1", "C1")),
        ({"user": {"id": "U1"}}, ("U1", None)),
        ({"user": "U1", "channel": "C1"}, ("", None)),
        ({}, ("", None)),
    ],
)
def test_a_click_names_its_user_and_channel_whatever_the_payload_shape(
    body: dict[str, object], expected: tuple[str, str | None]
) -> None:
    assert clicked(body) == expected


def test_a_click_on_the_home_tab_comes_from_a_view() -> None:
    assert in_view({"view": {"id": "V1"}}) and not in_view({"channel": {"id": "C1"}})
