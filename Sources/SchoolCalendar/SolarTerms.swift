public import Foundation

/// The 24 solar terms (节气): the instants the Sun's apparent geocentric ecliptic longitude reaches a
/// multiple of 15°, and the Beijing-time (UTC+8) days they fall on.
///
/// Several terms fall within a minute or two of Beijing midnight (per sxtwl: 2021 冬至 at 23:59:09, 2008 小满 at
/// 00:00:53, 2051 春分 at 23:58:25), so a low-precision solar longitude (Meeus ch. 25, ~0.01°, i.e. ~15
/// minutes) puts them on the wrong day. The Sun moves about 1″ of longitude every 24 seconds, so the
/// longitude must be good to well under 1″. This file follows Meeus, *Astronomical Algorithms* (2nd ed.),
/// ch. 25 "higher accuracy" and ch. 22:
///
/// 1. Earth's heliocentric longitude L and radius R from VSOP87D (Bretagnon & Francou 1988), truncated
///    as in Meeus appendix III, in Terrestrial Time (TT). The truncation costs at most ~0.5″ (~11 s).
/// 2. The geometric geocentric longitude Θ = L + 180°, moved from the VSOP87 dynamical frame to FK5
///    (−0.09033″).
/// 3. Nutation in longitude Δψ (IAU 1980, Meeus table 22.A): the true equinox of date wobbles by up to
///    ±17″ (~7 minutes of time) with the Moon's node, so it cannot be left out.
/// 4. Aberration −20.4898″/R: we see the Sun where it was ~8.3 minutes ago, relative to a moving Earth.
/// 5. Newton iteration on TT for the instant λ = k·15°, to a few milliseconds.
/// 6. ΔT = TT − UT from the Espenak–Meeus polynomials (NASA eclipse site, 2006) turns TT into UT.
///    UT1 and UTC differ by under 0.9 s, which is far below the other errors.
///
/// Measured over 2000–2060: the Beijing day of every term matches the sxtwl oracle in SolarTermTests; the
/// instants are within 32 s of ephem 4.2.1 and 40 s of sxtwl, most of it ΔT extrapolation after 2020
/// (sources disagree by up to ~15 s) and ephem's circular-orbit aberration (±0.35″); in TT, with those
/// accounted for, the residual is under 11 s. The closest 2000–2060 term to midnight is 51 s away (2021 冬至).
/// Outside that window a few terms fall within seconds of midnight (1923 雨水, 1951 冬至, 1979 大寒), closer
/// than this method or the libraries can settle; their day is not guaranteed.
public enum SolarTerms {
    /// The 24 names in the order they fall within a Gregorian year, from 小寒 (285°) to 冬至 (270°).
    ///
    /// Term `i` is the Sun at longitude (285 + 15·i) mod 360 degrees: 立春 315°, 春分 0°, 清明 15°, 夏至 90°,
    /// 秋分 180°, 冬至 270°.
    public static let names: [String] = [
        "小寒", "大寒", "立春", "雨水", "惊蛰", "春分", "清明", "谷雨", "立夏", "小满", "芒种", "夏至",
        "小暑", "大暑", "立秋", "处暑", "白露", "秋分", "寒露", "霜降", "立冬", "小雪", "大雪", "冬至",
    ]

    /// The instant (a UTC `Date`) of each of the 24 terms of a Gregorian year, in `names` order.
    ///
    /// `longitude` is the term's apparent solar longitude in whole degrees (小寒 285 … 冬至 270).
    /// Every instant falls in `year` both in UTC and in Beijing time: 小寒 is never before Jan 4 and
    /// 冬至 never after Dec 23.
    public static func moments(year: Int) throws(CalendarError) -> [(name: String, longitude: Int, date: Date)] {
        guard (1900...2100).contains(year) else { throw .yearOutOfRange(year) }
        guard let january6 = LunarFestivals.gregorian.date(from: DateComponents(year: year, month: 1, day: 6)) else {
            throw .computationFailed("solar terms \(year)")
        }
        let january6JD = julianDay(january6)
        var moments: [(name: String, longitude: Int, date: Date)] = []
        for (index, name) in names.enumerated() {
            let longitude = (285 + 15 * index) % 360
            // Mean spacing of the terms is a 24th of a tropical year; the guess is within ~2 days.
            let guess = january6JD + Double(index) * tropicalYear / 24
            guard let jde = crossing(longitude: Double(longitude), near: guess) else {
                throw .computationFailed("\(name) \(year)")
            }
            let jd = jde - deltaT(julianDay: jde) / secondsPerDay
            let date = Date(timeIntervalSince1970: (jd - unixEpochJD) * secondsPerDay)
            guard LunarFestivals.gregorian.component(.year, from: date) == year else {
                throw .computationFailed("\(name) \(year)")
            }
            moments.append((name: name, longitude: longitude, date: date))
        }
        return moments
    }

