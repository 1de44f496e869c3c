"""The one tokenizer shared by indexing and querying, plus the query synonym table.

Postings and questions go through the same `tokenize`, so a term a user types lands on the same
column the posting's text produced. The rules are tuned for job ads: tech tokens stay whole
(`c++`, `c#`, `.net`, `node.js`, `ci/cd`), spelling variants fold to one canonical token
(`k8s` → `kubernetes`, `golang` → `go`, "site reliability engineer" → `sre`), case and accents
fold, and CJK text becomes character bigrams instead of vanishing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import NamedTuple

__all__ = [
    "CANONICAL",
    "QUERY_SYNONYMS",
    "STOP_WORDS",
    "clean_text",
    "expand_synonyms",
    "fold",
    "tokenize",
]

# Characters that are invisible but break matching: zero-width space/joiners, word joiner, BOM,
# soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad" + "".join(
    map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
)
_SPACES = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")

# English filler that carries no meaning for ranking. Deliberately smaller than scikit-learn's
# list, which drops words that matter in job ads ("front", "back", "full", "part", "system", "go").
STOP_WORDS: frozenset[str] = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each etc few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very via was we
    were what when where which while who whom why will with within without would you your yours
    yourself yourselves e.g i.e eg ie re ll ve don didn doesn isn aren won
    """.split()
)

# Spelling variants folded to one token on both sides (postings and queries): unambiguous only.
CANONICAL: Mapping[str, str] = {
    "k8s": "kubernetes",
    "kube": "kubernetes",
    "golang": "go",
    "postgres": "postgresql",
    "psql": "postgresql",
    "reactjs": "react",
    "react.js": "react",
    "nodejs": "node.js",
    "node": "node.js",
    "vuejs": "vue.js",
    "vue": "vue.js",
    "nextjs": "next.js",
    "angularjs": "angular",
    "js": "javascript",
    "ecmascript": "javascript",
    "ts": "typescript",
    "dotnet": ".net",
    "csharp": "c#",
    "cpp": "c++",
    "py": "python",
    "gcloud": "gcp",
    "frontend": "frontend",
    "front-end": "frontend",
    "backend": "backend",
    "back-end": "backend",
    "fullstack": "fullstack",
    "full-stack": "fullstack",
    "devops": "devops",
    "dev-ops": "devops",
    "devsecops": "devsecops",
    "cicd": "ci/cd",
    "ci-cd": "ci/cd",
    "ux/ui": "ui/ux",
    "mlops": "mlops",
    "ml-ops": "mlops",
    "fulltime": "full-time",
    "full-time": "full-time",
    "parttime": "part-time",
    "part-time": "part-time",
    "on-site": "onsite",
    "onsite": "onsite",
    "e-commerce": "ecommerce",
    "sre": "sre",
    "sres": "sre",
    "swe": "software",
    "qa": "qa",
    "dba": "dba",
    "remoto": "remote",
    "remota": "remote",
    "télétravail": "remote",
    "teletravail": "remote",
    "homeoffice": "remote",
}

# Multi-word phrases folded to one token (matched on the folded, space-joined word sequence).
_PHRASES: Mapping[tuple[str, ...], str] = {
    ("site", "reliability", "engineer"): "sre",
    ("site", "reliability", "engineering"): "sre",
    ("site", "reliability"): "sre",
    ("front", "end"): "frontend",
    ("back", "end"): "backend",
    ("full", "stack"): "fullstack",
    ("machine", "learning"): "ml",
    ("artificial", "intelligence"): "ai",
    ("large", "language", "model"): "llm",
    ("natural", "language", "processing"): "nlp",
    ("product", "manager"): "pm",
    ("product", "management"): "pm",
    ("quality", "assurance"): "qa",
    ("database", "administrator"): "dba",
    ("google", "cloud"): "gcp",
    ("google", "cloud", "platform"): "gcp",
    ("amazon", "web", "services"): "aws",
    ("ruby", "on", "rails"): "rails",
    ("continuous", "integration"): "ci/cd",
    ("continuous", "delivery"): "ci/cd",
    ("continuous", "deployment"): "ci/cd",
    ("data", "science"): "data-science",
    ("data", "scientist"): "data-scientist",
    ("data", "engineer"): "data-engineer",
    ("data", "engineering"): "data-engineer",
    ("engineering", "manager"): "engineering-manager",
    ("technical", "writer"): "technical-writer",
    ("technical", "writing"): "technical-writer",
    ("customer", "success"): "customer-success",
    ("customer", "support"): "customer-support",
    ("account", "executive"): "account-executive",
    ("react", "native"): "react-native",
}
_MAX_PHRASE = max(len(p) for p in _PHRASES)

