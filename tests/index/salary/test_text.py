"""Pay from a posting's text: the formats real ads use, the numbers that are not pay, and the
whole corpus (skipped where it is absent). Every fixture is a short string written for this test,
shaped like the corpus's formats.
"""

from __future__ import annotations

import pytest

from index import load_postings
from index.salary import (
    Pay,
    label,
    pay_from_fields,
    pay_from_text,
)
from tests.support.paths import CORPUS

USD, EUR, GBP, CNY, INR = "USD", "EUR", "GBP", "CNY", "INR"

# (text in the posting's body, the pay it states)
TEXT_CASES: list[tuple[str, Pay]] = [
    # The brief's formats.
    ("Compensation: $150K minimum, plus equity.", Pay(150_000, None, USD)),
    ("Gehalt: €85.000 – €105.000 je nach Erfahrung.", Pay(85_000, 105_000, EUR)),
    ("We pay $120-150k/year for this role.", Pay(120_000, 150_000, USD)),
    ("Salary: 150k-180k USD", Pay(150_000, 180_000, USD)),
    ("£60,000 - £75,000 per annum", Pay(60_000, 75_000, GBP)),
    ("The range is USD 140,000–180,000 depending on level.", Pay(140_000, 180_000, USD)),
    ("Contract role, $60/hr, 6 months.", Pay(60, 60, USD, "hour")),
    ("Wir bieten €5.000 brutto/Monat.", Pay(5_000, 5_000, EUR, "month")),
    ("Salary: CHF 120'000", Pay(120_000, 120_000, "CHF")),
    ("Package: ₹25 LPA fixed", Pay(2_500_000, 2_500_000, INR)),
    ("薪资待遇：¥500万", Pay(5_000_000, 5_000_000, CNY)),
    ("薪水 20k-40k RMB/月", Pay(20_000, 40_000, CNY, "month")),
    ("月薪 2-4万，五险一金", Pay(20_000, 40_000, CNY, "month")),
    # Ranges, separators and units.
    ("Comp: €90k–€110k + equity.", Pay(90_000, 110_000, EUR)),
    ("Senior Rails engineer, up to €78k.", Pay(None, 78_000, EUR)),
    ("CDI : 45-60K€ selon profil", Pay(45_000, 60_000, EUR)),
    ("Freelance : 320-450€/j", Pay(320, 450, EUR, "day")),
    ("Salary- 12 LPA to 22 LPA", Pay(1_200_000, 2_200_000, INR)),
    ("The salary range is 20 to 45 lakhs INR per annum (Gross)", Pay(2_000_000, 4_500_000, INR)),
    ("Comp: ₹40L–₹70L base + ESOPs", Pay(4_000_000, 7_000_000, INR)),
    ("Comp: ₹40–60L + ESOPs", Pay(4_000_000, 6_000_000, INR)),
    (
        "The base compensation range for this role is INR 6,837,709 \\- INR 8,205,251.",
        Pay(6_837_709, 8_205_251, INR),
    ),
    ("`💰 USD $136,000~$174,000` `🌎 Remote US`", Pay(136_000, 174_000, USD)),
    ("`💰 $165,000 CAD - $247,000 CAD`", Pay(165_000, 247_000, "CAD")),
    ("Canada residents: CA$108,000-CA$162,000/year", Pay(108_000, 162_000, "CAD")),
    ("Salário: R$ 9.999,99/month", Pay(10_000, 10_000, "BRL", "month")),
    ("`💰 21 250 - 25 000 PLN gross/monthly`", Pay(21_250, 25_000, "PLN", "month")),
    ("Base compensation range is SEK 738,518 - SEK 923,148.", Pay(738_518, 923_148, "SEK")),
    ("薪资:40000 ~ 60000 RMB", Pay(40_000, 60_000, CNY, "month")),
    ("## 薪资福利待遇\n15k-30k\n## 地点", Pay(15_000, 30_000, CNY, "month")),
    ("底薪20-30k，远程", Pay(20_000, 30_000, CNY, "month")),
    ("## 薪资福利待遇\n3000U-4000U\n", Pay(3_000, 4_000, USD, "month")),
    ("薪资参考 40w~70w", Pay(400_000, 700_000, CNY)),
    ("年收 800万円〜1200万円", Pay(8_000_000, 12_000_000, "JPY")),
    ("Salary: ¥8,000,000 – ¥12,000,000 per year", Pay(8_000_000, 12_000_000, "JPY")),
    ("The rate for this role is $100 per hour.", Pay(100, 100, USD, "hour")),
    ("`💰 $145-155k annually`", Pay(145_000, 155_000, USD)),
    ("Salary:$100k", Pay(100_000, 100_000, USD)),
    ("`💰 €25.5K EUR/yr`", Pay(25_500, 25_500, EUR)),
    ("Estimated annual salary of $171,000 \\- $209,000", Pay(171_000, 209_000, USD)),
    ("Base Salary：1200 USDT/月", Pay(1_200, 1_200, USD, "month")),
    ("## Salary and Benefits\nHKD 35K+ for junior", Pay(35_000, None, "HKD", "month")),
    ("The salary for this position is RM11,702 in Malaysia.", Pay(11_702, 11_702, "MYR", "month")),
    ("Rémunération : 40 000 € brut annuel", Pay(40_000, 40_000, EUR)),
    ("Votre rémunération se situe entre 45 K€ et 56 K€.", Pay(45_000, 56_000, EUR)),
    ("Research residency | 100-200k chf/annum", Pay(100_000, 200_000, "CHF")),
    ("$4,000 - $10,000 per month (Gross in USD)", Pay(4_000, 10_000, USD, "month")),
    ("`💰 $121,500/yr - $199,500/yr`", Pay(121_500, 199_500, USD)),
    ("The range is **$111,000/year** to **$185,000/year**.", Pay(111_000, 185_000, USD)),
    ("`💰 US$52/hour to US$75/hour`", Pay(52, 75, USD, "hour")),
    ("Salary: $154-190,000 DOE", Pay(154_000, 190_000, USD)),
    ("`💰 R$327,000-$385,000`", Pay(327_000, 385_000, "BRL")),
    ("**Compensation** : 115,000 - 192,000 PHP/Month", Pay(115_000, 192_000, "PHP", "month")),
    ("A salary between 40,000 and 55,000 euros gross.", Pay(40_000, 55_000, EUR)),
    (
        "Net Salary (Sueldo liquido): $3.100.000 CLP - $3.900.000 CLP",
        Pay(3_100_000, 3_900_000, "CLP", "month"),
    ),
    ("Pay is an annual salary of _$135,000._", Pay(135_000, 135_000, USD)),
    ("Note: the wide hourly rate ($22 - $70/hr) reflects expertise.", Pay(22, 70, USD, "hour")),
    ("Starts ~30h/week ($750/week + bonuses)", Pay(750, 750, USD, "week")),
    ("Rates: USD 45–55/hr", Pay(45, 55, USD, "hour")),
    ("Salary range: $2.500 - $3.700 per month", Pay(2_500, 3_700, USD, "month")),
    ("Salary from €100,000+ for staff engineers", Pay(100_000, None, EUR)),
    ("Salary: 2500-3500 USD Monthly", Pay(2_500, 3_500, USD, "month")),
    ("Full-Stack Engineers | $120k - $220k + Equity", Pay(120_000, 220_000, USD)),
    ("What we offer: $145-200k. Small team.", Pay(145_000, 200_000, USD)),
    ("Wynagrodzenie: 13 650 - 24 150 PLN", Pay(13_650, 24_150, "PLN", "month")),
    ("$130K–$175K + equity + benefits", Pay(130_000, 175_000, USD)),
    ("Zone A: USD $198,000 - USD $297,000\nZone B: USD $188,100", Pay(198_000, 297_000, USD)),
    ("A salary range of $110,000-$150,000(AUD) + super", Pay(110_000, 150_000, "AUD")),
    ("The salary range is $85,000k - $120,000k/ year, plus bonus", Pay(85_000, 120_000, USD)),
    ("The average base salary range for this role is $90k-$110,000 USD", Pay(90_000, 110_000, USD)),
    ("[上海] 诚聘 零知识证明工程师 薪水 5000-15000 USD", Pay(5_000, 15_000, USD, "month")),
    ("薪资福利待遇\nbase 5-10 K/月 U+年终", Pay(5_000, 10_000, USD, "month")),
    ("薪资范围：20K-30K/月\n\n发薪方式：以USDT形式结算", Pay(20_000, 30_000, CNY, "month")),
    ("薪水 5-15K U/m", Pay(5_000, 15_000, USD, "month")),
    ("- 时薪制，$15/小时起步，具体薪资面议", Pay(15, None, USD, "hour")),
    ("## 薪资福利待遇\n400-700 U/月\n有转正机会", Pay(400, 700, USD, "month")),
    ("**Salary** : 129,000 - 165,000 Euro", Pay(129_000, 165_000, EUR)),
    ("Salary: 234,000 - 300,000 BRL", Pay(234_000, 300_000, "BRL")),
    ("Comp: MXN 836,400 - MXN 1,100,000", Pay(836_400, 1_100_000, "MXN")),
]

