"""bot/cli.py: the CLI contract of docs/architecture.md — search (table, --json, stdin batch),
console, serve without credentials, index stats."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main, result_json
from index import Pay, PayAsk, Posting, SearchIndex, load_postings, parse_query
from tests.support.paths import ROOT, SEEDS

SKETCH = "000_8087e78698fd4dbe"
HIT_KEYS = {
    "id", "score", "title", "company", "location", "remote", "url", "posted", "seniority", "salary"
}  # fmt: skip


@pytest.fixture(autouse=True)
def _no_env(no_slack_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env is read
    monkeypatch.setenv("JOBBOT_CACHE_DIR", str(tmp_path / "cache"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "remote SRE jobs with Terraform", "--json", "--limit", "3")
    _, broad, _ = run(capsys, "search", "remote sre", "--json", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 1
    data = json.loads(lines[0])
    assert set(data) == {"query", "understood", "total", "hits"}
    assert data["query"] == "remote SRE jobs with Terraform"
    understood = data["understood"]
    assert understood["terms"] == ["sre", "terraform"]
    assert understood["remote"] is True and understood["location"] is None
    assert data["total"] == len(data["hits"]) == 1  # only Sketch's ad has both words
    first = data["hits"][0]
    assert set(first) == HIT_KEYS
    assert first["id"] == SKETCH and first["remote"] is True
    assert first["posted"] == "2020-12-23"
    assert isinstance(first["score"], float)
    assert first["seniority"] is None and first["salary"] is None
    assert understood["sort"] == "relevance" and understood["corrected"] == {}
    several = json.loads(broad)
    assert len(several["hits"]) == 3 and all(hit["remote"] for hit in several["hits"])


def test_search_json_states_the_pay_asked_and_each_hits_pay(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(capsys, "search", "platform engineer over 180k", "--json", "--limit", "50")
    data = json.loads(out)
    assert code == 0 and data["hits"]
    understood = data["understood"]
    assert understood["salary_min"] == 180_000 and understood["salary_max"] is None
    assert understood["currency"] is None and "180k" not in understood["terms"]
    for hit in data["hits"]:
        salary = hit["salary"]
        assert set(salary) == {"min", "max", "currency", "period"}
        assert PayAsk(180_000).accepts(Pay(**salary)), hit["id"]
    staff = next(h for h in data["hits"] if h["id"] == "a_04_staff-platform-engineer-remote-us")
    assert staff["salary"] == {"min": 195_000, "max": 235_000, "currency": "USD", "period": "year"}


def test_a_day_or_week_rate_is_given_per_hour_as_the_contract_names_periods() -> None:
    postings = [
        Posting(id="day", title="Go Contractor", body="go", pay=Pay(320, 450, "EUR", "day")),
        Posting(id="week", title="Go Engineer", body="go", pay=Pay(2_000, None, "USD", "week")),
        Posting(id="month", title="Go Dev", body="go", pay=Pay(5_000, 6_000, "USD", "month")),
    ]
    result = SearchIndex.build(postings).search(parse_query("go"))
    salaries = {h["id"]: h["salary"] for h in result_json(result)["hits"]}
    assert salaries == {
        "day": {"min": 40, "max": 56, "currency": "EUR", "period": "hour"},
        "week": {"min": 50, "max": None, "currency": "USD", "period": "hour"},
        "month": {"min": 5_000, "max": 6_000, "currency": "USD", "period": "month"},
    }


def test_search_reads_one_question_per_stdin_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        sys, "stdin", io.StringIO("remote sre\n\nhybrid designer\ndata engineer in Tokyo\n")
    )
    code, out, _ = run(capsys, "search", "--json", "--limit", "2")
    assert code == 0
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["query"] for a in answers] == [
        "remote sre",
        "hybrid designer",
        "data engineer in Tokyo",
    ]
    assert answers[1]["understood"]["workplace"] == "hybrid"
    assert answers[2]["relaxed"] == ["location"]  # nothing in Tokyo: the place is dropped
    assert "relaxed" not in answers[0]


def test_search_table_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "remote SRE jobs with Terraform", "--limit", "2")
    assert code == 0
    assert "Sketch" in out and "Site Reliability" in out and "remote" in out


def test_search_with_a_postings_folder(
    capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    folder = tmp_path / "postings"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "one.md").write_text('---\ntitle: "Zig Wizard"\n---\nZig all day.\n')
    (folder / "broken.md").write_text("---\ntitle: [unclosed\n---\n")
    code, out, _ = run(capsys, "search", "zig", "--json", "--postings", str(folder))
    assert run(capsys, "search", "zig", "--json", "--postings", str(folder))[1] == out  # cached
    assert code == 0
    assert json.loads(out)["hits"][0]["id"] == "nested/one"
    assert "broken.md" in caplog.text and "invalid YAML" in caplog.text


def test_a_missing_postings_folder_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "search", "x", "--postings", "/no/such/folder")
    assert code == 2 and "JOBBOT_POSTINGS_DIR" in err and "/no/such/folder" in err


def test_console_answers_pages_and_quits(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    script = "engineer\nnext\nlike 1\nhelp\nquit\nnever answered\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))
    code, out, _ = run(capsys, "console")
    assert code == 0
    assert "[1] " in out and "[5] " in out
    assert "1–5 of" in out and "6–10 of" in out
    assert "Jobs like" in out
    assert "Find jobs in plain words" in out
    assert "never answered" not in out


def test_the_console_saves_hides_and_subscribes_in_its_database(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    database = tmp_path / "console.sqlite3"
    monkeypatch.setenv("JOBBOT_DATABASE", str(database))
    script = (
        "subscribe remote sre at 08:00\nsubscriptions\n"
        "remote sre\nsave 1\nhide 2\nsaved\nhidden\n"
        "remote sre\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(script))

    code, out, _ = run(capsys, "console")

    assert code == 0
    assert "Saved search 1" in out and "remote sre" in out
    assert "⭐ Saved" in out and "Hidden:" in out
    assert "Your saved jobs (1–1 of 1)" in out and "Jobs you hid" in out
    with sqlite3.connect(database) as conn:
        saved = conn.execute("SELECT user, posting_id FROM saved_jobs").fetchall()
        [(hidden,)] = conn.execute("SELECT posting_id FROM hidden_jobs").fetchall()
        subs = conn.execute("SELECT owner_id, question, time, timezone FROM subscriptions")
        assert subs.fetchall() == [("console", "remote sre", "08:00", "UTC")]
    conn.close()
    [(user, saved_id)] = saved
    urls = {p.id: p.url for p in load_postings(SEEDS, include_archived=True).postings}
    first_answer, last_answer = out.split("Searched for")[1:]
    card_1 = first_answer.split("[1] ", 1)[1].split("\n", 1)[0]
    assert user == "console" and urls[saved_id] in card_1  # card 1 was saved
    hidden_url = urls[hidden]
    assert hidden_url in first_answer  # card 2 before it was hidden…
    assert hidden_url not in last_answer  # …and gone from the same question's answer after
    assert urls[saved_id] in last_answer  # card 1 (saved, not hidden) still shows


def test_the_console_still_answers_when_its_database_is_unusable(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("JOBBOT_DATABASE", str(tmp_path / "missing" / "x.sqlite3"))
    monkeypatch.setattr(sys, "stdin", io.StringIO("engineer\nsaved\n"))

    code, out, err = run(capsys, "console")

    assert code == 0
    assert "missing" in err and "saving is off" in err
    assert "[1] " in out and "database" in out


def test_serve_with_an_unusable_database_names_it_and_exits_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_SIGNING_SECRET", "secret")
    monkeypatch.setenv("JOBBOT_DATABASE", str(tmp_path / "no-volume" / "jobbot.sqlite3"))

    code, _, err = run(capsys, "serve")

    assert code == 2
    assert "no-volume" in err and "JOBBOT_DATABASE" in err


def test_serve_without_credentials_says_what_is_missing_and_opens_the_console(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("hi\n"))
    code, out, err = run(capsys, "serve")
    assert code == 0
    assert "SLACK_BOT_TOKEN" in err and "console" in err
    assert "Find jobs in plain words" in out


def test_index_stats_reports_loaded_and_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "ok.md").write_text('---\ntitle: "Good"\n---\nbody\n')
    (tmp_path / "empty.md").write_text("")
    code, out, _ = run(capsys, "index", "stats", "--postings", str(tmp_path))
    assert code == 0
    assert "loaded:          1" in out and "skipped:         1" in out
    assert "empty.md: empty file" in out
    assert "vocabulary:" in out and "build time:" in out


def test_the_installed_entry_point_runs() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "search", "--json", "kubernetes"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["hits"]