    /// The 24 terms of a Gregorian year as events (key `solar_term`, the Chinese name, the Beijing day), in
    /// date order.
    public static func terms(year: Int) throws(CalendarError) -> [CalendarEvent] {
        try moments(year: year).map { moment in
            CalendarEvent(key: "solar_term", name: moment.name, date: LunarFestivals.isoDay(moment.date), source: .computed)
        }
    }

    // MARK: - Solving for the crossing

    static let tropicalYear = 365.242_19
    static let secondsPerDay = 86_400.0
    static let unixEpochJD = 2_440_587.5
    static let j2000 = 2_451_545.0

    /// The Julian day (UT) of a `Date`.
    static func julianDay(_ date: Date) -> Double { date.timeIntervalSince1970 / secondsPerDay + unixEpochJD }

    /// The Julian Ephemeris Day (TT) nearest `guess` at which the apparent solar longitude is `longitude`.
    ///
    /// Newton's method with the Sun's mean motion as the derivative: the true rate differs from it by at
    /// most ±3.5% (perihelion, aphelion), so each step shrinks the error ~30-fold and a guess 2 days off
    /// converges to a millisecond in five or six steps. `nil` only if it fails to converge, which would mean
    /// a broken series.
    static func crossing(longitude: Double, near guess: Double) -> Double? {
        let degreesPerDay = 360 / tropicalYear
        var jde = guess
        for _ in 0..<20 {
            let error = (longitude - apparentLongitude(julianEphemerisDay: jde)).remainder(dividingBy: 360)
            let step = error / degreesPerDay
            jde += step
            if abs(step) < 1e-7 { return jde }  // 1e-7 day ≈ 9 ms
        }
        return nil
    }

    // MARK: - Apparent solar longitude

    /// The Sun's apparent geocentric ecliptic longitude in degrees [0, 360), referred to the true equinox
    /// of date, at a Julian Ephemeris Day (TT).
    static func apparentLongitude(julianEphemerisDay jde: Double) -> Double {
        let t = (jde - j2000) / 36_525  // Julian centuries of TT from J2000.0
        let tau = t / 10  // VSOP87 counts Julian millennia
        // 1. Earth's heliocentric longitude and distance (mean ecliptic and equinox of date, VSOP87D).
        let earthLongitude = series(vsop87L, tau) / 1e8  // radians
        let radius = series(vsop87R, tau) / 1e8  // AU
        // 2. The Sun seen from Earth is opposite Earth seen from the Sun; then VSOP87 → FK5.
        var longitude = earthLongitude * 180 / .pi + 180
        longitude += -0.090_33 / 3600
        // 3. Nutation: from the mean to the true equinox of date.
        longitude += nutationInLongitude(centuries: t) / 3600
        // 4. Annual aberration (includes light time for the Sun).
        longitude += -20.4898 / radius / 3600
        let reduced = longitude.truncatingRemainder(dividingBy: 360)
        return reduced < 0 ? reduced + 360 : reduced
    }

    /// One VSOP87 coordinate: Σₙ τⁿ · Σ A·cos(B + C·τ) over the tables for powers n = 0, 1, 2 ….
    static func series(_ tables: [[Term]], _ tau: Double) -> Double {
        var total = 0.0
        var power = 1.0
        for table in tables {
            var sum = 0.0
            for term in table { sum += term.a * cos(term.b + term.c * tau) }
            total += sum * power
            power *= tau
        }
        return total
    }

