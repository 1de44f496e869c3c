"""The grammar of an amount: figures in any digit grouping, units as written, and the currency a
sign or code names (with the families "$", "¥" and "kr" that need context)."""

from __future__ import annotations

import pytest

from index.salary.amounts import currency_of, figure_value, unit_of


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234,567", 1_234_567),
        ("85.000", 85_000),
        ("120'000", 120_000),
        ("25 000", 25_000),
        ("9.999,99", 9_999.99),
        ("2.5", 2.5),
        ("1,5", 1.5),
        ("150", 150),
    ],
)
def test_a_figure_is_read_in_any_digit_grouping(text: str, value: float) -> None:
    assert figure_value(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        (None, ""),
        ("K", "k"),
        ("L", "l"),
        ("Lakhs", "lakh"),
        ("萬", "万"),
        ("MM", "m"),
        ("cr", "crore"),
    ],
)
def test_a_unit_is_named_as_the_multiplier_table_knows_it(written: str | None, unit: str) -> None:
    assert unit_of(written) == unit


@pytest.mark.parametrize(
    ("markers", "unit", "window", "cjk", "currency"),
    [
        (("$", None), "k", "Salary $120k", False, "USD"),
        (("CA$", None), "k", "CA$120k", False, "CAD"),
        (("$", "CAD"), "", "$150,000 CAD", False, "CAD"),
        ((None, "€"), "", "85.000 €", False, "EUR"),
        (("¥", None), "", "月薪 ¥20000", True, "CNY"),
        (("¥", None), "", "年収 ¥8,000,000", True, "JPY"),
        (("¥", None), "", "¥8,000,000 per year", False, "JPY"),
        ((None, None), "lpa", "12 LPA", False, "INR"),
        ((None, None), "万", "月薪 2万", True, "CNY"),
    ],
)
def test_the_currency_a_sign_or_code_names(
    markers: tuple[str | None, ...], unit: str, window: str, cjk: bool, currency: str
) -> None:
    assert currency_of(markers, unit, window, cjk) == currency


@pytest.mark.parametrize(
    ("markers", "window"),
    [
        (("$", "CAD", "$", "USD"), "$150,000 CAD - $180,000 USD"),  # which of the two?
        (("£", "USD"), "£100 USD"),  # a sign and a code that disagree
        (("kr", None), "kr 45 000"),  # which crowns?
        (("$", None), "Gross Annual Pesos Base Salary: $780,000"),  # which pesos?
        ((None, None), "120k"),  # nothing names a currency
    ],
)
def test_unclear_or_conflicting_marks_name_no_currency(
    markers: tuple[str | None, ...], window: str
) -> None:
    assert currency_of(markers, "", window, False) is None
