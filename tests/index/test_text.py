"""index/text.py: one tokenizer for postings and questions, tuned for job ads.

The word tables it applies (index/vocabulary.py) are checked entry by entry in test_vocabulary.py.
"""

from __future__ import annotations

from datetime import date

import pytest

from index import Posting, SearchIndex, parse_query
from index.text import clean_text, expand_synonyms, fold
from index.text import tokenize as tokenize_text


def tokenize(text: str) -> list[str]:
    """Posting-side tokens."""
    return tokenize_text(text)


def tokenize_query(text: str) -> list[str]:
    return tokenize_text(text, query=True)


def bag(tokens: list[str]) -> list[str]:
    """Tokens as a sorted multiset: the index counts terms, their order is not the contract."""
    return sorted(tokens)


# --- tech tokens ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("C++", ["c++"]),
        ("C#", ["c#"]),
        ("F#", ["f#"]),
        (".NET", [".net"]),
        ("ASP.NET Core", ["asp.net", "core"]),
        ("Node.js", ["node.js"]),
        ("Vue.js", ["vue.js"]),
        ("three.js", ["three.js"]),
        ("k8s", ["kubernetes"]),
        ("K8S", ["kubernetes"]),
        ("CI/CD", ["ci/cd"]),
        ("UX/UI", ["ui/ux"]),
        ("C++/Python", ["c++", "python"]),
        ("C#/.NET", ["c#", ".net"]),
        ("We love C++, C# and .NET.", ["love", "c++", "c#", ".net"]),
        ("Node.js.", ["node.js"]),
        ("CI/CD pipelines", ["ci/cd", "pipeline"]),
        ("www.example.net", ["www", "example", "net"]),
        ("ｃ＋＋", ["c++"]),
    ],
    ids=[
        "c++",
        "c#",
        "f#",
        ".net",
        "asp.net",
        "node.js",
        "vue.js",
        "any-dot-js",
        "k8s-is-kubernetes",
        "K8S-upper",
        "ci/cd",
        "ux/ui-order-folds",
        "slash-between-tech",
        "c#-slash-.net",
        "punctuation-around-tech",
        "sentence-end-after-node.js",
        "plural-after-ci/cd",
        "domain-is-not-.net",
        "full-width-c++",
    ],
)
def test_tech_tokens_are_kept_whole(text: str, expected: list[str]) -> None:
    assert bag(tokenize(text)) == bag(expected)
    assert bag(tokenize_query(text)) == bag(expected)


# --- "go" the language and "go" the verb ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "is_language"),
    [
        ("We use Go and Python.", True),
        ("Our backend is written in Go.", True),
        ("The Go team ships weekly.", True),
        ("Python, Go and Rust", True),
        ("Go/Rust services", True),
        ("Golang", True),
        ("Go Developer", True),
        ("Let's go to the park.", False),
        ("You will go above and beyond.", False),
        ("We ship weekly. Go is our favourite word.", False),
        ("Ready to go? Apply now.", False),
        ("GO TEAM!", False),
        ("a go-to-market plan", False),
        ("go-live in March", False),
    ],
    ids=[
        "capitalised-mid-sentence",
        "capitalised-at-sentence-end",
        "capitalised-after-the",
        "in-a-list-of-languages",
        "next-to-a-slash",
        "golang-alias",
        "title-starting-with-go",
        "lets-go",
        "will-go",
        "capitalised-at-sentence-start",
        "ready-to-go",
        "shouted",
        "go-to-market",
        "go-live",
    ],
)
def test_go_in_posting_text_is_the_language_only_in_context(text: str, is_language: bool) -> None:
    assert ("go" in tokenize(text)) is is_language


@pytest.mark.parametrize("text", ["go", "Go", "GO", "go jobs", "senior go", "golang"])
def test_query_treats_bare_go_as_the_language(text: str) -> None:
    assert "go" in tokenize_query(text)


def test_query_does_not_read_go_out_of_a_hyphenated_word() -> None:
    assert "go" not in tokenize_query("go-to-market manager")


