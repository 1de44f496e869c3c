"""Pay from front matter: the key spellings, shapes and schema.org's baseSalary."""

from __future__ import annotations

import math
from typing import Any

import pytest

from index.salary import (
    Pay,
    pay_from_fields,
)

USD, EUR, GBP, CNY, INR = "USD", "EUR", "GBP", "CNY", "INR"

# --- front matter -----------------------------------------------------------------------------

FIELD_CASES: list[tuple[dict[str, Any], Pay | None]] = [
    ({"salary": "$120k-150k"}, Pay(120_000, 150_000, USD)),
    ({"salary": 120_000}, Pay(120_000, 120_000, USD)),
    ({"salary": "120000"}, Pay(120_000, 120_000, USD)),
    ({"salary": "120k - 150k", "salaryCurrency": "EUR"}, Pay(120_000, 150_000, EUR)),
    (
        {"salaryMin": 100_000, "salaryMax": 130_000, "salaryCurrency": "GBP"},
        Pay(100_000, 130_000, GBP),
    ),
    ({"salary_min": "90k", "salary_max": "110k"}, Pay(90_000, 110_000, USD)),
    ({"salaryMin": 50, "salaryMax": 70, "salaryPeriod": "hourly"}, Pay(50, 70, USD, "hour")),
    (
        {"salary": {"min": 5000, "max": 6000, "currency": "EUR", "period": "month"}},
        Pay(5000, 6000, EUR, "month"),
    ),
    (
        {
            "baseSalary": {
                "currency": "USD",
                "value": {"minValue": 1e5, "maxValue": 1.2e5, "unitText": "YEAR"},
            }
        },
        Pay(100_000, 120_000, USD),
    ),
    ({"compensation": "€5.000 brutto/Monat"}, Pay(5_000, 5_000, EUR, "month")),
    ({"salary": [100_000, 120_000]}, Pay(100_000, 120_000, USD)),
    ({"salary": "$60/hr"}, Pay(60, 60, USD, "hour")),
    (
        {"salary": 5000, "salaryPeriod": "month", "currency": "CHF"},
        Pay(5000, 5000, "CHF", "month"),
    ),
    ({"salary": "₹25 LPA"}, Pay(2_500_000, 2_500_000, INR)),
    ({"salary": "20k-40k RMB/月"}, Pay(20_000, 40_000, CNY, "month")),
    ({"Salary": "$150k"}, Pay(150_000, 150_000, USD)),
    ({"salaryMax": 70_000, "salaryCurrency": "€"}, Pay(None, 70_000, EUR)),
    ({"salary_min": 130_000, "salary_max": 100_000}, Pay(100_000, 130_000, USD)),  # swapped
    ({"pay": 45}, Pay(45, 45, USD, "hour")),
    ({"salary": "Competitive"}, None),
    ({"salary": "DOE"}, None),
    ({"salary": True}, None),
    ({"salary": None}, None),
    ({"salary": 0}, None),
    ({"salary": -5}, None),
    ({"salary": math.nan}, None),
    ({"salary": 10**30}, None),
    ({"salary": 120_000, "salaryCurrency": "XYZ"}, None),  # a currency we cannot check
    ({"salary": "x" * 10_000}, None),
    ({"hashtags": "#a", "jobType": "full-time"}, None),
    ({}, None),
]


@pytest.mark.parametrize(
    ("meta", "expected"), FIELD_CASES, ids=[str(c[0])[:50] for c in FIELD_CASES]
)
def test_pay_is_read_from_front_matter_keys(meta: dict[str, Any], expected: Pay | None) -> None:
    assert pay_from_fields(meta) == expected
