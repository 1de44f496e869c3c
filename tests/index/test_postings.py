"""index/postings.py: liberal in what it reads, strict in what it reports."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from index.postings import (
    MAX_FILE_BYTES,
    LoadReport,
    Posting,
    PostingError,
    Skipped,
    iter_posting_files,
    load_postings,
    parse_bool,
    parse_job_type,
    parse_posting,
    parse_tags,
    parse_timestamp,
    posting_id,
)

MESSY = Path(__file__).resolve().parent.parent / "fixtures" / "messy"

GOOD_IDS = {
    "chinese-remote",
    "closed-prefix",
    "comma-tags-ms",
    "dashes-inside",
    "hybrid-berlin",
    "iso-date-typo",
    "list-tags-seconds",
    "teams/platform/staff-sre",
}
BROKEN = {
    "invalid-yaml.md": "invalid YAML",
    "no-front-matter.md": "no front matter",
    "title-dashes.md": "no usable title",
    "title-na.md": "no usable title",
}


def write(root: Path, name: str, content: str | bytes) -> Path:
    """Write a posting file under `root` (bytes as they are, text as UTF-8 with LF)."""
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
    return path


def posting(text: str, *, id: str = "p") -> Posting:
    return parse_posting(text, id=id)


def front(**fields: str) -> str:
    """A minimal posting: the given front-matter lines (values written as-is) and a body."""
    lines = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"---\n{lines}---\nBody text.\n"


@pytest.fixture(scope="module")
def messy() -> LoadReport:
    return load_postings(MESSY)


@pytest.fixture(scope="module")
def by_id(messy: LoadReport) -> dict[str, Posting]:
    return {p.id: p for p in messy.postings}


# --- the committed messy folder -------------------------------------------------------------


def test_messy_folder_loads_every_good_posting(messy: LoadReport) -> None:
    assert {p.id for p in messy.postings} == GOOD_IDS


def test_messy_folder_skips_each_broken_file_with_its_reason(messy: LoadReport) -> None:
    reasons = {item.path.name: item.reason for item in messy.skipped}
    assert set(reasons) == set(BROKEN)
    for name, kind in BROKEN.items():
        assert reasons[name].startswith(kind), reasons[name]


def test_every_skipped_entry_names_an_existing_file_under_the_root(messy: LoadReport) -> None:
    assert messy.skipped
    for item in messy.skipped:
        assert isinstance(item, Skipped)
        assert item.path.is_file()
        assert item.path.is_relative_to(MESSY)


def test_readme_hidden_folders_and_other_extensions_are_not_candidates() -> None:
    names = {p.relative_to(MESSY).as_posix() for p in iter_posting_files(MESSY)}
    assert "README.md" not in names
    assert ".drafts/hidden.md" not in names
    assert "teams/platform/notes.json" not in names
    assert "teams/platform/staff-sre.md" in names


def test_report_counts_skipped_files_by_reason_kind(messy: LoadReport) -> None:
    assert messy.reasons == {"no usable title": 2, "invalid YAML": 1, "no front matter": 1}


def test_archived_true_string_is_hidden_by_default_and_counted(messy: LoadReport) -> None:
    assert "archived-true-string" not in {p.id for p in messy.postings}
    assert messy.archived == 1


def test_include_archived_shows_archived_postings() -> None:
    report = load_postings(MESSY, include_archived=True)
    shown = {p.id: p for p in report.postings}
    assert shown["archived-true-string"].archived is True
    assert report.archived == 0
    assert set(shown) == GOOD_IDS | {"archived-true-string"}


def test_comma_separated_hashtags_become_unique_lowercase_tags(by_id: dict[str, Posting]) -> None:
    assert by_id["comma-tags-ms"].tags == ("python", "terraform", "aws")


def test_yaml_list_hashtags_become_tags(by_id: dict[str, Posting]) -> None:
    assert by_id["list-tags-seconds"].tags == ("go", "postgres", "kubernetes")


def test_space_separated_tags_key_is_read_too(by_id: dict[str, Posting]) -> None:
    assert by_id["iso-date-typo"].tags == ("react", "typescript")


@pytest.mark.parametrize(
    ("posting_id", "expected"),
    [
        ("comma-tags-ms", datetime(2026, 11, 27, tzinfo=UTC)),
        ("list-tags-seconds", datetime(2026, 11, 27, tzinfo=UTC)),
        ("iso-date-typo", datetime(2026, 11, 27, 9, 30, tzinfo=UTC)),
    ],
    ids=["milliseconds", "seconds", "iso-string"],
)
def test_timestamp_in_any_unit_becomes_the_same_utc_datetime(
    by_id: dict[str, Posting], posting_id: str, expected: datetime
) -> None:
    assert by_id[posting_id].posted == expected


def test_schema_fields_are_mapped_to_the_posting(by_id: dict[str, Posting]) -> None:
    p = by_id["comma-tags-ms"]
    assert p.title == "Site Reliability Engineer"
    assert p.company == "Quillwork"
    assert p.location == "Remote"
    assert p.url == "https://jobs.example.com/quillwork/sre"
    assert p.apply_url == "https://jobs.example.com/quillwork/sre/apply"
    assert p.company_website == "https://quillwork.example.com"
    assert p.logo_url == "https://logos.example.com/quillwork.png"
    assert p.summary == "Quillwork needs an SRE for its ledger platform."
    assert p.job_type == "full-time"
    assert p.archived is False
    assert p.body.startswith("Keep our **ledger platform** up.")
    assert p.posted_date == date(2026, 11, 27)


def test_unknown_keys_are_kept_in_extra(by_id: dict[str, Posting]) -> None:
    assert by_id["comma-tags-ms"].extra["featured"] == 20
    assert by_id["comma-tags-ms"].extra["host"] == "https://jobs.example.com"
    assert by_id["list-tags-seconds"].extra == {"salaryRange": "$150k-$180k"}


def test_known_keys_are_not_repeated_in_extra(by_id: dict[str, Posting]) -> None:
    extra = by_id["comma-tags-ms"].extra
    for key in ("title", "location", "companyName", "timestamp", "hashtags", "archived"):
        assert key not in extra


def test_company_key_is_a_fallback_for_company_name(by_id: dict[str, Posting]) -> None:
    assert by_id["iso-date-typo"].company == "Tidewater Labs"


def test_summary_backup_is_used_when_summary_is_missing() -> None:
    p = posting(front(title="Dev", summaryBackup='"The backup summary"'))
    assert p.summary == "The backup summary"


def test_dashes_inside_quoted_values_do_not_end_the_front_matter(
    by_id: dict[str, Posting],
) -> None:
    p = by_id["dashes-inside"]
    assert p.title == "Data Engineer --- Streaming"
    assert p.summary == "Kafka --- Flink --- Iceberg"
    assert p.extra["notes"] == "indented block\n---\nwith a dash line\n"
    assert p.posted == datetime(2026, 11, 26, tzinfo=UTC)


def test_bare_dash_line_in_the_body_stays_in_the_body(by_id: dict[str, Posting]) -> None:
    body = by_id["dashes-inside"].body
    assert body.startswith("## The role")
    assert "\n---\n" in body
    assert body.endswith("Good coffee.")


def test_closed_prefix_is_stripped_from_the_title(by_id: dict[str, Posting]) -> None:
    assert by_id["closed-prefix"].title == "Staff Data Scientist"


def test_cjk_posting_keeps_its_title_and_is_remote_from_its_body(
    by_id: dict[str, Posting],
) -> None:
    p = by_id["chinese-remote"]
    assert p.title == "智能合约工程师"
    assert p.remote is True


@pytest.mark.parametrize(
    ("posting_id", "workplace", "job_type"),
    [
        ("comma-tags-ms", "remote", "full-time"),
        ("list-tags-seconds", "remote", "contract"),
        ("iso-date-typo", "remote", "full-time"),
        ("dashes-inside", "remote", None),
        ("hybrid-berlin", "hybrid", None),
        ("closed-prefix", "onsite", None),
        ("chinese-remote", "remote", None),
        ("teams/platform/staff-sre", "remote", None),
    ],
)
def test_messy_postings_get_their_workplace_and_job_type(
    by_id: dict[str, Posting], posting_id: str, workplace: str, job_type: str | None
) -> None:
    assert (by_id[posting_id].workplace, by_id[posting_id].job_type) == (workplace, job_type)


def test_nested_posting_id_is_the_relative_path_with_slashes(by_id: dict[str, Posting]) -> None:
    assert by_id["teams/platform/staff-sre"].title == "Staff SRE"


# --- files generated in tmp_path ------------------------------------------------------------


def test_bom_crlf_and_zero_width_characters_are_cleaned(tmp_path: Path) -> None:
    raw = (
        b"\xef\xbb\xbf---\r\n"
        b'title: "Py\xe2\x80\x8bthon Developer"\r\n'
        b'location: "Z\xc3\xbcrich\xc2\xa0(Hybrid)"\r\n'
        b'companyName: "Acme\xe2\x81\xa0Corp"\r\n'
        b"---\r\n"
        b"Line one\xe2\x80\x8c.\r\nLine two.\r\n"
    )
    write(tmp_path, "bom.md", raw)
    report = load_postings(tmp_path)
    assert report.skipped == ()
    (p,) = report.postings
    assert p.title == "Python Developer"
    assert p.location == "Zürich (Hybrid)"
    assert p.company == "AcmeCorp"
    assert p.body == "Line one.\nLine two."
    assert p.hybrid is True


def test_mixed_line_endings_in_one_file_are_read(tmp_path: Path) -> None:
    write(tmp_path, "mixed.md", b"---\r\ntitle: Mixed\ncompanyName: Acme\r\n---\nA\r\nB\rC\n")
    (p,) = load_postings(tmp_path).postings
    assert (p.title, p.company, p.body) == ("Mixed", "Acme", "A\nB\nC")


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ('"--------------"', None),
        ('"n/a"', None),
        ('"N/A"', None),
        ('"TBD"', None),
        ('"   "', None),
        ("", None),
        ("true", None),
        ('"(CLOSED)"', None),
        ('"(CLOSED) Backend Engineer"', "Backend Engineer"),
        ('"[Expired] QA Lead"', "QA Lead"),
        ('"(filled)   Designer"', "Designer"),
        ("2048", "2048"),
        ('"Closed-loop Controls Engineer"', "Closed-loop Controls Engineer"),
    ],
    ids=[
        "only-dashes",
        "n/a",
        "N/A-upper",
        "tbd",
        "blank",
        "missing-value",
        "yaml-boolean",
        "closed-prefix-only",
        "closed-prefix",
        "expired-prefix",
        "filled-prefix",
        "number",
        "closed-word-inside",
    ],
)
def test_title_is_cleaned_or_rejected(title: str, kept: str | None) -> None:
    text = front(title=title)
    if kept is None:
        with pytest.raises(PostingError, match=r"^no usable title$"):
            posting(text)
    else:
        assert posting(text).title == kept


def test_missing_title_key_is_no_usable_title() -> None:
    with pytest.raises(PostingError, match=r"^no usable title$"):
        posting(front(location="Remote"))


@pytest.mark.parametrize(
    "text",
    [
        '---\ntitle: "unclosed\n---\nbody\n',
        "---\ntitle: [a, b\n---\nbody\n",
        "---\ntitle: A\n  bad: indent\n---\nbody\n",
        "---\n- just\n- a list\n---\nbody\n",
        "---\ntitle: A\ntimestamp: 2024-13-45\n---\nbody\n",
        "---\ntitle: A\ntimestamp: 2026-02-30\n---\nbody\n",
        "---\ntitle: !!python/object:os.system x\n---\nbody\n",
    ],
    ids=[
        "unclosed-quote",
        "unclosed-flow-list",
        "bad-indentation",
        "not-a-mapping",
        "impossible-yaml-date",
        "february-30",
        "unsafe-tag",
    ],
)
def test_invalid_yaml_is_reported_as_invalid_yaml(text: str) -> None:
    with pytest.raises(PostingError, match=r"^invalid YAML"):
        posting(text)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Just a body.\n", "no front matter: the file must start with a '---' line"),
        ("---\ntitle: Never closed\n", "no front matter: no closing '---' line"),
        ("", "empty file"),
        ("  \n\t\n", "empty file"),
        ("\ufeff\u200b", "empty file"),
    ],
    ids=["no-opening-fence", "no-closing-fence", "empty", "whitespace-only", "bom-only"],
)
def test_text_without_usable_front_matter_is_rejected(text: str, reason: str) -> None:
    with pytest.raises(PostingError) as err:
        posting(text)
    assert str(err.value) == reason


def test_dots_line_also_closes_the_front_matter() -> None:
    p = posting("---\ntitle: Dots\n...\nBody after dots.\n")
    assert (p.title, p.body) == ("Dots", "Body after dots.")


def test_not_utf8_file_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, "utf16.md", b"\xff\xfe-\x00-\x00-\x00\n\x00t\x00")
    report = load_postings(tmp_path)
    assert report.postings == ()
    (skipped,) = report.skipped
    assert skipped.path == path
    assert skipped.reason.startswith("not UTF-8")


def test_latin1_file_is_skipped_as_not_utf8(tmp_path: Path) -> None:
    write(tmp_path, "latin1.md", "---\ntitle: Zürich\n---\n".encode("latin-1"))
    (skipped,) = load_postings(tmp_path).skipped
    assert skipped.reason.startswith("not UTF-8")


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "empty.md", b"")
    (skipped,) = load_postings(tmp_path).skipped
    assert skipped.reason == "empty file"


def test_file_over_one_megabyte_is_skipped_as_too_large(tmp_path: Path) -> None:
    head = b"---\ntitle: Huge\n---\n"
    write(tmp_path, "huge.md", head + b"x" * (MAX_FILE_BYTES + 1 - len(head)))
    (skipped,) = load_postings(tmp_path).skipped
    assert skipped.reason.startswith("too large")
    assert str(MAX_FILE_BYTES + 1) in skipped.reason


def test_file_of_exactly_the_size_limit_is_loaded(tmp_path: Path) -> None:
    head = b"---\ntitle: Big but fine\n---\n"
    write(tmp_path, "big.md", head + b"y" * (MAX_FILE_BYTES - len(head)))
    (p,) = load_postings(tmp_path).postings
    assert p.title == "Big but fine"
    assert len(p.body) == MAX_FILE_BYTES - len(head)


def test_symlink_to_a_posting_is_not_a_regular_file(tmp_path: Path) -> None:
    target = write(tmp_path / "outside", "real.md", front(title="Real"))
    root = tmp_path / "postings"
    root.mkdir()
    (root / "link.md").symlink_to(target)
    report = load_postings(root)
    assert report.postings == ()
    assert report.skipped == (Skipped(root / "link.md", "not a regular file"),)


def test_broken_symlink_is_not_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "dangling.md").symlink_to(tmp_path / "missing.md")
    (skipped,) = load_postings(tmp_path).skipped
    assert skipped == Skipped(tmp_path / "dangling.md", "not a regular file")


def test_directory_named_like_a_posting_is_not_a_regular_file(tmp_path: Path) -> None:
    (tmp_path / "x.md").mkdir()
    write(tmp_path, "ok.md", front(title="OK"))
    report = load_postings(tmp_path)
    assert [p.id for p in report.postings] == ["ok"]
    assert report.skipped == (Skipped(tmp_path / "x.md", "not a regular file"),)


def test_unreadable_file_is_skipped_and_the_load_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = write(tmp_path, "a-locked.md", front(title="Locked"))
    write(tmp_path, "b-open.md", front(title="Open"))
    real_read_bytes = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self == locked:  # chmod 000 does not stop root, so inject the error
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = load_postings(tmp_path)
    assert [p.title for p in report.postings] == ["Open"]
    assert report.skipped == (Skipped(locked, "unreadable: Permission denied"),)


def test_one_bad_file_of_each_kind_never_stops_the_load(tmp_path: Path) -> None:
    write(tmp_path, "a-empty.md", b"")
    write(tmp_path, "b-binary.md", b"\xff\xfe\x00\x01garbage")
    write(tmp_path, "c-yaml.md", "---\ntitle: [oops\n---\n")
    write(tmp_path, "d-date.md", "---\ntitle: Bad date\ntimestamp: 2024-13-45\n---\n")
    write(tmp_path, "e-title.md", front(title='"n/a"'))
    write(tmp_path, "f-good.md", front(title="Survivor"))
    (tmp_path / "g-dir.md").mkdir()
    write(tmp_path, "h-huge.md", b"-" * (MAX_FILE_BYTES + 10))
    write(tmp_path, "i-good.md", front(title="Also fine"))
    report = load_postings(tmp_path)
    assert [p.title for p in report.postings] == ["Survivor", "Also fine"]
    assert [s.path.name for s in report.skipped] == [
        "a-empty.md",
        "b-binary.md",
        "c-yaml.md",
        "d-date.md",
        "e-title.md",
        "g-dir.md",
        "h-huge.md",
    ]
    assert all(s.path.parent == tmp_path for s in report.skipped)


def test_missing_postings_folder_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="postings folder not found"):
        load_postings(tmp_path / "nope")


def test_files_are_loaded_in_a_stable_sorted_order(tmp_path: Path) -> None:
    for name in ("b.md", "a.md", "sub/c.md", "c.md"):
        write(tmp_path, name, front(title=name))
    assert [p.id for p in load_postings(tmp_path).postings] == ["a", "b", "c", "sub/c"]


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("job.md", "job"),
        ("2026/11/backend-dev.md", "2026/11/backend-dev"),
        ("Team/Lead.MD", "Team/Lead"),
        ("notes.markdown", "notes"),
        ("plain.txt", "plain"),
        ("v1.2.md", "v1.2"),
    ],
)
def test_posting_id_is_the_relative_path_without_suffix(relative: str, expected: str) -> None:
    root = Path("/postings")
    assert posting_id(root, root / relative) == expected


def test_load_uses_nested_ids_with_forward_slashes(tmp_path: Path) -> None:
    write(tmp_path, "eu/de/berlin-sre.md", front(title="SRE"))
    assert [p.id for p in load_postings(tmp_path).postings] == ["eu/de/berlin-sre"]


def test_explicit_paths_load_only_those_files(tmp_path: Path) -> None:
    wanted = write(tmp_path, "wanted.md", front(title="Wanted"))
    write(tmp_path, "other.md", front(title="Other"))
    report = load_postings(tmp_path, paths=[wanted])
    assert [p.id for p in report.postings] == ["wanted"]


# --- field parsers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#python,#terraform", ("python", "terraform")),
        ("#Python, #AWS ,#python", ("python", "aws")),
        ("react typescript", ("react", "typescript")),
        (["#go", "Rust", None, "#go"], ("go", "rust")),
        (("#ui/ux", "#c++"), ("ui/ux", "c++")),
        ("##double", ("double",)),
        ("#, ,#", ()),
        ("", ()),
        (None, ()),
    ],
    ids=[
        "comma-string",
        "case-spaces-duplicates",
        "space-separated",
        "yaml-list",
        "tuple-with-tech-tokens",
        "double-hash",
        "only-separators",
        "empty",
        "missing",
    ],
)
def test_parse_tags(value: object, expected: tuple[str, ...]) -> None:
    assert parse_tags(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1795737600000, datetime(2026, 11, 27, tzinfo=UTC)),
        (1795737600, datetime(2026, 11, 27, tzinfo=UTC)),
        (1795737600.5, datetime(2026, 11, 27, 0, 0, 0, 500000, tzinfo=UTC)),
        ("1795737600000", datetime(2026, 11, 27, tzinfo=UTC)),
        (" 1795737600 ", datetime(2026, 11, 27, tzinfo=UTC)),
        ("2026-11-27T09:30:00Z", datetime(2026, 11, 27, 9, 30, tzinfo=UTC)),
        ("2026-11-27", datetime(2026, 11, 27, tzinfo=UTC)),
        ("2026-11-27T23:30:00-05:00", datetime(2026, 11, 28, 4, 30, tzinfo=UTC)),
        (date(2026, 11, 27), datetime(2026, 11, 27, tzinfo=UTC)),
        (datetime(2026, 11, 27, 8, 0), datetime(2026, 11, 27, 8, 0, tzinfo=UTC)),
        (None, None),
        (True, None),
        ("yesterday", None),
        ("", None),
        (-5, None),
        (0, None),
        (10**400, None),
        (float("nan"), None),
        (float("inf"), None),
        ("0001-01-01T00:00:00+01:00", None),
        (["2026-11-27"], None),
    ],
    ids=[
        "milliseconds",
        "seconds",
        "fractional-seconds",
        "milliseconds-string",
        "seconds-string-padded",
        "iso-zulu",
        "iso-date",
        "iso-offset-to-utc",
        "yaml-date",
        "naive-datetime-is-utc",
        "missing",
        "boolean",
        "words",
        "empty-string",
        "negative",
        "zero",
        "huge-int",
        "nan",
        "infinity",
        "before-year-one-in-utc",
        "list",
    ],
)
def test_parse_timestamp(value: object, expected: datetime | None) -> None:
    parsed = parse_timestamp(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.utcoffset() is not None
        assert parsed.utcoffset() == UTC.utcoffset(None)


def test_huge_timestamp_in_a_file_does_not_stop_the_load(tmp_path: Path) -> None:
    write(tmp_path, "huge-ts.md", f"---\ntitle: Far future\ntimestamp: {'9' * 400}\n---\n")
    (p,) = load_postings(tmp_path).postings
    assert p.posted is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, True),
        (False, False),
        ("true", True),
        ("True", True),
        (" yes ", True),
        ("1", True),
        ("on", True),
        ("false", False),
        ("FALSE", False),
        ("no", False),
        ("", False),
        ("maybe", False),
        (1, True),
        (0, False),
        (None, False),
        (["true"], False),
    ],
)
def test_parse_bool(value: object, expected: bool) -> None:
    assert parse_bool(value) is expected


def test_archived_string_in_front_matter_is_a_boolean() -> None:
    assert posting(front(title="A", archived='"true"')).archived is True
    assert posting(front(title="A", archived='"false"')).archived is False
    assert posting(front(title="A", archived="yes")).archived is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("full-time", "full-time"),
        ("Full Time", "full-time"),
        ("FULLTIME", "full-time"),
        ("Permanent", "full-time"),
        ("part-time", "part-time"),
        ("Part time", "part-time"),
        ("Contract", "contract"),
        ("contractor", "contract"),
        ("Temporary", "contract"),
        ("Internship", "internship"),
        ("intern", "internship"),
        ("Freelance", "freelance"),
        ("company-profile", "company-profile"),
        ("", None),
        (None, None),
    ],
)
def test_parse_job_type(value: object, expected: str | None) -> None:
    assert parse_job_type(value) == expected


# --- derived workplace ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "location", "body", "workplace"),
    [
        ("Engineer", "Remote", "", "remote"),
        ("Engineer", "remote,United States", "", "remote"),
        ("Engineer", "Remove US/Canada", "", "remote"),
        ("Engineer", "NYC or REMOTE (US and EU)", "", "remote"),
        ("Engineer", "Berlin (Hybrid)", "", "hybrid"),
        ("Engineer", "Anywhere", "", "remote"),
        ("Engineer", "远程", "", "remote"),
        ("Remote Python Engineer", "", "", "remote"),
        ("Hybrid Data Analyst", "", "", "hybrid"),
        ("Engineer", "", "You can work from anywhere.", "remote"),
        ("Engineer", "", "We are a distributed team across time zones.", "remote"),
        ("Engineer", "", "工作地点：远程", "remote"),
        ("Engineer", "", "Trabajo remoto desde cualquier lugar.", "remote"),
        ("Engineer", "Berlin", "This role is fully remote.", "remote"),
        ("Engineer", "Berlin", "We are a distributed team.", "onsite"),
        ("Engineer", "Berlin", "This is a hybrid role.", "hybrid"),
        ("Engineer", "Berlin", "", "onsite"),
        ("Engineer", "", "", "onsite"),
        ("Engineer", "Onsite only", "", "onsite"),
        ("Engineer", "Remote", "Sorry, no remote.", "remote"),
        ("Engineer", "", "No remote work. Fully remote teams elsewhere.", "onsite"),
        ("Distributed Systems Engineer", "", "", "onsite"),
        ("Engineer", "", "Experience with distributed systems and Kafka.", "onsite"),
        ("Engineer", "", "Please remove your shoes.", "onsite"),
        ("Engineer", "Removal City", "", "onsite"),
    ],
    ids=[
        "location-remote",
        "location-remote-comma-country",
        "location-remove-typo",
        "location-city-or-remote",
        "location-berlin-hybrid",
        "location-anywhere",
        "location-chinese-remote",
        "title-remote",
        "title-hybrid",
        "body-anywhere",
        "body-distributed-team",
        "body-chinese-remote",
        "body-spanish-remoto",
        "body-fully-remote-beats-city",
        "body-weak-signal-ignored-with-city",
        "body-hybrid-role",
        "city-only",
        "nothing-at-all",
        "onsite-only",
        "location-wins-over-body",
        "body-negation",
        "title-distributed-systems-is-a-topic",
        "body-distributed-systems-is-a-topic",
        "remove-in-body-is-not-a-typo",
        "remove-typo-needs-the-whole-word",
    ],
)
def test_workplace_is_derived_from_location_title_and_body(
    title: str, location: str, body: str, workplace: str
) -> None:
    p = posting(f"---\ntitle: {title!r}\nlocation: {location!r}\n---\n{body}\n")
    assert p.workplace == workplace
    assert p.remote is (workplace == "remote")
    assert p.hybrid is (workplace == "hybrid")


def test_posted_date_is_none_without_a_timestamp() -> None:
    assert posting(front(title="Undated")).posted_date is None


def test_posting_is_frozen() -> None:
    p = posting(front(title="Frozen"))
    with pytest.raises(AttributeError):
        p.title = "Changed"  # type: ignore[misc]


def test_load_accepts_a_string_root(tmp_path: Path) -> None:
    write(tmp_path, "s.md", front(title="String root"))
    assert [p.title for p in load_postings(os.fspath(tmp_path)).postings] == ["String root"]


def _alias_bomb(levels: int = 9) -> str:
    lines = ['title: "Bomb"', 'a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, levels)]
    lines.append(f"hashtags: *a{levels - 1}")
    return "---\n" + "\n".join(lines) + "\n---\nBody.\n"


def test_a_yaml_alias_bomb_is_refused_with_its_reason_and_the_load_goes_on(
    tmp_path: Path,
) -> None:
    """Before: ten billion "x" behind a few hundred bytes kept `jobbot index stats` busy for
    minutes; aliases are never needed in front matter, so the file is refused unread."""
    write(tmp_path, "bomb.md", _alias_bomb())
    write(tmp_path, "fine.md", front(title="Rust Engineer") + "Rust.\n")

    report = load_postings(tmp_path)

    assert [p.id for p in report.postings] == ["fine"]
    [skipped] = report.skipped
    assert skipped.path.name == "bomb.md" and "aliases" in skipped.reason


@pytest.mark.parametrize(
    "text",
    [
        'title: "C*star & co"',
        'title: "A & B"\nsummary: "*bold* words"',
        "title: Salary *negotiable*",
    ],
)
def test_stars_and_ampersands_in_values_are_not_aliases(text: str) -> None:
    assert posting("---\n" + text + "\n---\nBody.\n").title


@pytest.mark.parametrize("missing", ["None", "null", "n/a", "N/A", "unknown", "-", "nil"])
def test_placeholder_values_are_missing_values_never_shown(missing: str) -> None:
    """Before: cards showed a company "None" and a tag "null"."""
    parsed = posting(
        front(
            title="Rust Engineer",
            companyName=f'"{missing}"',
            location=f'"{missing}"',
            hashtags=f'"#rust,#{missing}"',
        )
    )
    assert parsed.company == "" and parsed.location == ""
    assert parsed.tags == ("rust",)


def test_company_profiles_are_counted_but_never_loaded(tmp_path: Path) -> None:
    write(tmp_path, "job.md", front(title="Rust Engineer"))
    write(tmp_path, "profile.md", front(title="Acme", jobType="company-profile"))

    report = load_postings(tmp_path)

    assert [p.id for p in report.postings] == ["job"]
    assert report.profiles == 1 and report.skipped == ()
