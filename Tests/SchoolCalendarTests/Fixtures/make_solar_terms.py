#!/usr/bin/env python3
"""Regenerate solar-terms.txt, the 节气 oracle for SolarTermTests.

    python3 -m venv .venv && .venv/bin/pip install sxtwl==2.0.7 ephem==4.2.1
    .venv/bin/python make_solar_terms.py > solar-terms.txt

The dates come from sxtwl (寿星万年历, Beijing time), the primary source named in calendar-facts.md §1.
Each one is cross-checked against ephem: the UT instant at which the Sun's apparent geocentric ecliptic
longitude (ephem's apparent g_ra/g_dec, turned into ecliptic coordinates with the true obliquity of date)
reaches k·15°, shifted to UTC+8. A date on which the two disagree is reported on stderr and the script
exits non-zero, so a disagreement cannot slip into the fixture unnoticed.

    --moments   print every term's ephem instant (UTC, ISO 8601) instead of the fixture, for measuring
                the Swift implementation's error against ephem.
"""

import datetime
import importlib.metadata
import math
import sys

import ephem
import sxtwl

FIRST_YEAR, LAST_YEAR = 2000, 2060

# In Gregorian-year order, from 小寒 (285°); sxtwl's jqIndex 0 is 冬至 (270°), so ours is jqIndex − 1.
NAMES = "小寒 大寒 立春 雨水 惊蛰 春分 清明 谷雨 立夏 小满 芒种 夏至 小暑 大暑 立秋 处暑 白露 秋分 寒露 霜降 立冬 小雪 大雪 冬至".split()
LONGITUDES = [(285 + 15 * i) % 360 for i in range(24)]

J2000 = datetime.datetime(2000, 1, 1, 12)  # JD 2451545.0
BEIJING = datetime.timedelta(hours=8)


def from_jd(jd):
    """A naive datetime for a Julian day number on the same time scale."""
    return J2000 + datetime.timedelta(days=jd - 2451545.0)


def sxtwl_terms(year):
    """sxtwl's 24 terms whose Beijing date falls in `year`: [(index, Beijing datetime)] in date order."""
    found = {}
    for y in (year - 1, year, year + 1):
        for info in sxtwl.getJieQiByYear(y):
            moment = from_jd(info.jd)  # sxtwl's jd is already in Beijing time
            if moment.year == year:
                found[(info.jqIndex - 1) % 24] = moment
    assert sorted(found) == list(range(24)), (year, sorted(found))
    return [(i, found[i]) for i in range(24)]


def true_obliquity(jd_tt):
    """ε = ε0 (IAU 1980) + Δε (IAU 1980 nutation, terms ≥ 0.01″), in radians."""
    t = (jd_tt - 2451545.0) / 36525.0
    eps0 = 84381.448 - 46.8150 * t - 0.00059 * t * t + 0.001813 * t**3
    d = math.radians(297.85036 + 445267.111480 * t)
    m = math.radians(357.52772 + 35999.050340 * t)
    mp = math.radians(134.96298 + 477198.867398 * t)
    f = math.radians(93.27191 + 483202.017538 * t)
    om = math.radians(125.04452 - 1934.136261 * t)
    deps = (
        (92025 + 8.9 * t) * math.cos(om)
        + (5736 - 3.1 * t) * math.cos(-2 * d + 2 * f + 2 * om)
        + (977 - 0.5 * t) * math.cos(2 * f + 2 * om)
        + (-895 + 0.5 * t) * math.cos(2 * om)
        + (54 - 0.1 * t) * math.cos(m)
        + (-7) * math.cos(mp)
        + (224 - 0.6 * t) * math.cos(-2 * d + m + 2 * f + 2 * om)
        + 200 * math.cos(2 * f + om)
        + (129 - 0.1 * t) * math.cos(mp + 2 * f + 2 * om)
        + (-95 + 0.3 * t) * math.cos(-2 * d - m + 2 * f + 2 * om)
    ) * 1e-4
    return math.radians((eps0 + deps) / 3600.0)


def ephem_longitude(date):
    """The Sun's apparent geocentric ecliptic longitude (degrees) at an ephem.Date (UT), per ephem."""
    sun = ephem.Sun()
    sun.compute(date)
    ra, dec = float(sun.g_ra), float(sun.g_dec)  # apparent, true equator and equinox of date
    jd_tt = float(date) + 2415020.0 + ephem.delta_t(date) / 86400.0
    eps = true_obliquity(jd_tt)
    lam = math.atan2(math.sin(ra) * math.cos(eps) + math.tan(dec) * math.sin(eps), math.cos(ra))
    return math.degrees(lam) % 360.0


def ephem_moment(year, index):
    """The UT instant (ephem.Date) at which ephem's apparent solar longitude reaches term `index`."""
    target = LONGITUDES[index]
    date = ephem.Date(datetime.datetime(year, 1, 6)) + index * 15.2184
    for _ in range(50):
        diff = (target - ephem_longitude(ephem.Date(date)) + 180.0) % 360.0 - 180.0
        step = diff / 0.9856
        date += step
        if abs(step) < 1e-8:  # ~1 ms
            return ephem.Date(date)
    raise RuntimeError(f"no convergence for {year} {NAMES[index]}")


def main():
    moments_only = "--moments" in sys.argv[1:]
    lines, problems, max_gap, nearest = [], [], 0.0, []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        days = []
        for index, beijing in sxtwl_terms(year):
            ut = ephem_moment(year, index).datetime()
            if moments_only:
                print(f"{year} {index} {LONGITUDES[index]} {ut.strftime('%Y-%m-%dT%H:%M:%S.%f')}Z")
                continue
            ephem_beijing = ut + BEIJING
            gap = abs((ephem_beijing - beijing).total_seconds())
            max_gap = max(max_gap, gap)
            if ephem_beijing.date() != beijing.date():
                problems.append(f"{year} {NAMES[index]}: sxtwl {beijing} vs ephem {ephem_beijing}")
            since_midnight = (beijing - datetime.datetime.combine(beijing.date(), datetime.time())).total_seconds()
            nearest.append((min(since_midnight, 86400 - since_midnight), year, NAMES[index], beijing))
            days.append(beijing.strftime("%m-%d"))
        lines.append(f"{year} " + " ".join(days))
    if moments_only:
        return
    print("# 24 solar terms (节气) 2000–2060, dates in Beijing time (UTC+8), one line per year:")
    print("# year, then MM-DD of " + " ".join(NAMES))
    versions = {name: importlib.metadata.version(name) for name in ("sxtwl", "ephem")}
    print(f"# From sxtwl {versions['sxtwl']}, cross-checked with ephem {versions['ephem']}; "
          "regenerate with make_solar_terms.py.")
    print("\n".join(lines))
    print(f"max |sxtwl − ephem| = {max_gap:.1f} s", file=sys.stderr)
    for margin, year, name, beijing in sorted(nearest)[:8]:
        print(f"  {margin:7.1f} s from midnight: {year} {name} {beijing}", file=sys.stderr)
    for problem in problems:
        print("DISAGREE " + problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
