"""Pay: what a posting pays (from its front matter or its text) and what a question asks for.

Postings state pay in a hundred ways — "$120-150k/year", "€85.000 – €105.000", "CHF 120'000",
"₹25 LPA", "月薪 2-4万", "20k-40k RMB/月" — and mention many amounts that are not pay at all:
funding ("raised $20M"), revenue, budgets and stipends, "401k", headcounts. The reader here is
tuned for precision: an amount counts only with a currency (or a unit that implies one: lakh, 万),
inside sane bounds for that currency, and with something that says it is pay (a pay word before
it, a stated period, a range of full figures, a header line) and nothing that says it is not
(a funding or perk word in the same clause). When unsure it says nothing: a wrong salary on a
card is worse than none.

Questions go through `parse_pay_ask`, which takes the pay request out of the question so its
figures never become search words ("python over 150k" searches "python").

Currencies are ISO codes. The modules, in the order a reader meets them: `pay` (the values and
the rough exchange table), `amounts` (the grammar of an amount, shared), `text` (a posting's text),
`fields` (its front matter), `asks` (a question), `labels` (cards).
"""

from index.salary.asks import parse_pay_ask
from index.salary.fields import pay_from_fields
from index.salary.labels import ask_label, label
from index.salary.pay import ANNUAL_FACTOR, Pay, PayAsk, Period
from index.salary.text import pay_from_text

__all__ = [
    "ANNUAL_FACTOR",
    "Pay",
    "PayAsk",
    "Period",
    "ask_label",
    "label",
    "parse_pay_ask",
    "pay_from_fields",
    "pay_from_text",
]
