"""Counted nouns in Arabic and English: "نتيجة واحدة", "نتيجتان", "3 نتائج", "11 نتيجة", "100 نتيجة".

Arabic counted nouns agree with the number: 1 takes the singular followed by "one" (واحد/واحدة), 2 the
dual (no digit), 3–10 the plural, 11–99 the singular again (تمييز منصوب), and a round hundred or thousand
the singular (مئة نتيجة). Above 100 the last two digits decide (103 نتائج, 111 نتيجة, 101 نتيجة). The
forms of each noun are data (labels.yaml, group `count`: one, two, few, many in Arabic; one, many in
English); `counted` picks one and writes the number in Western digits, as the rest of the pages do.
"""

from __future__ import annotations

from collections.abc import Mapping


def arabic_form(n: int) -> str:
    """The CLDR-style category of `n` for an Arabic counted noun: zero, one, two, few or many."""
    if n == 0:
        return "zero"
    if n == 1:
        return "one"
    if n == 2:
        return "two"
    if 3 <= n % 100 <= 10:
        return "few"
    return "many"  # 11–99 and 100, 101, 102, 1000…: the singular


def counted(n: int, forms: Mapping[str, str], lang: str = "ar") -> str:
    """`n` with its noun in the agreeing form. `forms` of an Arabic noun: one ("نتيجة واحدة"), two
    ("نتيجتان"), few ("نتائج"), many ("نتيجة"), optional zero (else "0" + many); of an English noun: one,
    many."""
    if lang != "ar":
        return f"{n} {forms['one'] if n == 1 else forms['many']}"
    form = arabic_form(n)
    if form == "zero":
        return forms.get("zero") or f"0 {forms['many']}"
    if form in ("one", "two"):
        return forms[form]
    return f"{n} {forms[form]}"