    /// Nutation in longitude Δψ in arcseconds (IAU 1980 theory, the 63 terms of Meeus table 22.A).
    ///
    /// The arguments are the Moon's mean elongation D, the Sun's and Moon's mean anomalies M and M′, the
    /// Moon's argument of latitude F and the longitude of its ascending node Ω (Meeus 22). The largest term,
    /// −17.20″·sin Ω, has the 18.6-year period of the lunar node.
    static func nutationInLongitude(centuries t: Double) -> Double {
        let radians = Double.pi / 180
        let t2 = t * t
        let t3 = t2 * t
        let d = (297.850_36 + 445_267.111_480 * t - 0.001_914_2 * t2 + t3 / 189_474) * radians
        let m = (357.527_72 + 35_999.050_340 * t - 0.000_160_3 * t2 - t3 / 300_000) * radians
        let mPrime = (134.962_98 + 477_198.867_398 * t + 0.008_697_2 * t2 + t3 / 56_250) * radians
        let f = (93.271_91 + 483_202.017_538 * t - 0.003_682_5 * t2 + t3 / 327_270) * radians
        let omega = (125.044_52 - 1_934.136_261 * t + 0.002_070_8 * t2 + t3 / 450_000) * radians
        var sum = 0.0
        for row in nutation {
            let argument = row.d * d + row.m * m + row.mPrime * mPrime + row.f * f + row.omega * omega
            sum += (row.a + row.b * t) * sin(argument)
        }
        return sum * 1e-4  // the table is in units of 0.0001″
    }

    // MARK: - ΔT

    /// ΔT = TT − UT in seconds at a Julian day, from the Espenak–Meeus polynomials (1900–2150 branches).
    ///
    /// The polynomials fit measured ΔT up to 2005 and extrapolate beyond (~75 s for 2025 against a measured
    /// ~69 s, ~95 s for 2051). An error of a few seconds here moves a term by the same few seconds, which
    /// matters only for a term within seconds of midnight; in 2000–2060 the closest is 51 s away.
    static func deltaT(julianDay jd: Double) -> Double {
        let year = 2000 + (jd - j2000) / 365.25
        switch year {
        case ..<1920:
            let t = year - 1900
            return -2.79 + 1.494_119 * t - 0.059_893_9 * t * t + 0.006_196_6 * pow(t, 3) - 0.000_197 * pow(t, 4)
        case ..<1941:
            let t = year - 1920
            return 21.20 + 0.844_93 * t - 0.076_100 * t * t + 0.002_093_6 * pow(t, 3)
        case ..<1961:
            let t = year - 1950
            return 29.07 + 0.407 * t - t * t / 233 + pow(t, 3) / 2_547
        case ..<1986:
            let t = year - 1975
            return 45.45 + 1.067 * t - t * t / 260 - pow(t, 3) / 718
        case ..<2005:
            let t = year - 2000
            return 63.86 + 0.334_5 * t - 0.060_374 * t * t + 0.001_727_5 * pow(t, 3) + 0.000_651_814 * pow(t, 4)
                + 0.000_023_735_99 * pow(t, 5)
        case ..<2050:
            let t = year - 2000
            return 62.92 + 0.322_17 * t + 0.005_589 * t * t
        default:
            let u = (year - 1820) / 100
            return -20 + 32 * u * u - 0.562_8 * (2150 - year)
        }
    }

    // MARK: - Tables

    /// A VSOP87 periodic term A·cos(B + C·τ): A in 10⁻⁸ radians (or AU), B in radians, C in radians per
    /// Julian millennium.
    typealias Term = (a: Double, b: Double, c: Double)