# Query-side expansion: related terms a user means too, added with a lower weight. Keys and values
# are canonical tokens (what `tokenize` produces).
QUERY_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "sre": ("devops", "reliability", "infrastructure", "platform"),
    "devops": ("sre", "infrastructure", "platform"),
    "ml": ("ai", "data-scientist", "pytorch", "tensorflow"),
    "ai": ("ml", "llm"),
    "llm": ("ai", "nlp", "ml"),
    "nlp": ("llm", "ml"),
    "javascript": ("typescript",),
    "typescript": ("javascript",),
    "pm": ("product",),
    "qa": ("test", "testing", "automation"),
    "dba": ("database", "postgresql", "mysql"),
    "gcp": ("google",),
    "aws": ("amazon",),
    "react": ("frontend",),
    "frontend": ("react", "javascript", "typescript"),
    "backend": ("api",),
    "fullstack": ("frontend", "backend"),
    "data-scientist": ("data-science", "ml"),
    "data-science": ("data-scientist", "ml"),
    "data-engineer": ("etl", "spark", "airflow"),
    "engineering-manager": ("manager", "leadership"),
    "technical-writer": ("documentation", "docs"),
    "customer-support": ("support", "customer-success"),
    "customer-success": ("customer-support", "support"),
    "mobile": ("ios", "android"),
    "ios": ("swift", "mobile"),
    "android": ("kotlin", "mobile"),
    "security": ("appsec", "infosec"),
    "designer": ("design", "ux"),
    "ux": ("ui/ux", "design"),
}

# Tech tokens that must survive whole; tried before the generic word pattern.
_TECH = (
    r"c\+\+|c#|f#|(?<![a-z0-9])\.net\b|asp\.net|ci/cd|ui/ux|ux/ui|"
    r"[a-z][a-z0-9]*\.js\b|"
    r"[a-z0-9]+(?:-[a-z0-9]+)*"
)
_TOKEN = re.compile(_TECH)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")
# Words whose trailing "s" is not a plural.
_KEEP_S = frozenset(
    """
    aws kubernetes postgres ios macos js ts css sass less us news ops devops mlops finops
    gitops devsecops analytics ethics sales series this has was is as its status express
    jenkins redis rails graphics statistics physics economics mathematics logistics business
    access process success class pass boss address ms hcs saas paas iaas os nats plus bonus
    campus census corpus virus chaos canvas atlas lens always sometimes tools
    """.split()
)
# "go" the language, as opposed to the verb: only these neighbours make a lowercase "go" a language
# inside prose (queries treat a bare "go" as the language).
_GO_CONTEXT = frozenset(
    "python rust java kotlin scala ruby elixir typescript javascript c++ node.js grpc "
    "microservices backend developer engineer programming language languages".split()
)


def clean_text(text: str) -> str:
    """Remove what breaks matching and display: BOM, zero-width and control characters, odd spaces.

    Keeps line breaks (CRLF folded to LF) so markdown bodies stay readable.
    """
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.replace per character present beats a regex or str.translate on long bodies.
    for ch in _INVISIBLE:
        if ch in text:
            text = text.replace(ch, "")
    if text.isascii():
        return text
    # "Â" before a no-break space is UTF-8 read as Latin-1 (Glassdoor exports): drop both.
    if "Â\u00a0" in text:
        text = text.replace("Â\u00a0", " ")
    for ch in _SPACES:
        if ch in text:
            text = text.replace(ch, " ")
    return text