# --- folding --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zürich", "zurich"),
        ("São Paulo", "sao paulo"),
        ("ÉCOLE", "ecole"),
        ("Kraków", "krakow"),
        ("ＳＲＥ", "sre"),
        ("Ｐｙｔｈｏｎ", "python"),
        ("Straße", "strasse"),
        ("ﬁnance", "finance"),
        ("远程工作", "远程工作"),
        ("PLAIN ascii", "plain ascii"),
    ],
    ids=[
        "umlaut",
        "tilde",
        "accent-upper",
        "polish-acute",
        "full-width-upper",
        "full-width-mixed",
        "sharp-s",
        "ligature",
        "cjk-unchanged",
        "ascii-lowercased",
    ],
)
def test_fold_removes_case_width_and_accents(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_accented_and_plain_spellings_give_the_same_tokens() -> None:
    assert bag(tokenize("Zürich, München")) == bag(tokenize("ZURICH, munchen"))
    assert bag(tokenize("Zürich, München")) == ["munchen", "zurich"]


def test_full_width_letters_give_ascii_tokens() -> None:
    assert bag(tokenize("ＳＲＥ Ｐｙｔｈｏｎ")) == ["python", "sre"]


# --- scripts without spaces or without ASCII letters ----------------------------------------


def test_chinese_is_segmented_into_words_not_character_pairs() -> None:
    assert tokenize_query("远程 后端 工程师") == ["remote", "backend", "engineer"]
    # A posting also keeps the dictionary words inside a longer word: "工程" of "工程师".
    assert bag(tokenize("远程 后端 工程师")) == bag(["remote", "backend", "工程", "engineer"])
    for pair in ("程软", "件工", "程师"):  # the bigrams "远程软件工程师" used to give
        assert pair not in tokenize("远程软件工程师")
        assert pair not in tokenize_query("远程软件工程师")


def test_chinese_words_without_spaces_between_them_are_found() -> None:
    assert tokenize_query("远程后端开发工程师") == ["remote", "backend", "developer", "engineer"]


def test_vocabulary_words_stay_whole_where_jieba_s_dictionary_would_split_them() -> None:
    """jieba alone cuts "区块链" into "区块" + "链" and "后端" into "后" + "端"."""
    assert tokenize_query("区块链") == ["blockchain"]
    assert tokenize_query("后端") == ["backend"]
    assert tokenize_query("运维") == ["devops"]


def test_chinese_posting_also_keeps_the_dictionary_words_inside_a_longer_word() -> None:
    assert {"交易", "系统", "交易系统"} <= set(tokenize("交易系统"))
    assert tokenize_query("交易系统") == ["交易系统"]  # the question keeps the word it typed
    assert "区块" in tokenize("区块链")  # a shorter question still meets the posting


def test_a_translated_chinese_word_gives_its_english_once() -> None:
    """Inside a translated word only untranslated words are added: not `software` twice."""
    assert bag(tokenize("软件工程师")) == bag(["software", "工程", "engineer"])
    assert tokenize_query("软件工程师") == ["software", "engineer"]
    assert {"data", "数据库"} <= set(tokenize("数据库"))  # untranslated: its words count too


def test_chinese_next_to_latin_words_keeps_both() -> None:
    assert bag(tokenize_query("招聘Python工程师")) == bag(["python", "engineer"])  # 招聘: hiring


def test_chinese_function_words_and_filler_are_dropped() -> None:
    assert bag(tokenize("我们的团队和产品")) == bag(["团队", "product"])
    assert tokenize_query("招聘职位") == []


def test_single_cjk_character_is_kept() -> None:
    assert tokenize("中") == ["中"]


def test_japanese_and_korean_are_not_dropped() -> None:
    assert bag(tokenize("テスト 한국어")) == bag(["テス", "スト", "한국", "국어"])


def test_cjk_runs_are_not_also_kept_as_one_long_token() -> None:
    assert "远程工作" not in tokenize("远程工作")
    assert "远程工作" not in tokenize_query("远程工作")


def test_query_and_posting_cjk_tokens_match() -> None:
    assert set(tokenize_query("远程")) <= set(tokenize("工作地点：远程，欢迎加入"))
    assert set(tokenize_query("交易")) <= set(tokenize("负责交易系统开发"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Łódź", ["łodz"]),
        ("Wrocław", ["wrocław"]),
        ("København", ["københavn"]),
        ("Разработчик Python", ["разработчик", "python"]),
        ("Αθήνα", ["αθηνα"]),
    ],
    ids=["polish-l-stroke", "polish-l-stroke-inside", "danish-o-slash", "cyrillic", "greek"],
)
def test_letters_of_other_scripts_are_not_dropped(text: str, expected: list[str]) -> None:
    assert bag(tokenize(text)) == bag(expected)


# --- canonical forms and phrases ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("golang", "go"),
        ("postgres", "postgresql"),
        ("Postgres", "postgresql"),
        ("psql", "postgresql"),
        ("reactjs", "react"),
        ("React.js", "react"),
        ("nodejs", "node.js"),
        ("vuejs", "vue.js"),
        ("kube", "kubernetes"),
        ("front-end", "frontend"),
        ("back-end", "backend"),
        ("full-stack", "fullstack"),
        ("dotnet", ".net"),
        ("csharp", "c#"),
        ("cpp", "c++"),
        ("cicd", "ci/cd"),
        ("e-commerce", "ecommerce"),
        ("on-site", "onsite"),
        ("SREs", "sre"),
        ("remoto", "remote"),
        ("télétravail", "remote"),
    ],
)
def test_spelling_variants_fold_to_one_canonical_token(text: str, expected: str) -> None:
    assert tokenize(text) == [expected]
    assert tokenize_query(text) == [expected]


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("site reliability engineer", "sre"),
        ("Site Reliability Engineering", "sre"),
        ("front end", "frontend"),
        ("Back End", "backend"),
        ("full stack", "fullstack"),
        ("machine learning", "ml"),
        ("Artificial Intelligence", "ai"),
        ("large language models", "llm"),
        ("natural language processing", "nlp"),
        ("product manager", "pm"),
        ("quality assurance", "qa"),
        ("database administrator", "dba"),
        ("Google Cloud Platform", "gcp"),
        ("Amazon Web Services", "aws"),
        ("Ruby on Rails", "rails"),
        ("data engineer", "data-engineer"),
        ("React Native", "react-native"),
    ],
)
def test_query_phrase_folds_to_one_token(text: str, phrase: str) -> None:
    assert tokenize_query(text) == [phrase]


