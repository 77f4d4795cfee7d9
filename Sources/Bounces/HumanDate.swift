import Foundation
import SMTPCore

/// Dates in the explanation, as a person reads them: "Friday, 4 December 2026, 14:00
/// (UTC+01:00)" or "Freitag, 4. Dezember 2026, 14:00 Uhr (UTC+01:00)".
///
/// Written out by hand instead of with a `DateFormatter`, so that the text is the same on
/// every system whatever its locale data, and the zone is always spelled out: the sender
/// may live in another zone than the server.
enum HumanDate {
    private static let englishDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let germanDays = ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"]
    private static let englishMonths = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]
    private static let germanMonths = [
        "Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November",
        "Dezember",
    ]

    static func format(_ date: Date, timeZone: TimeZone, language: Language) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let year = parts.year ?? 1970
        let month = (parts.month ?? 1) - 1
        let day = parts.day ?? 1
        let weekday = (parts.weekday ?? 1) - 1
        let time = "\(two(parts.hour ?? 0)):\(two(parts.minute ?? 0))"
        let zone = zoneName(timeZone.secondsFromGMT(for: date))
        switch language {
        case .english:
            return "\(englishDays[weekday]), \(day) \(englishMonths[month]) \(year), \(time) (\(zone))"
        case .german:
            return "\(germanDays[weekday]), \(day). \(germanMonths[month]) \(year), \(time) Uhr (\(zone))"
        }
    }

    private static func zoneName(_ seconds: Int) -> String {
        guard seconds != 0 else { return "UTC" }
        let minutes = abs(seconds) / 60
        return "UTC\(seconds < 0 ? "-" : "+")\(two(minutes / 60)):\(two(minutes % 60))"
    }

    private static func two(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