# Texts with numbers that are not a salary.
NOT_PAY: list[str] = [
    "We raised $20M Series B from great investors.",
    "Growing fast after the $2B valuation last year.",
    "We hit $1M ARR in six months.",
    "401k match up to 4% of your salary.",
    "You would join a team of 50 engineers.",
    "Our platform serves 10k users daily.",
    "Trusted by 100K+ customers worldwide.",
    "Founded in 2024 in Berlin.",
    "Call us at +1 (415) 555-1234 or visit 94103.",
    "Requires PHP 8.1 and Python 3.11.",
    "JumpCloud has raised over $400M from world-class investors.",
    "Learning budget — $3,000 per year for coaching and courses.",
    "€40 Monthly remote work stipend",
    "£200 per annum employee wellbeing allowance",
    "Benefits: £5k L+D budget, gym.",
    "77 million Americans work for an hourly wage. Their median income is $34,142.",
    "We surpassed $2B in revenue in our last fiscal year.",
    "Monthly event credits ($1,200/yr)",
    "We are solving the $16B heart failure problem.",
    "We ship 10x faster than last year.",
    "A $10,000 signing bonus for this role.",
    "Bonus: 5% of salary",
    "Customers trust us with $50 billion in assets.",
    "RM1,500 Monthly Allowance + RM150 Parking Allowance",
    "Annual bonus target: $10,000",
    "Quick hits: 275 employees, $80M in Funding.",
    "UTAC has a revenue of €652M.",
    "已完成 1000万美元的投资",
    "Plans start at $99/month.",
    "Health Insurance of up to 7 lacs for self and family.",
    "Annual maximum is $3,200 for health care.",
    "Salary 150K-190K",  # no currency: unclear, so nothing
    "Released 2023-11-01 as v2.4.1 at 9:00.",
    "We process $5,000,000 in payments every day.",
    "Series A ($12M) led by a16z.",
    "We have saved our average member over $16,000 annually in taxes.",
    "A customer signs an $800K contract.",
    "Up to 15 months salary/year, 18 days leave.",
    "Competitive salary, 401(k), web3 tooling, c++20.",
    "Our 2M+ users love it.",
    "Deals from SMB to mid-market (€10k–€200k ARR)",
    "Uncapped provides business advances of between £10k and £5m.",
    "* Manage projects valued at $100k+",
    "Many clients spend $500K+/year with us.",
    "Hours: 5:00am-1:30pm. $10,000 sign on bonus & $10,000 student loan forgiveness",
    "In the US, we spend an average of over $12,500 per person each year on healthcare.",
    "The allowance for this position is RM2,250 (RM1,500 Monthly Allowance)",
    "Quarterly travel budget of $5,000 and marketing budget of $15,000.",
    "Gross Annual Pesos Base Salary Range: $780,000.00 - $1,080,000.00",
]


