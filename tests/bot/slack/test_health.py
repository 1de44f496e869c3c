"""bot/slack/health.py: what `/healthz` reports, with an injected clock."""

from __future__ import annotations

from bot.slack.health import Health


async def test_health_is_starting_until_the_index_is_loaded_then_reports_its_age() -> None:
    now = iter([100.0, 130.5]).__next__
    health = Health(clock=now)

    before = await health.report()
    health.loaded(12)
    after = await health.report()

    assert before == (503, {"status": "starting", "postings": None, "socket_mode": None})
    assert after == (
        200,
        {
            "status": "ok",
            "postings": 12,
            "index_age_seconds": 30.5,
            "socket_mode": None,
            "database": "ok",
        },
    )


async def test_health_reports_the_socket_mode_connection_when_there_is_one() -> None:
    connected = False

    async def socket_connected() -> bool:
        return connected

    health = Health(socket_connected=socket_connected)
    health.loaded(1)
    connecting = await health.report()
    connected = True
    up = await health.report()
    connected = False
    dropped = await health.report()

    assert connecting == (503, {"status": "connecting", "postings": 1, "socket_mode": "connecting"})
    assert up[0] == 200 and up[1]["socket_mode"] == "connected"
    assert dropped[0] == 200 and dropped[1]["socket_mode"] == "reconnecting"


async def test_a_database_that_cannot_be_written_makes_health_degraded_but_up() -> None:
    problem: str | None = None
    health = Health(database_problem=lambda: problem)
    health.loaded(3)

    fine = await health.report()
    problem = "cannot write to jobbot.sqlite3: database or disk is full"
    degraded = await health.report()

    assert fine[1]["status"] == "ok" and fine[1]["database"] == "ok"
    assert degraded[0] == 200
    assert degraded[1]["status"] == "degraded" and "disk is full" in degraded[1]["database"]


async def test_ready_only_with_the_index_loaded_and_the_database_answering() -> None:
    answers: list[str | None] = [None]

    async def ping() -> str | None:
        return answers[-1]

    health = Health(database_ping=ping)
    assert await health.readiness() == (503, {"ready": False, "index": "loading", "database": "ok"})
    health.loaded(85)
    assert await health.readiness() == (200, {"ready": True, "index": "loaded", "database": "ok"})
    answers.append("db: connection refused")
    status, body = await health.readiness()
    assert (status, body["database"]) == (503, "db: connection refused")
