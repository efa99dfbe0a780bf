#!/usr/bin/env python3
"""Regenerates lunar-festivals.txt: 除夕 春节 元宵 端午 七夕 中秋 重阳 (MM-DD) for 2000–2060.

Primary source sxtwl (寿星万年历, as calendar-facts.md names it), cross-checked with lunardate; the
script stops if they disagree anywhere except 2057 重阳 (the new moon falls ~10 s before Beijing
midnight; calendar-facts.md accepts 10-06 or 10-07).
    python3 -m venv .venv && .venv/bin/pip install sxtwl lunardate && .venv/bin/python make_lunar_festivals.py
"""
import datetime
import pathlib
import sys

import sxtwl
from lunardate import LunarDate

FESTIVALS = [(1, 1), (1, 15), (5, 5), (7, 7), (8, 15), (9, 9)]


def sxtwl_date(year, month, day):
    d = sxtwl.fromLunar(year, month, day, False)
    return datetime.date(d.getSolarYear(), d.getSolarMonth(), d.getSolarDay())


lines = []
for year in range(2000, 2061):
    primary = [sxtwl_date(year, m, d) for m, d in FESTIVALS]
    check = [LunarDate(year, m, d, False).toSolarDate() for m, d in FESTIVALS]
    for (m, d), a, b in zip(FESTIVALS, primary, check):
        if a != b and not (year == 2057 and (m, d) == (9, 9)):
            sys.exit(f"{year} {m}/{d}: sxtwl {a} lunardate {b}")
    eve = primary[0] - datetime.timedelta(days=1)
    dates = [eve] + primary
    lines.append(f"{year} " + " ".join(x.strftime("%m-%d") for x in dates))
pathlib.Path(__file__).with_name("lunar-festivals.txt").write_text(
    "# year 除夕 春节 元宵 端午 七夕 中秋 重阳 (sxtwl, cross-checked with lunardate; see make_lunar_festivals.py)\n"
    + "\n".join(lines) + "\n")
print(f"wrote {len(lines)} years")