@pytest.mark.parametrize(("body", "expected"), TEXT_CASES, ids=[c[0][:40] for c in TEXT_CASES])
def test_pay_is_read_from_the_formats_postings_use(body: str, expected: Pay) -> None:
    assert pay_from_text("Engineer", "", body) == expected


@pytest.mark.parametrize("body", NOT_PAY, ids=[t[:40] for t in NOT_PAY])
def test_numbers_that_are_not_pay_give_none(body: str) -> None:
    assert pay_from_text("Engineer", "", body) is None


def test_the_title_is_read_first_then_the_summary_then_the_body() -> None:
    title = "Acme | Senior Engineer | Remote | $140k to $175k base + Equity"
    body = "Salary: $100,000 - $120,000"
    assert pay_from_text(title, "Salary: $90k", body) == Pay(140_000, 175_000, USD)
    assert pay_from_text("Engineer", "Salary: $90k", body) == Pay(90_000, 90_000, USD)
    assert pay_from_text("Engineer", "", body) == Pay(100_000, 120_000, USD)


def test_a_header_line_of_fields_needs_no_pay_word() -> None:
    summary = "Neuronostics | Senior Engineer | Python | Bristol, UK (Hybrid) | up-to £60K"
    assert pay_from_text("Senior Engineer", summary, "") == Pay(None, 60_000, GBP)
    assert pay_from_text("EPA | Director | $176k+ | Onsite", "", "") == Pay(176_000, None, USD)