def fold(text: str) -> str:
    """Fold case, width and accents (`Zürich` → `zurich`, `ＳＲＥ` → `sre`); CJK is unchanged.

    Expects text already passed through `clean_text` (fold keeps lengths aligned for ASCII).
    """
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold()
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped)


def _singular(word: str) -> str:
    if len(word) <= 3 or word in _KEEP_S or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "os")):
        return word[:-1]
    return word


class _Word(NamedTuple):
    folded: str
    original: str
    sentence_start: bool


def _words(text: str) -> list[_Word]:
    """Folded words with their original spelling; CJK runs become character bigrams."""
    text = clean_text(text)
    folded = fold(text)
    # The original casing matters only for the "Go" and single-letter rules; NFKC + casefold keep
    # ASCII lengths, so align by position and fall back to the folded text when lengths differ.
    original = unicodedata.normalize("NFKC", text)
    source = original if len(original) == len(folded) else folded
    out: list[_Word] = []
    pos = 0
    for cjk in _CJK.finditer(folded):
        out.extend(_latin_words(folded, source, pos, cjk.start()))
        run = cjk.group()
        grams = [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]
        out.extend(_Word(g, g, False) for g in grams)
        pos = cjk.end()
    out.extend(_latin_words(folded, source, pos, len(folded)))
    return out


def _latin_words(folded: str, source: str, start: int, end: int) -> Iterator[_Word]:
    for match in _TOKEN.finditer(folded, start, end):
        before = folded[: match.start()].rstrip()
        sentence_start = not before or before[-1] in ".!?:;\n*#-•"
        word = match.group()
        if "-" in word and word not in CANONICAL:
            # "cloud-native" should match "cloud"; only known compounds stay whole.
            for part in word.split("-"):
                if part != "go":  # "go-to-market", "go-live": never the language
                    yield _Word(part, part, False)
            continue
        yield _Word(word, source[match.start() : match.end()], sentence_start)


def tokenize(text: str, *, query: bool = False) -> list[str]:
    """Split text into canonical tokens, in order.

    `query=True` reads a bare "go" as the language (nobody types the verb into a job search);
    in posting text "Go" counts as the language when capitalised mid-sentence or next to other
    tech words. Multi-word phrases ("site reliability engineer") fold to one token ("sre"); in
    posting text the phrase's words are kept as well.
    """
    words = _words(text)
    keys = [_singular(w.folded) for w in words]
    out: list[str] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, len(words) - i), 1, -1):
            phrase = _PHRASES.get(tuple(keys[i : i + size]))
            if phrase is not None:
                out.append(phrase)
                if not query:
                    # Postings keep the parts too, so "data" still finds "Data Engineer"; a
                    # question's phrase stays one precise term.
                    parts = (_token(words, j, query=False) for j in range(i, i + size))
                    out.extend(t for t in parts if t is not None and t != phrase)
                i += size
                break
        else:
            token = _token(words, i, query=query)
            if token is not None:
                out.append(token)
            i += 1
    return out


def _token(words: list[_Word], i: int, *, query: bool) -> str | None:
    word = words[i].folded
    if word == "go":
        return "go" if query or _is_go_language(words, i) else None
    if word in STOP_WORDS:
        return None
    if len(word) == 1 and word.isascii():
        # Single letters are noise, except the languages C and R.
        keep = word in {"c", "r"} and (query or words[i].original.isupper())
        return word if keep else None
    canonical = CANONICAL.get(word)
    if canonical is not None:
        return canonical
    singular = _singular(word)
    return CANONICAL.get(singular, singular)


def _is_go_language(words: list[_Word], i: int) -> bool:
    if words[i].original == "Go" and not words[i].sentence_start:
        return True
    if words[i].original == "GO":
        return False
    near = {words[j].folded for j in (i - 2, i - 1, i + 1, i + 2) if 0 <= j < len(words)}
    return bool(near & _GO_CONTEXT)


def expand_synonyms(tokens: list[str]) -> list[str]:
    """Related tokens for a query's tokens, excluding the tokens themselves, in a stable order."""
    seen = set(tokens)
    out: list[str] = []
    for token in tokens:
        for related in QUERY_SYNONYMS.get(token, ()):
            if related not in seen:
                seen.add(related)
                out.append(related)
    return out
