"""bot/slack/watchdog.py: an open Socket Mode session that stopped answering pings is replaced."""

from __future__ import annotations

import pytest

from bot.slack.watchdog import Watchdog


class FakeSession:
    def __init__(self) -> None:
        self.closed = False
        self.pings: list[bytes] = []
        self.fail_ping = False

    async def ping(self, message: bytes = b"") -> None:
        if self.fail_ping:
            raise ConnectionResetError("Cannot write to closing transport")
        self.pings.append(message)


class FakeSocketClient:
    """The attributes of slack_sdk's aiohttp SocketModeClient that the watchdog reads."""

    def __init__(self) -> None:
        self.closed = False
        self.last_ping_pong_time: float | None = None
        self.current_session: FakeSession | None = FakeSession()
        self.reconnects: list[bool] = []

    async def connect_to_new_endpoint(self, force: bool = False) -> None:
        self.reconnects.append(force)
        self.current_session = FakeSession()
        self.last_ping_pong_time = None


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def client() -> FakeSocketClient:
    return FakeSocketClient()


async def test_a_healthy_session_is_pinged_and_kept(client: FakeSocketClient, clock: Clock) -> None:
    watchdog = Watchdog(client, stall_after=30, clock=clock)

    for _ in range(5):
        assert await watchdog.check() is False
        client.last_ping_pong_time = clock.now  # the pong came back
        clock.now += 10

    assert client.reconnects == []
    assert client.current_session is not None
    assert client.current_session.pings[0] == b"sdk-ping-pong:1000.0"
    assert len(client.current_session.pings) == 5


async def test_an_open_session_without_pongs_is_reconnected(
    client: FakeSocketClient, clock: Clock
) -> None:
    watchdog = Watchdog(client, stall_after=30, clock=clock)
    client.last_ping_pong_time = clock.now

    results = []
    for _ in range(4):
        results.append(await watchdog.check())
        clock.now += 10.5  # no pong ever again

    assert results == [False, False, False, True]
    assert client.reconnects == [True]
    assert watchdog.reconnects == 1


async def test_a_session_that_never_ponged_is_reconnected_after_the_grace_period(
    client: FakeSocketClient, clock: Clock
) -> None:
    watchdog = Watchdog(client, stall_after=30, clock=clock)

    assert await watchdog.check() is False
    clock.now += 31

    assert await watchdog.check() is True


async def test_a_new_session_gets_a_fresh_grace_period(
    client: FakeSocketClient, clock: Clock
) -> None:
    watchdog = Watchdog(client, stall_after=30, clock=clock)
    await watchdog.check()
    clock.now += 31
    assert await watchdog.check() is True

    clock.now += 5
    assert await watchdog.check() is False
    clock.now += 29
    assert await watchdog.check() is False
    assert client.reconnects == [True]


@pytest.mark.parametrize("state", ["closed-session", "no-session", "client-closed"])
async def test_a_session_that_admits_it_is_down_is_left_to_slack_sdk(
    client: FakeSocketClient, clock: Clock, state: str
) -> None:
    watchdog = Watchdog(client, stall_after=30, clock=clock)
    if state == "closed-session":
        assert client.current_session is not None
        client.current_session.closed = True
    elif state == "no-session":
        client.current_session = None
    else:
        client.closed = True

    clock.now += 3600
    assert await watchdog.check() is False
    assert client.reconnects == []


async def test_a_failing_ping_is_survived_and_counts_as_silence(
    client: FakeSocketClient, clock: Clock
) -> None:
    watchdog = Watchdog(client, stall_after=30, clock=clock)
    assert client.current_session is not None
    client.current_session.fail_ping = True

    assert await watchdog.check() is False
    clock.now += 31
    assert await watchdog.check() is True