def test_posting_phrase_keeps_its_words_too() -> None:
    assert bag(tokenize("Site Reliability Engineer")) == bag(
        ["sre", "site", "reliability", "engineer"]
    )
    assert bag(tokenize("Data Engineer")) == bag(["data-engineer", "data", "engineer"])


def test_phrase_inside_a_sentence_is_found() -> None:
    assert bag(tokenize_query("senior site reliability engineer berlin")) == bag(
        ["senior", "sre", "berlin"]
    )


def test_longest_phrase_wins() -> None:
    assert tokenize_query("google cloud platform") == ["gcp"]
    assert "platform" not in tokenize_query("google cloud platform")


# --- words that carry no meaning, plurals, compounds ----------------------------------------


def test_stop_words_are_dropped() -> None:
    assert bag(tokenize("the role is for a team with them")) == ["role", "team"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Python, R and C", ["python", "r", "c"]),
        ("Rust/C and C++ firmware", ["rust", "c", "c++", "firmware"]),
        ("plan a or plan b", ["plan", "plan"]),
        ("section c of the contract", ["section", "contract"]),
    ],
    ids=["capital-r-and-c", "slash-c-and-c++", "single-letters-dropped", "lowercase-c-dropped"],
)
def test_single_letters_are_noise_except_the_languages_c_and_r(
    text: str, expected: list[str]
) -> None:
    assert bag(tokenize(text)) == bag(expected)


def test_query_keeps_lowercase_c_and_r() -> None:
    assert bag(tokenize_query("c developer")) == ["c", "developer"]
    assert bag(tokenize_query("r analyst")) == ["analyst", "r"]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("engineers", "engineer"),
        ("companies", "company"),
        ("classes", "class"),
        ("boxes", "box"),
        ("benches", "bench"),
        ("status", "status"),
        ("analytics", "analytics"),
        ("kubernetes", "kubernetes"),
        ("aws", "aws"),
        ("rails", "rails"),
        ("sales", "sales"),
        ("business", "business"),
        ("ios", "ios"),
    ],
)
def test_plurals_fold_but_words_ending_in_s_survive(word: str, expected: str) -> None:
    assert tokenize(word) == [expected]


def test_unknown_hyphenated_words_split_into_parts() -> None:
    assert bag(tokenize("cloud-native remote-first")) == ["cloud", "first", "native", "remote"]


def test_possessive_s_is_dropped() -> None:
    assert bag(tokenize("Python's ecosystem")) == ["ecosystem", "python"]


def test_repeated_words_are_counted_each_time() -> None:
    assert bag(tokenize("Terraform, Ansible and more Terraform")) == [
        "ansible",
        "terraform",
        "terraform",
    ]


