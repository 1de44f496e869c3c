"""Chinese segmentation: loaded once per process (threads wait for the one load), only for
Chinese text and quietly; words cut where Chinese words end, with inner words for postings."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from index import segment as segment_module
from index.segment import bigrams, cut, is_han, segmenter_words
from index.text import tokenize
from tests.support.paths import ROOT


def tokenize_query(text: str) -> list[str]:
    return tokenize(text, query=True)


def test_words_are_cut_where_chinese_words_end_with_inner_words_for_postings() -> None:
    assert cut("远程后端") == ["远程", "后端"]
    assert "交易" in cut("交易系统", subwords=True) and "交易系统" in cut("交易系统", subwords=True)
    assert "交易" not in cut("交易系统")  # questions keep the precise word
    # inside a translated word, its translated parts are not added again
    assert "软件" not in cut("软件工程师", subwords=True, translated={"软件工程师", "软件"})


def test_other_cjk_characters_become_bigrams_and_runs_split_by_script() -> None:
    assert bigrams("テスト") == ["テス", "スト"] and bigrams("中") == ["中"]
    assert is_han("远程") and not is_han("テスト")


def test_the_vocabulary_s_chinese_words_are_kept_whole() -> None:
    words = segmenter_words()
    assert words == sorted(words) and "后端" in words
    assert all(cut(word) == [word] for word in words[:200])


def test_the_segmenter_loads_only_for_chinese_and_quietly() -> None:
    """A fresh process: ASCII and accented text never import jieba; the first Chinese text
    loads it once, and nothing reaches stderr (jieba logs there by default)."""
    code = (
        "import sys\n"
        "import index.segment as segment\nimport index.text as text\n"
        "text.tokenize('remote SRE'); text.tokenize('Zürich café', query=True)\n"
        "assert segment._segmenter is None and 'jieba' not in sys.modules\n"
        "assert text.tokenize('远程后端') == ['remote', 'backend']\n"
        "first = segment._segmenter\n"
        "assert first is not None\n"
        "text.tokenize('区块链开发')\n"
        "assert segment._segmenter is first\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_threads_asking_at_once_load_one_segmenter(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[int] = []
    real = segment_module._load_segmenter

    def counted() -> object:
        loads.append(1)
        return real()

    monkeypatch.setattr(segment_module, "_segmenter", None)
    monkeypatch.setattr(segment_module, "_load_segmenter", counted)
    start = threading.Barrier(8)
    found: list[list[str]] = []

    def ask(i: int) -> None:
        start.wait()
        found.append(tokenize_query(f"远程后端{'一二三四五六七八'[i]}号"))  # unseen runs: no cache

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert loads == [1]
    assert len(found) == 8 and all(tokens[:2] == ["remote", "backend"] for tokens in found)
