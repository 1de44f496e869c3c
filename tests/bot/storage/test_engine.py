"""bot/storage/engine.py: the contract both engines keep, checked on each — transactions that
commit or roll back whole, bulk inserts that count only new rows, leases held once."""

from __future__ import annotations

import pytest

from bot.storage import Store


async def test_a_transaction_that_raises_leaves_nothing_behind(store: Store) -> None:
    with pytest.raises(RuntimeError):
        async with store._tx() as tx:
            await tx.execute("INSERT INTO first_seen VALUES (?, ?)", ("a", "2026-01-01"))
            raise RuntimeError("half way")
    assert [r[0] for r in await store._fetch("SELECT count(*) FROM first_seen")] == [0]


async def test_bulk_inserts_count_only_the_new_rows(store: Store) -> None:
    rows = [("a", "t1"), ("b", "t1")]
    async with store._tx() as tx:
        assert await tx.insert_rows("first_seen", ("posting_id", "first_seen_at"), rows) == 2
        assert await tx.insert_rows("first_seen", ("posting_id", "first_seen_at"), []) == 0
    async with store._tx() as tx:
        again = [("b", "t2"), ("c", "t2"), ("c", "t3")]
        assert await tx.insert_rows("first_seen", ("posting_id", "first_seen_at"), again) == 1
    among, ids = store._engine.any_of(["a", "c", "zzz"])
    found = await store._fetch(
        f"SELECT posting_id, first_seen_at FROM first_seen WHERE posting_id {among}"
        " ORDER BY posting_id",
        (ids,),
    )
    assert [(r[0], r[1]) for r in found] == [("a", "t1"), ("c", "t2")]


async def test_a_lease_is_held_once_per_process_until_released(store: Store) -> None:
    engine = store._engine
    assert await engine.hold("k")
    if engine.leases:
        assert not await engine.hold("k")
    await engine.release("k")
    await engine.release("k")  # releasing twice is harmless
    assert await engine.hold("k")
    await engine.release("k")
