import Foundation
import Synchronization

/// The `date-time` of RFC 5322 §3.3, as used in `Date:` and `Received:` fields:
/// `Sun, 29 Nov 2026 01:42:59 +0000`.
///
/// The calendar arithmetic is done by hand rather than with `DateFormatter`, because the
/// field must use English day and month names and a numeric zone whatever the process
/// locale is, and because a formatter is neither cheap nor obviously thread-safe.
///
/// - SeeAlso: RFC 5322 §3.3 (`date-time`, `zone`), RFC 5321 §4.4 (the Received: date).
public enum RFC5322Date {
    private static let dayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// Formats `date` as seen in `timeZone`, with the zone as a numeric offset.
    ///
    /// Fractions of a second are dropped (the grammar has none). A zone offset that is not
    /// a whole number of minutes (historical local mean time) is cut to whole minutes, and
    /// the printed time follows the printed offset so that the two stay consistent.
    public static func format(_ date: Date, timeZone: TimeZone = .current) -> String {
        words(date, timeZone: timeZone).joined(separator: " ")
    }

    /// The words of ``format(_:timeZone:)``, `["Sun,", "29", "Nov", "2026", "01:42:59", "+0000"]`:
    /// the places a header field may be folded.
    static func words(_ date: Date, timeZone: TimeZone = .current) -> [String] {
        let utcSeconds = Int64(date.timeIntervalSince1970.rounded(.down))
        if let last = lastFormatted.withLock({ $0 }), last.second == utcSeconds, last.timeZone == timeZone { return last.words }
        let words = words(utcSeconds: utcSeconds, offsetMinutes: timeZone.secondsFromGMT(for: date) / 60)
        lastFormatted.withLock { $0 = (utcSeconds, timeZone, words) }
        return words
    }

    /// The last second formatted, with its zone: a server stamps every message it accepts,
    /// many in the same second, and asking a named zone for its offset is the dearest part.
    /// A zone's offset changes only at whole seconds, so the words hold for the whole second.
    private static let lastFormatted = Mutex<(second: Int64, timeZone: TimeZone, words: [String])?>(nil)

    private static func words(utcSeconds: Int64, offsetMinutes: Int) -> [String] {
        let localSeconds = utcSeconds + Int64(offsetMinutes) * 60
        let days = floorDivision(localSeconds, 86_400)
        let secondOfDay = Int(localSeconds - days * 86_400)
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        // 1970-01-01 was a Thursday (index 4).
        let weekday = Int(((days % 7) + 7 + 4) % 7)

        let sign = offsetMinutes < 0 ? "-" : "+"
        let absoluteOffset = abs(offsetMinutes)
        return [
            dayNames[weekday] + ",", pad(day, 2), monthNames[month - 1], pad(Int(year), 4),
            "\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))",
            sign + pad(absoluteOffset / 60, 2) + pad(absoluteOffset % 60, 2),
        ]
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> Int64 {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }

    /// The proleptic Gregorian date for a day count since 1970-01-01 (Howard Hinnant's
    /// `civil_from_days`), valid far beyond any date a mail server will see.
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = floorDivision(shifted, 146_097)
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = Int(dayOfYear - (153 * monthIndex + 2) / 5 + 1)
        let month = Int(monthIndex < 10 ? monthIndex + 3 : monthIndex - 9)
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