    /// Earth's heliocentric longitude, VSOP87D truncated as in Meeus appendix III: L0 … L5.
    static let vsop87L: [[Term]] = [
        [
            (175_347_046, 0, 0), (3_341_656, 4.669_256_8, 6_283.075_85), (34_894, 4.626_1, 12_566.151_7),
            (3_497, 2.744_1, 5_753.384_9), (3_418, 2.828_9, 3.523_1), (3_136, 3.627_7, 77_713.771_5),
            (2_676, 4.418_1, 7_860.419_4), (2_343, 6.135_2, 3_930.209_7), (1_324, 0.742_5, 11_506.769_8),
            (1_273, 2.037_1, 529.691), (1_199, 1.109_6, 1_577.343_5), (990, 5.233, 5_884.927),
            (902, 2.045, 26.298), (857, 3.508, 398.149), (780, 1.179, 5_223.694), (753, 2.533, 5_507.553),
            (505, 4.583, 18_849.228), (492, 4.205, 775.523), (357, 2.920, 0.067), (317, 5.849, 11_790.629),
            (284, 1.899, 796.298), (271, 0.315, 10_977.079), (243, 0.345, 5_486.778), (206, 4.806, 2_544.314),
            (205, 1.869, 5_573.143), (202, 2.458, 6_069.777), (156, 0.833, 213.299), (132, 3.411, 2_942.463),
            (126, 1.083, 20.775), (115, 0.645, 0.980), (103, 0.636, 4_694.003), (102, 0.976, 15_720.839),
            (102, 4.267, 7.114), (99, 6.21, 2_146.17), (98, 0.68, 155.42), (86, 5.98, 161_000.69),
            (85, 1.30, 6_275.96), (85, 3.67, 71_430.70), (80, 1.81, 17_260.15), (79, 3.04, 12_036.46),
            (75, 1.76, 5_088.63), (74, 3.50, 3_154.69), (74, 4.68, 801.82), (70, 0.83, 9_437.76),
            (62, 3.98, 8_827.39), (61, 1.82, 7_084.90), (57, 2.78, 6_286.60), (56, 4.39, 14_143.50),
            (56, 3.47, 6_279.55), (52, 0.19, 12_139.55), (52, 1.33, 1_748.02), (51, 0.28, 5_856.48),
            (49, 0.49, 1_194.45), (41, 5.37, 8_429.24), (41, 2.40, 19_651.05), (39, 6.17, 10_447.39),
            (37, 6.04, 10_213.29), (37, 2.57, 1_059.38), (36, 1.71, 2_352.87), (36, 1.78, 6_812.77),
            (33, 0.59, 17_789.85), (30, 0.44, 83_996.85), (30, 2.74, 1_349.87), (25, 3.16, 4_690.48),
        ],
        [
            (628_331_966_747, 0, 0), (206_059, 2.678_235, 6_283.075_85), (4_303, 2.635_1, 12_566.151_7),
            (425, 1.590, 3.523), (119, 5.796, 26.298), (109, 2.966, 1_577.344), (93, 2.59, 18_849.23),
            (72, 1.14, 529.69), (68, 1.87, 398.15), (67, 4.41, 5_507.55), (59, 2.89, 5_223.69),
            (56, 2.17, 155.42), (45, 0.40, 796.30), (36, 0.47, 775.52), (29, 2.65, 7.11), (21, 5.34, 0.98),
            (19, 1.85, 5_486.78), (19, 4.97, 213.30), (17, 2.99, 6_275.96), (16, 0.03, 2_544.31),
            (16, 1.43, 2_146.17), (15, 1.21, 10_977.08), (12, 2.83, 1_748.02), (12, 3.26, 5_088.63),
            (12, 5.27, 1_194.45), (12, 2.08, 4_694.00), (11, 0.77, 553.57), (10, 1.30, 6_286.60),
            (10, 4.24, 1_349.87), (9, 2.70, 242.73), (9, 5.64, 951.72), (8, 5.30, 2_352.87),
            (6, 2.65, 9_437.76), (6, 4.67, 4_690.48),
        ],
        [
            (52_919, 0, 0), (8_720, 1.072_1, 6_283.075_8), (309, 0.867, 12_566.152), (27, 0.05, 3.52),
            (16, 5.19, 26.30), (16, 3.68, 155.42), (10, 0.76, 18_849.23), (9, 2.06, 77_713.77),
            (7, 0.83, 775.52), (5, 4.66, 1_577.34), (4, 1.03, 7.11), (4, 3.44, 5_573.14), (3, 5.14, 796.30),
            (3, 6.05, 5_507.55), (3, 1.19, 242.73), (3, 6.12, 529.69), (3, 0.31, 398.15), (3, 2.28, 553.57),
            (2, 4.38, 5_223.69), (2, 3.75, 0.98),
        ],
        [
            (289, 5.844, 6_283.076), (35, 0, 0), (17, 5.49, 12_566.15), (3, 5.20, 155.42), (1, 4.72, 3.52),
            (1, 5.30, 18_849.23), (1, 5.97, 242.73),
        ],
        [(114, 3.142, 0), (8, 4.13, 6_283.08), (1, 3.84, 12_566.15)],
        [(1, 3.14, 0)],
    ]