def test_empty_and_punctuation_only_text_give_no_tokens() -> None:
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []
    assert tokenize("!!! --- ... ***") == []


def test_posting_and_query_tokenize_tech_words_identically() -> None:
    text = "Golang Postgres K8s ReactJS NodeJS CI/CD C++ C# .NET"
    assert bag(tokenize(text)) == bag(tokenize_query(text))


def test_long_text_tokenizes_every_word() -> None:
    sentence = "We build reliable Go services. "
    tokens = tokenize(sentence * 20_000)
    assert bag(tokens) == bag(["build", "reliable", "go", "service"] * 20_000)


# --- other languages: a word counts as the English it means --------------------------------

TWINS = [
    # developer
    ("Entwickler", "developer"),
    ("Entwicklerin", "developer"),
    ("développeur", "developer"),
    ("développeuse", "developer"),
    ("Développeurs", "developers"),
    ("desarrollador", "developer"),
    ("desarrolladora", "developer"),
    ("desenvolvedor", "developer"),
    ("desenvolvedora", "developer"),
    ("programador", "developer"),
    ("开发", "developer"),
    ("开发者", "developer"),
    ("程序员", "developer"),
    # engineer, software engineer
    ("Ingenieur", "engineer"),
    ("ingénieur", "engineer"),
    ("ingeniero", "engineer"),
    ("engenheiro", "engineer"),
    ("工程师", "engineer"),
    ("Softwareentwickler", "software developer"),
    ("Software-Ingenieur", "software engineer"),
    ("ingénieur logiciel", "software engineer"),
    ("ingeniero de software", "software engineer"),
    ("engenheiro de software", "software engineer"),
    ("软件工程师", "software engineer"),
    # backend, frontend, full stack
    ("后端", "backend"),
    ("Backend-Entwickler", "backend developer"),
    ("Backendentwickler", "backend developer"),
    ("Frontendentwickler", "frontend developer"),
    ("Webentwickler", "web developer"),
    ("前端", "frontend"),
    ("全栈", "full stack"),
    # data
    ("Datenwissenschaftler", "data scientist"),
    ("científico de datos", "data scientist"),
    ("cientista de dados", "data scientist"),
    ("数据科学家", "data scientist"),
    ("数据工程师", "data engineer"),
    ("ingénieur de données", "data engineer"),
    ("Datenanalyst", "data analyst"),
    # design, product, management
    ("diseñador", "designer"),
    ("设计师", "designer"),
    ("Produktmanager", "product manager"),
    ("chef de produit", "product manager"),
    ("gerente de producto", "product manager"),
    ("gerente de produto", "product manager"),
    ("产品经理", "product manager"),
    ("gerente", "manager"),
    ("经理", "manager"),
    # remote
    ("remoto", "remote"),
    ("remota", "remote"),
    ("télétravail", "remote"),
    ("travail à distance", "remote"),
    ("Homeoffice", "remote"),
    ("远程", "remote"),
    ("远程办公", "remote"),
    # levels
    ("Júnior", "junior"),
    ("Sénior", "senior"),
    ("初级", "junior"),
    ("高级", "senior"),
    ("资深", "senior"),
    ("Praktikant", "intern"),
    ("stagiaire", "intern"),
    ("pasante", "intern"),
    ("estagiário", "intern"),
    ("实习", "intern"),
    # topics
    ("安全", "security"),
    ("区块链", "blockchain"),
    ("智能合约", "smart contract"),
    ("运维", "devops"),
    ("测试", "qa"),
]


@pytest.mark.parametrize(("foreign", "english"), TWINS, ids=[t[0] for t in TWINS])
def test_a_word_of_another_language_tokenizes_as_its_english(foreign: str, english: str) -> None:
    """A question in either language asks for the same tokens, and each question's tokens are in
    a posting that says it in the other language."""
    assert bag(tokenize_query(foreign)) == bag(tokenize_query(english))
    assert set(tokenize_query(english)) <= set(tokenize(foreign))
    assert set(tokenize_query(foreign)) <= set(tokenize(english))


def test_developpeur_meets_a_software_developer_posting() -> None:
    assert tokenize_query("développeur") == ["developer"]
    assert "developer" in tokenize("Software Developer")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senior Designer", ["senior", "designer"]),
        ("home office stipend", ["home", "office", "stipend"]),
        ("within a distance of 50 miles", ["distance", "50", "mile"]),
        ("early stage startup", ["early", "stage", "startup"]),
        ("Los Angeles, EST, AWS SES", ["los", "angele", "est", "aws", "ses"]),
    ],
    ids=["designer-is-english", "home-office", "a-distance", "stage", "colliding-words-stay"],
)
def test_english_words_that_look_foreign_keep_their_english_tokens(
    text: str, expected: list[str]
) -> None:
    assert bag(tokenize(text)) == bag(expected)


