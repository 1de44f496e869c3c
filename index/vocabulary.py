"""The tokenizer's word tables: pure data, applied by `index.text` (the analyzer).

Every key is a *folded* word, what `index.text.fold` gives (lower case, no accents, ASCII width),
because the tokenizer folds text before it looks anything up. What each table is for, and how to
add to it:

- `STOP_WORDS`: words dropped from postings and questions. Add only filler that never names a
  skill, role or place: "front", "back", "full", "part", "system" and "go" must stay searchable.
- `CANONICAL`: one spelling for many (`k8s` → `kubernetes`, `golang` → `go`), applied to postings
  and questions alike, so add only variants that cannot mean anything else. The key is a word as
  the tokenizer sees it (letters or digits, maybe joined by "-", "." or "/" and ending in "+" or
  "#"). The value must tokenize to itself, so a compound value needs an entry mapping it to
  itself ("full-time") or a place in `WHOLE_TOKENS` ("ci/cd").
- `PHRASES`: word sequences that also count as one token ("site reliability engineer" → `sre`).
  Posting text keeps the words as well; a question's phrase becomes just the token. Most plurals
  ("large language models") match without an entry. The first word needs at least four
  characters: `index.text` finds phrase starts by their last four and refuses a shorter one at
  import. Hyphenated values ("data-engineer") are fine: they only ever come from the phrase.
- `QUERY_SYNONYMS`: related tokens a question also searches for, at a lower weight (see
  `index.search.RELATED_WEIGHT`); question side only. Keys and values are tokens as the tokenizer
  produces them (canonical spellings, phrase tokens), or they never meet a posting's column.
- `KEEP_S`: words whose trailing "s" is not a plural ("kubernetes", "analytics"), so the
  singular rule leaves them alone. Only words of ASCII letters longer than three matter here:
  shorter words and others are never made singular.
- `WHOLE_TOKENS`: tech tokens with "+", "#", "." or "/" that stay one token ("c++", "ci/cd");
  other joined words split at "-", "." and "/" ("cloud-native" → `cloud`, `native`). A word
  with one "." that ends in ".js" ("three.js") stays whole without an entry.

`tests/index/test_vocabulary.py` checks these rules on every entry. The saved index stores
posting tokens: after changing any table but `QUERY_SYNONYMS`, bump `index.cache.FORMAT_VERSION`
so that saved indexes are rebuilt instead of read with the old tokens.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["CANONICAL", "KEEP_S", "PHRASES", "QUERY_SYNONYMS", "STOP_WORDS", "WHOLE_TOKENS"]

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
    """.split()  # noqa: SIM905
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
PHRASES: Mapping[tuple[str, ...], str] = {
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
    ("computer", "vision"): "computer-vision",
    ("developer", "relations"): "devrel",
    ("developer", "advocate"): "devrel",
    ("developer", "evangelist"): "devrel",
    ("smart", "contract"): "smart-contract",
    ("chief", "technology", "officer"): "cto",
    ("chief", "technical", "officer"): "cto",
}

# Query-side expansion: related terms a user means too, added with a lower weight. Keys and values
# are canonical tokens (what `tokenize` produces).
QUERY_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "sre": ("devops", "reliability", "infrastructure"),
    "devops": ("sre", "infrastructure"),
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
    "developer": ("engineer", "programmer"),
    "engineer": ("developer",),
    "programmer": ("developer", "engineer"),
    "fullstack": ("frontend", "backend"),
    "data-scientist": ("data-science", "ml"),
    "data-science": ("data-scientist", "ml"),
    "data-engineer": ("etl", "spark", "airflow"),
    "engineering-manager": ("manager", "leadership"),
    "technical-writer": ("documentation", "doc"),  # "docs" is tokenized to "doc"
    "customer-support": ("support", "customer-success"),
    "customer-success": ("customer-support", "support"),
    "mobile": ("ios", "android"),
    "ios": ("swift", "mobile"),
    "android": ("kotlin", "mobile"),
    "security": ("appsec", "infosec"),
    "designer": ("design", "ux"),
    "ux": ("ui/ux", "design"),
    "devrel": ("advocate", "evangelist", "community"),
    "smart-contract": ("solidity", "blockchain", "web3"),
    "solidity": ("smart-contract", "evm", "ethereum"),
    "computer-vision": ("vision", "perception", "image"),
    "cto": ("vp", "head"),
}

# Words whose trailing "s" is not a plural.
KEEP_S: frozenset[str] = frozenset(
    """
    aws kubernetes postgres ios macos js ts css sass less us news ops devops mlops finops
    gitops devsecops analytics ethics sales series this has was is as its status express
    jenkins redis rails graphics statistics physics economics mathematics logistics business
    access process success class pass boss address ms hcs saas paas iaas os nats plus bonus
    campus census corpus virus chaos canvas atlas lens always sometimes tools
    """.split()  # noqa: SIM905
)

# Tech tokens that contain a joiner or end in "+"/"#" and stay one token.
WHOLE_TOKENS: frozenset[str] = frozenset(
    {"c++", "c#", "f#", ".net", "asp.net", "ci/cd", "ui/ux", "ux/ui", "a/b"}
)