    /// Earth's distance from the Sun in AU, VSOP87D truncated as in Meeus appendix III: R0 … R4. Only the
    /// aberration uses it, so 10⁻⁵ AU would already do.
    static let vsop87R: [[Term]] = [
        [
            (100_013_989, 0, 0), (1_670_700, 3.098_463_5, 6_283.075_85), (13_956, 3.055_25, 12_566.151_7),
            (3_084, 5.198_5, 77_713.771_5), (1_628, 1.173_9, 5_753.384_9), (1_576, 2.846_9, 7_860.419_4),
            (925, 5.453, 11_506.770), (542, 4.564, 3_930.210), (472, 3.661, 5_884.927), (346, 0.964, 5_507.553),
            (329, 5.900, 5_223.694), (307, 0.299, 5_573.143), (243, 4.273, 11_790.629), (212, 5.847, 1_577.344),
            (186, 5.022, 10_977.079), (175, 3.012, 18_849.228), (110, 5.055, 5_486.778), (98, 0.89, 6_069.78),
            (86, 5.69, 15_720.84), (86, 1.27, 161_000.69), (65, 0.27, 17_260.15), (63, 0.92, 529.69),
            (57, 2.01, 83_996.85), (56, 5.24, 71_430.70), (49, 3.25, 2_544.31), (47, 2.58, 775.52),
            (45, 5.54, 9_437.76), (43, 6.01, 6_275.96), (39, 5.36, 4_694.00), (38, 2.39, 8_827.39),
            (37, 0.83, 19_651.05), (37, 4.90, 12_139.55), (36, 1.67, 12_036.46), (35, 1.84, 2_942.46),
            (33, 0.24, 7_084.90), (32, 0.18, 5_088.63), (32, 1.78, 398.15), (28, 1.21, 6_286.60),
            (28, 1.90, 6_279.55), (26, 4.59, 10_447.39),
        ],
        [
            (103_019, 1.107_49, 6_283.075_85), (1_721, 1.064_4, 12_566.151_7), (702, 3.142, 0),
            (32, 1.02, 18_849.23), (31, 2.84, 5_507.55), (25, 1.32, 5_223.69), (18, 1.42, 1_577.34),
            (10, 5.91, 10_977.08), (9, 1.42, 6_275.96), (9, 0.27, 5_486.78),
        ],
        [
            (4_359, 5.784_6, 6_283.075_8), (124, 5.579, 12_566.152), (12, 3.14, 0), (9, 3.63, 77_713.77),
            (6, 1.87, 5_573.14), (3, 5.47, 18_849.23),
        ],
        [(145, 4.273, 6_283.076), (7, 3.92, 12_566.15)],
        [(4, 2.56, 6_283.08)],
    ]

    /// One row of the IAU 1980 nutation series: multiples of D, M, M′, F, Ω and the coefficient
    /// (a + b·T) of sin(argument) in Δψ, in units of 0.0001″.
    typealias NutationRow = (d: Double, m: Double, mPrime: Double, f: Double, omega: Double, a: Double, b: Double)