def test_the_first_convincing_statement_wins_after_funding_and_perks() -> None:
    body = (
        "We raised $20M in 2023 and pay a $2,000 home office budget.\n\n"
        "Salary: $130,000 - $160,000 plus a $5k learning budget."
    )
    assert pay_from_text("Engineer", "", body) == Pay(130_000, 160_000, USD)


def test_conflicting_currencies_and_crowns_without_a_code_give_none() -> None:
    assert pay_from_text("x", "", "Salary: $150,000 CAD - $180,000 USD") is None
    assert pay_from_text("x", "", "Salary: 500 000 kr per year") is None
    assert pay_from_text("x", "", "Salary: SEK 600 000 kr per year") == Pay(600_000, 600_000, "SEK")


def test_empty_and_odd_text_gives_none() -> None:
    assert pay_from_text("", "", "") is None
    assert pay_from_text("$", "€€€", "$$$ 0 $0/yr - $0/yr ¥") is None
    assert pay_from_text("x", "", "$" + "9" * 400) is None


def test_a_long_body_full_of_figures_is_no_pay_and_a_salary_after_it_is_found() -> None:
    """20k characters of money-like noise (a pattern that backtracked badly would hang here) hold
    no pay, and a salary stated after the noise is still read."""
    noise = "USD 1,2 $3. €4 5k 6 7L - 8,9 to 10 | 11/yr " * 450
    assert pay_from_text(noise[:500], noise[:2000], noise[:20_000]) is None
    body = noise[:20_000] + "\n\nSalary: $120,000 - $150,000 per year."
    assert pay_from_text("", "", body) == Pay(120_000, 150_000, USD)


# --- the real corpus --------------------------------------------------------------------------

# Measured on the 12,102 postings: 3,594 (29.7%) state pay in their text; none has a pay key.
FOUND_SHARE = (0.26, 0.34)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
def test_the_corpus_gives_sane_pay_for_a_known_share_of_postings() -> None:
    postings = load_postings(CORPUS, include_archived=True).postings
    assert len(postings) > 10_000
    found = profiles = 0
    for posting in postings:
        assert pay_from_fields(posting.extra) is None, posting.id  # the corpus has no pay keys
        pay = pay_from_text(posting.title, posting.summary, posting.body)
        if pay is None:
            continue
        found += 1
        assert pay.min is not None or pay.max is not None
        if pay.min is not None and pay.max is not None:
            assert pay.min <= pay.max, posting.id
        for annual in (pay.annual_min, pay.annual_max):
            if annual is not None:
                assert 1_000 <= annual <= 400_000_000, (posting.id, pay)  # ¥ and ₹ included
        assert label(pay)
        profiles += posting.id.startswith("remoteintech/")
    share = found / len(postings)
    assert FOUND_SHARE[0] <= share <= FOUND_SHARE[1], share
    assert profiles <= 5  # the 882 company profiles are no job ads: next to no pay in them
