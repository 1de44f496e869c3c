"""bot/ingest/ads.py: one channel message at a time → its posting file, as a pass writes it,
in a real postings folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.ingest.ads import AdRef, ChannelAds
from bot.ingest.config import Source
from bot.ingest.files import plan, write_atomic
from bot.ingest.records import JobRecord
from index import load_postings
from tests.bot.ingest.conftest import posting_files

CHANNEL = "C0JOBS1"
AD = "[HIRING] Platform Engineer at Acme (Lisbon) <https://acme.example/careers/7>"


def message(text: str = AD, *, ts: str = "1764500000.000100", user: str = "U3") -> dict[str, Any]:
    return {"type": "message", "user": user, "text": text, "ts": ts}


async def no_permalink() -> str:
    return ""


def ads_in(root: Path, writes: list[int] | None = None) -> ChannelAds:
    async def written() -> None:
        if writes is not None:
            writes.append(1)

    return ChannelAds([Source("slack", CHANNEL), Source("lever", "acme")], root=root,
                      on_written=written)  # fmt: skip


async def test_only_the_slack_sources_channels_are_watched(tmp_path: Path) -> None:
    ads = ads_in(tmp_path)
    assert ads.watches(CHANNEL)
    assert not ads.watches("acme") and not ads.watches("C0OTHER1") and not ads.watches(None)


async def test_a_new_ad_is_written_once_and_its_retry_is_unchanged(tmp_path: Path) -> None:
    writes: list[int] = []
    ads = ads_in(tmp_path, writes)

    first = await ads.message(message(), channel=CHANNEL, edited=False, permalink=no_permalink)
    again = await ads.message(message(), channel=CHANNEL, edited=False, permalink=no_permalink)

    assert first.what == "new" and first.record is not None
    assert first.record.title == "Platform Engineer" and first.record.company == "Acme"
    assert (again.what, again.posting_id) == ("unchanged", first.posting_id)
    assert [p.id for p in load_postings(tmp_path).postings] == [first.posting_id]
    assert writes == [1]  # the live index is refreshed after a write only


async def test_an_edit_that_is_no_longer_an_ad_archives_the_posting(tmp_path: Path) -> None:
    ads = ads_in(tmp_path)
    await ads.message(message(), channel=CHANNEL, edited=False, permalink=no_permalink)

    done = await ads.message(
        message("never mind, position filled"), channel=CHANNEL, edited=True,
        permalink=no_permalink,
    )  # fmt: skip

    assert done.what == "closed"
    assert load_postings(tmp_path).postings == ()


async def test_chatter_and_deleting_an_unknown_message_change_nothing(tmp_path: Path) -> None:
    ads = ads_in(tmp_path)
    said = await ads.message(message("lunch?"), channel=CHANNEL, edited=False,
                             permalink=no_permalink)  # fmt: skip
    gone = await ads.deleted(channel=CHANNEL, ts="1764500000.000100")
    assert (said.what, gone.what) == ("ignored", "ignored")
    assert posting_files(tmp_path) == {}


async def test_a_job_another_source_posted_is_not_written_again(tmp_path: Path) -> None:
    board = JobRecord(source="lever:acme", source_id="7", title="Platform Engineer",
                      company="Acme", url="https://acme.example/careers/7")  # fmt: skip
    [write] = plan([board], {}, source="lever:acme").writes
    write_atomic(tmp_path, write.path, write.text)

    done = await ads_in(tmp_path).message(
        message(), channel=CHANNEL, edited=False, permalink=no_permalink
    )

    assert done.what == "duplicate"
    assert list(posting_files(tmp_path)) == [write.path]


async def test_a_folder_that_cannot_be_written_fails_quietly(tmp_path: Path) -> None:
    (tmp_path / "slack").write_text("a file where the channel's folder goes")
    done = await ads_in(tmp_path).message(
        message(), channel=CHANNEL, edited=False, permalink=no_permalink
    )
    assert done.what == "failed"


async def test_remove_needs_the_poster_or_an_admin_and_sticks(tmp_path: Path) -> None:
    ads = ads_in(tmp_path)
    await ads.message(message(), channel=CHANNEL, edited=False, permalink=no_permalink)
    ref = AdRef(CHANNEL, "1764500000.000100")

    async def yes() -> bool:
        return True

    async def no() -> bool:
        return False

    refused = await ads.remove(ref, user="U9", is_admin=no)
    removed = await ads.remove(ref, user="UADMIN", is_admin=yes)
    edited = await ads.message(
        message(AD.replace("Lisbon", "Porto")), channel=CHANNEL, edited=True,
        permalink=no_permalink,
    )  # fmt: skip

    assert (refused.what, refused.title, refused.company) == (
        "refused",
        "Platform Engineer",
        "Acme",
    )
    assert removed.what == "removed"
    assert edited.what == "removed"  # an edit does not bring it back
    assert load_postings(tmp_path).postings == ()
    assert (await ads.remove(ref, user="U3", is_admin=no)).what == "gone"
    assert (await ads.remove(AdRef("C0OTHER1", "1"), user="U3", is_admin=yes)).what == "gone"


@pytest.mark.parametrize("value", ["", "C1", ":1", "C1:"])
def test_a_bad_remove_value_is_refused(value: str) -> None:
    with pytest.raises(ValueError):
        AdRef.decode(value)
    assert AdRef.decode("C1:1.2") == AdRef("C1", "1.2")