    /// The IAU 1980 nutation in longitude (Meeus table 22.A, all 63 rows; the obliquity columns are not needed).
    static let nutation: [NutationRow] = [
        (0, 0, 0, 0, 1, -171_996, -174.2), (-2, 0, 0, 2, 2, -13_187, -1.6), (0, 0, 0, 2, 2, -2_274, -0.2),
        (0, 0, 0, 0, 2, 2_062, 0.2), (0, 1, 0, 0, 0, 1_426, -3.4), (0, 0, 1, 0, 0, 712, 0.1),
        (-2, 1, 0, 2, 2, -517, 1.2), (0, 0, 0, 2, 1, -386, -0.4), (0, 0, 1, 2, 2, -301, 0),
        (-2, -1, 0, 2, 2, 217, -0.5), (-2, 0, 1, 0, 0, -158, 0), (-2, 0, 0, 2, 1, 129, 0.1),
        (0, 0, -1, 2, 2, 123, 0), (2, 0, 0, 0, 0, 63, 0), (0, 0, 1, 0, 1, 63, 0.1), (2, 0, -1, 2, 2, -59, 0),
        (0, 0, -1, 0, 1, -58, -0.1), (0, 0, 1, 2, 1, -51, 0), (-2, 0, 2, 0, 0, 48, 0), (0, 0, -2, 2, 1, 46, 0),
        (2, 0, 0, 2, 2, -38, 0), (0, 0, 2, 2, 2, -31, 0), (0, 0, 2, 0, 0, 29, 0), (-2, 0, 1, 2, 2, 29, 0),
        (0, 0, 0, 2, 0, 26, 0), (-2, 0, 0, 2, 0, -22, 0), (0, 0, -1, 2, 1, 21, 0), (0, 2, 0, 0, 0, 17, -0.1),
        (2, 0, -1, 0, 1, 16, 0), (-2, 2, 0, 2, 2, -16, 0.1), (0, 1, 0, 0, 1, -15, 0), (-2, 0, 1, 0, 1, -13, 0),
        (0, -1, 0, 0, 1, -12, 0), (0, 0, 2, -2, 0, 11, 0), (2, 0, -1, 2, 1, -10, 0), (2, 0, 1, 2, 2, -8, 0),
        (0, 1, 0, 2, 2, 7, 0), (-2, 1, 1, 0, 0, -7, 0), (0, -1, 0, 2, 2, -7, 0), (2, 0, 0, 2, 1, -7, 0),
        (2, 0, 1, 0, 0, 6, 0), (-2, 0, 2, 2, 2, 6, 0), (-2, 0, 1, 2, 1, 6, 0), (2, 0, -2, 0, 1, -6, 0),
        (2, 0, 0, 0, 1, -6, 0), (0, -1, 1, 0, 0, 5, 0), (-2, -1, 0, 2, 1, -5, 0), (-2, 0, 0, 0, 1, -5, 0),
        (0, 0, 2, 2, 1, -5, 0), (-2, 0, 2, 0, 1, 4, 0), (-2, 1, 0, 2, 1, 4, 0), (0, 0, 1, -2, 0, 4, 0),
        (-1, 0, 1, 0, 0, -4, 0), (-2, 1, 0, 0, 0, -4, 0), (1, 0, 0, 0, 0, -4, 0), (0, 0, 1, 2, 0, 3, 0),
        (0, 0, -2, 2, 2, -3, 0), (-1, -1, 1, 0, 0, -3, 0), (0, 1, 1, 0, 0, -3, 0), (0, -1, 1, 2, 2, -3, 0),
        (2, -1, -1, 2, 2, -3, 0), (0, 0, 3, 2, 2, -3, 0), (2, -1, 0, 2, 2, -3, 0),
    ]
}

extension SolarTerms {
    /// 清明 as a festival: key `qingming`, the day the Sun reaches 15°.
    public static func qingming(year: Int) throws(CalendarError) -> CalendarEvent {
        guard let term = try terms(year: year).first(where: { $0.name == "清明" }) else {
            throw .computationFailed("清明 \(year)")
        }
        return CalendarEvent(key: "qingming", name: "清明节", date: term.date, source: .computed)
    }

    /// 清明's day in April (4 or 5 in 1900–2100), for the provisional holiday schedule.
    public static func qingmingDay(year: Int) -> Int {
        guard let event = try? qingming(year: year), let day = Int(event.date.suffix(2)) else {
            return ProvisionalHolidays.approximateQingming(year)
        }
        return day
    }
}