def test_foreign_function_words_are_dropped() -> None:
    assert bag(tokenize_query("Entwickler für das Backend und eine Cloud")) == bag(
        ["developer", "backend", "cloud"]
    )
    assert bag(tokenize_query("desarrollador para una empresa de software")) == bag(
        ["developer", "empresa", "software"]
    )


# Fixture postings: the same few jobs in English and in the five languages.
BOARD = [
    Posting(id="en-dev", title="Senior Software Developer", company="A", body="Python services"),
    Posting(id="en-back", title="Backend Engineer", company="B", body="Go and Rust APIs"),
    Posting(id="en-data", title="Data Scientist", company="C", body="models and statistics"),
    Posting(id="en-pm", title="Product Manager", company="D", body="roadmaps and users"),
    Posting(id="en-design", title="Product Designer", company="E", body="Figma and research"),
    Posting(id="en-chain", title="Smart Contract Engineer", company="F", body="Solidity, EVM"),
    Posting(id="en-sales", title="Account Executive", company="G", body="quota and pipeline"),
    Posting(id="de", title="Softwareentwickler (m/w/d) Python", company="H", body="Homeoffice"),
    Posting(id="fr", title="Développeur Python Senior", company="I", body="Télétravail complet"),
    Posting(id="es", title="Desarrollador Backend", company="J", body="Go y Rust, remoto"),
    Posting(id="pt", title="Desenvolvedora Backend Pleno", company="K", body="APIs em Go"),
    Posting(id="zh-back", title="招聘：远程后端开发工程师，Go/Rust", company="L", remote=True),
    Posting(id="zh-data", title="数据科学家", company="M", body="统计与机器学习"),
    Posting(id="zh-pm", title="产品经理", company="N", body="负责产品规划"),
    Posting(id="zh-design", title="设计师", company="O", body="Figma"),
    Posting(id="zh-chain", title="智能合约开发工程师", company="P", body="Solidity"),
]


@pytest.fixture(scope="module")
def board() -> SearchIndex:
    return SearchIndex.build(BOARD)


def found(index: SearchIndex, question: str) -> set[str]:
    return {hit.posting.id for hit in index.search(parse_query(question), limit=20).hits}


QUESTIONS = [
    ("Entwickler Python", "python developer", {"en-dev", "de", "fr"}),
    ("Softwareentwickler", "software developer", {"en-dev", "de"}),
    ("développeur python", "python developer", {"en-dev", "de", "fr"}),
    ("desarrollador backend", "backend developer", {"en-back", "es", "pt", "zh-back"}),
    ("desenvolvedor backend", "backend developer", {"en-back", "es", "pt", "zh-back"}),
    ("后端 开发", "backend developer", {"en-back", "es", "pt", "zh-back"}),
    ("Datenwissenschaftler", "data scientist", {"en-data", "zh-data"}),
    ("científico de datos", "data scientist", {"en-data", "zh-data"}),
    ("cientista de dados", "data scientist", {"en-data", "zh-data"}),
    ("数据科学家", "data scientist", {"en-data", "zh-data"}),
    ("Produktmanager", "product manager", {"en-pm", "zh-pm"}),
    ("chef de produit", "product manager", {"en-pm", "zh-pm"}),
    ("gerente de producto", "product manager", {"en-pm", "zh-pm"}),
    ("gerente de produto", "product manager", {"en-pm", "zh-pm"}),
    ("产品经理", "product manager", {"en-pm", "zh-pm"}),
    ("diseñador", "designer", {"en-design", "zh-design"}),
    ("设计师", "designer", {"en-design", "zh-design"}),
    ("智能合约", "smart contract", {"en-chain", "zh-chain"}),
]


@pytest.mark.parametrize(
    ("question", "english", "expected"), QUESTIONS, ids=[q[0] for q in QUESTIONS]
)
def test_a_question_in_another_language_finds_what_the_english_one_finds(
    board: SearchIndex, question: str, english: str, expected: set[str]
) -> None:
    assert found(board, question) == found(board, english)
    assert expected <= found(board, question)


