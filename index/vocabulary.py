"""The tokenizer's word tables: pure data, applied by `index.text` (the analyzer).

Every key is a *folded* word, what `index.text.fold` gives (lower case, no accents, ASCII width),
because the tokenizer folds text before it looks anything up. What each table is for, and how to
add to it:

- `STOP_WORDS`: words dropped from postings and questions. Add only filler that never names a
  skill, role or place: "front", "back", "full", "part", "system" and "go" must stay searchable.
- `CANONICAL`: one spelling for many (`k8s` → `kubernetes`, `golang` → `go`), applied to postings
  and questions alike, so add only variants that cannot mean anything else. Words of other
  languages go in `TRANSLATIONS`. The key is a word as
  the tokenizer sees it (letters or digits, maybe joined by "-", "." or "/" and ending in "+" or
  "#"). The value must tokenize to itself, so a compound value needs an entry mapping it to
  itself ("full-time") or a place in `WHOLE_TOKENS` ("ci/cd").
- `PHRASES`: word sequences that also count as one token ("site reliability engineer" → `sre`).
  Posting text keeps the words as well; a question's phrase becomes just the token. Most plurals
  ("large language models") match without an entry. The first word needs at least four
  characters: `index.text` finds phrase starts by their last four and refuses a shorter one at
  import. Hyphenated values ("data-engineer") are fine: they only ever come from the phrase.
- `TRANSLATIONS`: a word of another language (German, French, Spanish, Portuguese, Chinese) and
  the English it means: it gives the tokens that English gives, on the same side, so
  "Entwickler" is `developer` and "Datenwissenschaftler" is "data scientist" (the phrase's words
  and `data-scientist` in postings, `data-scientist` in a question). Applied to postings and
  questions alike: add only words that mean the same in every language that spells them so
  ("Designer" is English too and needs no entry; "stage" or "distance" are English words). The
  English must not hold a key itself. Chinese keys are also the segmenter's own words (see
  `index.text`): jieba keeps them whole, so "区块链" is one word, not "区块" + "链". German
  compounds are listed one by one ("softwareentwickler"), there is no decompounder. Plurals of
  Latin-letter keys that end in "s" ("développeurs") need no entry; other plurals do.
- `QUERY_SYNONYMS`: related tokens a question also searches for, at a lower weight (see
  `index.search.RELATED_WEIGHT`); question side only. Keys and values are tokens as the tokenizer
  produces them (canonical spellings, phrase tokens), or they never meet a posting's column.
- `ROLE_NOUNS`: words that name a job ("designer", "analyst"); read by `index.search`, not
  the tokenizer. A question's role noun is met by a posting whose title or tags name it: an
  Android engineer's ad that mentions "our designers" is no match for `designer`. Tokens, as
  the tokenizer gives them (singular, translated: "Diseñador" is `designer`).
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

__all__ = [
    "CANONICAL",
    "KEEP_S",
    "PHRASES",
    "QUERY_SYNONYMS",
    "ROLE_NOUNS",
    "STOP_WORDS",
    "TRANSLATIONS",
    "WHOLE_TOKENS",
]

# English filler that carries no meaning for ranking. Deliberately smaller than scikit-learn's
# list, which drops words that matter in job ads ("front", "back", "full", "part", "system", "go").
STOP_WORDS: frozenset[str] = (
    frozenset(
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
    | frozenset(
        # German, French, Spanish and Portuguese function words, only those that are no English
        # token ("est" is a time zone, "los" starts Los Angeles, "ses" is an AWS service, "com" ends
        # a domain): "ingeniero de software" is `engineer`, `software`.
        """
    der das dem den und fur ein eine einen zu zum zur von auf bei wir sie sind oder als mit im
    de du des les une pour avec dans sur aux que qui nous vous ou en et
    del con por una para sus muy como el
    um uma ao aos pelo pela seu sua seus suas nosso nossa voce em
    """.split()  # noqa: SIM905
    )
    | frozenset(
        # Chinese function words, and the filler every ad repeats ("招聘" hiring, "职位" position):
        # a question like "招聘远程后端" has no space for the query parser to split its filler off.
        """
    的 了 和 与 及 或 等 是 在 对 为 并 以 于 将 被 把 从 到 也 都 而 且 其 之 有 能 可 会 让 由
    你 您 我 我们 你们 他们 以及 或者 并且 及其 等等 一个 一些 这 那 这些 那些 如果 可以 能够
    招聘 诚聘 急聘 诚招 职位 岗位 工作 寻找
    """.split()  # noqa: SIM905
    )
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
    "on-call": "oncall",
    "oncall": "oncall",
    "sre": "sre",
    "sres": "sre",
    "swe": "software",
    "qa": "qa",
    "dba": "dba",
}

# Words of other languages and the English they mean, tokenized as that English would be on the
# same side (so a phrase's words and token in postings, its token in questions). Keys are folded.
TRANSLATIONS: Mapping[str, str] = {
    # German (nouns are capitalised, folding lower-cases them; compounds are listed one by one)
    "entwickler": "developer",
    "entwicklerin": "developer",
    "entwicklerinnen": "developer",
    "entwicklern": "developer",
    "entwicklung": "development",
    "softwareentwickler": "software developer",
    "softwareentwicklerin": "software developer",
    "softwareentwicklung": "software development",
    "softwareingenieur": "software engineer",
    "softwareingenieurin": "software engineer",
    "softwarearchitekt": "software architect",
    "backendentwickler": "backend developer",
    "backendentwicklerin": "backend developer",
    "frontendentwickler": "frontend developer",
    "frontendentwicklerin": "frontend developer",
    "fullstackentwickler": "fullstack developer",
    "fullstackentwicklerin": "fullstack developer",
    "webentwickler": "web developer",
    "webentwicklerin": "web developer",
    "applikationsentwickler": "application developer",
    "anwendungsentwickler": "application developer",
    "ingenieurin": "engineer",
    "ingenieurinnen": "engineer",
    "architekt": "architect",
    "architektin": "architect",
    "daten": "data",
    "datenwissenschaftler": "data scientist",
    "datenwissenschaftlerin": "data scientist",
    "datenanalyst": "data analyst",
    "datenanalystin": "data analyst",
    "dateningenieur": "data engineer",
    "dateningenieurin": "data engineer",
    "produkt": "product",
    "produktmanager": "product manager",
    "produktmanagerin": "product manager",
    "projektmanager": "project manager",
    "projektmanagerin": "project manager",
    "praktikant": "intern",
    "praktikantin": "intern",
    "praktikum": "internship",
    "sicherheit": "security",
    "homeoffice": "remote",
    # French ("ingénieur" is German and French alike)
    "developpeur": "developer",
    "developpeuse": "developer",
    "ingenieur": "engineer",
    "ingenieure": "engineer",
    "ingenierie": "engineering",
    "logiciel": "software",
    "donnees": "data",
    "produit": "product",
    "stagiaire": "intern",
    "securite": "security",
    "teletravail": "remote",
    # Spanish
    "desarrollador": "developer",
    "desarrolladora": "developer",
    "desarrolladores": "developer",
    "desarrolladoras": "developer",
    "desarrollo": "development",
    "programador": "developer",
    "programadora": "developer",
    "programadores": "developer",
    "programadoras": "developer",
    "ingeniero": "engineer",
    "ingeniera": "engineer",
    "ingenieros": "engineer",
    "ingenieras": "engineer",
    "ingenieria": "engineering",
    "cientifico": "scientist",
    "cientifica": "scientist",
    "datos": "data",
    "disenador": "designer",
    "disenadora": "designer",
    "disenadores": "designer",
    "disenadoras": "designer",
    "gerente": "manager",
    "producto": "product",
    "arquitecto": "architect",
    "analista": "analyst",
    "pasante": "intern",
    "practicante": "intern",
    "seguridad": "security",
    "remoto": "remote",
    "remota": "remote",
    "teletrabajo": "remote",
    # Portuguese
    "desenvolvedor": "developer",
    "desenvolvedora": "developer",
    "desenvolvedores": "developer",
    "desenvolvedoras": "developer",
    "desenvolvimento": "development",
    "engenheiro": "engineer",
    "engenheira": "engineer",
    "engenheiros": "engineer",
    "engenheiras": "engineer",
    "engenharia": "engineering",
    "cientista": "scientist",
    "dados": "data",
    "produto": "product",
    "arquiteto": "architect",
    "estagiario": "intern",
    "estagiaria": "intern",
    "estagio": "internship",
    "seguranca": "security",
    "pleno": "mid",  # Brazilian titles: Júnior, Pleno, Sênior
    # Chinese (simplified, a few traditional spellings): each key is one segmenter word
    "开发": "developer",
    "开发者": "developer",
    "开发人员": "developer",
    "程序员": "developer",
    "開發": "developer",
    "工程师": "engineer",
    "工程師": "engineer",
    "软件": "software",
    "软件工程师": "software engineer",
    "软件开发": "software developer",
    "后端": "backend",
    "後端": "backend",
    "服务端": "backend",
    "前后端": "frontend backend",
    "前端": "frontend",
    "前端开发": "frontend developer",
    "全栈": "full stack",
    "数据": "data",
    "数据科学家": "data scientist",
    "数据工程师": "data engineer",
    "数据分析师": "data analyst",
    "分析师": "analyst",
    "设计师": "designer",
    "架构师": "architect",
    "研究员": "researcher",
    "产品": "product",
    "产品经理": "product manager",
    "项目经理": "project manager",
    "经理": "manager",
    "总监": "director",
    "首席技术官": "chief technology officer",
    "远程": "remote",
    "遠程": "remote",
    "远端": "remote",
    "远程办公": "remote",
    "居家办公": "remote",
    "高级": "senior",
    "资深": "senior",
    "中级": "mid",
    "初级": "junior",
    "实习": "intern",
    "实习生": "intern",
    "全职": "full-time",
    "兼职": "part-time",
    "安全": "security",
    "区块链": "blockchain",
    "智能合约": "smart contract",
    "以太坊": "ethereum",
    "比特币": "bitcoin",
    "钱包": "wallet",
    "运维": "devops",  # IT operations (运营 is business operations)
    "运营": "operations",
    "测试": "qa",
    "人工智能": "artificial intelligence",
    "机器学习": "machine learning",
    "算法": "algorithm",
    "量化": "quant",
    "风控": "risk",
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
    ("sales", "engineer"): "sales-engineer",
    ("sales", "engineering"): "sales-engineer",
    ("presale", "engineer"): "sales-engineer",  # "presales" as the analyzer folds it
    ("solutions", "engineer"): "sales-engineer",
    ("solution", "engineer"): "sales-engineer",
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
    # Other languages: the phrases whose English is one token ("de" is a stop word, as "on" is
    # in "ruby on rails"). "à distance" alone folds to the English "a distance": only whole
    # phrases that say remote work count.
    ("cientifico", "de", "datos"): "data-scientist",
    ("cientifica", "de", "datos"): "data-scientist",
    ("cientista", "de", "dados"): "data-scientist",
    ("ingeniero", "de", "datos"): "data-engineer",
    ("ingeniera", "de", "datos"): "data-engineer",
    ("engenheiro", "de", "dados"): "data-engineer",
    ("engenheira", "de", "dados"): "data-engineer",
    ("ingenieur", "de", "donnees"): "data-engineer",
    ("ingenieure", "de", "donnees"): "data-engineer",
    # … and as people type them, without the "de" ("ingénieur données", "ingénieur data").
    ("ingenieur", "donnees"): "data-engineer",
    ("ingenieur", "data"): "data-engineer",
    ("ingeniero", "datos"): "data-engineer",
    ("engenheiro", "dados"): "data-engineer",
    ("cientifico", "datos"): "data-scientist",
    ("cientista", "dados"): "data-scientist",
    ("chef", "de", "produit"): "pm",
    ("gerente", "de", "producto"): "pm",
    ("gerente", "de", "produto"): "pm",
    ("travail", "a", "distance"): "remote",
    ("poste", "a", "distance"): "remote",
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

# Words that name a job: a question's role noun must be in the title or tags.
ROLE_NOUNS: frozenset[str] = frozenset(
    {
        "accountant", "administrator", "advocate", "analyst", "architect", "consultant",
        "coordinator", "designer", "developer", "editor", "engineer", "manager", "marketer",
        "programmer", "recruiter", "researcher", "scientist", "specialist", "strategist",
        "technician", "tester", "writer",
        "account-executive", "cto", "data-engineer", "data-scientist", "devrel",
        "engineering-manager", "pm", "sales-engineer", "technical-writer",
    }
)  # fmt: skip

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