def test_a_chinese_posting_is_found_by_chinese_and_english_questions(board: SearchIndex) -> None:
    assert "zh-back" in found(board, "远程后端")
    assert "zh-back" in found(board, "remote backend developer")
    assert "zh-back" in found(board, "远程 后端 工程师")


CORPUS_TWINS = [
    ("Entwickler remote", "remote developer"),
    ("développeur python", "python developer"),
    ("desarrollador backend", "backend developer"),
    ("desenvolvedor", "developer"),
    ("远程 后端", "remote backend"),
    ("远程后端", "remote backend"),  # one word: "远程" is a term here, not the remote filter
    ("Softwareentwickler", "software developer"),
    ("ingeniero de software", "software engineer"),
    ("数据科学家", "data scientist"),
    ("产品经理", "product manager"),
    ("智能合约 开发", "smart contract developer"),
]


def test_translated_questions_share_the_english_twin_s_top_ten_on_the_corpus(
    corpus_index: SearchIndex,
) -> None:
    """The overlaps are measured, not pinned (see the report printed with -s); the bound is only
    a sanity check that the translated question searches for the same thing."""
    today = date(2026, 11, 28)
    overlaps = []
    for translated, english in CORPUS_TWINS:
        tops = [
            {h.posting.id for h in corpus_index.search(parse_query(q, today=today), limit=10).hits}
            for q in (translated, english)
        ]
        overlaps.append(len(tops[0] & tops[1]))
        print(f"{translated} / {english}: {overlaps[-1]} of 10")
        assert len(tops[1]) == 10
    assert min(overlaps) >= 5, overlaps


# --- clean_text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\nb\nc\rd", "a\nb\nc\nd"),
        ("\ufeffTitle", "Title"),
        ("Py\u200bthon", "Python"),
        ("Zero\u200c\u200dJoin\u2060er", "ZeroJoiner"),
        ("soft\u00adhyphen", "softhyphen"),
        ("no\u00a0break", "no break"),
        ("ideographic\u3000space", "ideographic space"),
        ("narrow\u202fspace", "narrow space"),
        ("mojibake\u00c2\u00a0space", "mojibake space"),
        ("bell\x07null\x00esc\x1b", "bellnullesc"),
        ("keeps\ttabs\nand lines", "keeps\ttabs\nand lines"),
        ("Zürich 远程", "Zürich 远程"),
    ],
    ids=[
        "crlf",
        "lone-cr",
        "mixed-endings",
        "bom",
        "zero-width-space",
        "joiners",
        "soft-hyphen",
        "no-break-space",
        "ideographic-space",
        "narrow-no-break-space",
        "latin1-mojibake",
        "control-characters",
        "tabs-and-newlines-kept",
        "letters-untouched",
    ],
)
def test_clean_text_removes_what_breaks_matching(text: str, expected: str) -> None:
    assert clean_text(text) == expected


def test_zero_width_characters_do_not_split_tokens() -> None:
    assert tokenize("Ku\u200bber\u200dnetes") == ["kubernetes"]


# --- query synonyms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "related"),
    [
        ("sre", {"devops", "infrastructure"}),
        ("devops", {"sre"}),
        ("ml", {"ai"}),
        ("ai", {"ml", "llm"}),
        ("llm", {"ai", "nlp"}),
        ("nlp", {"llm"}),
        ("pm", {"product"}),
        ("qa", {"test", "testing"}),
        ("dba", {"database", "postgresql"}),
        ("gcp", {"google"}),
        ("aws", {"amazon"}),
    ],
)
def test_expand_synonyms_gives_related_terms(token: str, related: set[str]) -> None:
    assert related <= set(expand_synonyms([token]))


def test_expand_synonyms_excludes_the_query_tokens_themselves() -> None:
    expanded = expand_synonyms(["sre", "devops"])
    assert "sre" not in expanded
    assert "devops" not in expanded


def test_expand_synonyms_has_no_duplicates_and_a_stable_order() -> None:
    expanded = expand_synonyms(["ml", "ai", "llm"])
    assert len(expanded) == len(set(expanded))
    assert expanded == expand_synonyms(["ml", "ai", "llm"])


def test_expand_synonyms_of_unknown_tokens_is_empty() -> None:
    assert expand_synonyms(["zebra", "python"]) == []
    assert expand_synonyms([]) == []


def test_product_manager_question_expands_through_its_phrase_token() -> None:
    assert "product" in expand_synonyms(tokenize_query("product manager"))
