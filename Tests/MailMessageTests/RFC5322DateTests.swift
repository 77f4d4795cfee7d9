import Foundation
import Testing

@testable import MailMessage

@Suite("RFC 5322 §3.3 dates")
struct RFC5322DateTests {
    @Test("formats fixed instants in fixed zones", arguments: [
        (1_795_916_579.0, 0, "Sun, 29 Nov 2026 01:42:59 +0000"),
        (0.0, 0, "Thu, 01 Jan 1970 00:00:00 +0000"),
        (-1.0, 0, "Wed, 31 Dec 1969 23:59:59 +0000"),
        (1_709_164_800.0, 0, "Thu, 29 Feb 2024 00:00:00 +0000"),
        (1_795_916_579.0, 2 * 3600, "Sun, 29 Nov 2026 03:42:59 +0200"),
        (1_795_916_579.0, -5 * 3600, "Sat, 28 Nov 2026 20:42:59 -0500"),
        (1_795_916_579.0, 5 * 3600 + 1800, "Sun, 29 Nov 2026 07:12:59 +0530"),
        (1_795_916_579.0, -(9 * 3600 + 30 * 60), "Sat, 28 Nov 2026 16:12:59 -0930"),
        (4_102_444_799.0, 14 * 3600, "Fri, 01 Jan 2100 13:59:59 +1400"),
    ])
    func fixed(seconds: Double, offset: Int, expected: String) throws {
        let zone = try #require(TimeZone(secondsFromGMT: offset))
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: seconds), timeZone: zone) == expected)
    }

    @Test("drops fractions of a second instead of rounding into the next second")
    func fractions() throws {
        let zone = try #require(TimeZone(secondsFromGMT: 0))
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 59.999), timeZone: zone) == "Thu, 01 Jan 1970 00:00:59 +0000")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: -0.5), timeZone: zone) == "Wed, 31 Dec 1969 23:59:59 +0000")
    }

    @Test("follows daylight saving time of a named zone")
    func namedZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_782_734_400), timeZone: berlin) == "Mon, 29 Jun 2026 14:00:00 +0200")
        #expect(RFC5322Date.format(Date(timeIntervalSince1970: 1_795_916_579), timeZone: berlin) == "Sun, 29 Nov 2026 02:42:59 +0100")
    }

    @Test("the same second in different zones, and the seconds around a change of offset, each in its own words")
    func sameSecondOtherZone() throws {
        let berlin = try #require(TimeZone(identifier: "Europe/Berlin"))
        let utc = try #require(TimeZone(secondsFromGMT: 0))
        // Berlin moved from +0100 to +0200 at 2026-03-29 01:00:00 UTC.
        let change = 1_774_746_000.0
        for _ in 0..<3 {
            #expect(RFC5322Date.format(Date(timeIntervalSince1970: change - 1), timeZone: berlin) == "Sun, 29 Mar 2026 01:59:59 +0100")
            #expect(RFC5322Date.format(Date(timeIntervalSince1970: change - 0.5), timeZone: berlin) == "Sun, 29 Mar 2026 01:59:59 +0100")
            #expect(RFC5322Date.format(Date(timeIntervalSince1970: change - 0.5), timeZone: utc) == "Sun, 29 Mar 2026 00:59:59 +0000")
            #expect(RFC5322Date.format(Date(timeIntervalSince1970: change), timeZone: berlin) == "Sun, 29 Mar 2026 03:00:00 +0200")
            #expect(RFC5322Date.format(Date(timeIntervalSince1970: change + 0.25), timeZone: utc) == "Sun, 29 Mar 2026 01:00:00 +0000")
        }
    }

    @Test("agrees with an en_US_POSIX DateFormatter over many instants and zones")
    func agreesWithFoundation() throws {
        var generator = SystemRandomNumberGenerator()
        let zones = try [0, 3600, -7 * 3600, 5 * 3600 + 2700, -(3 * 3600 + 1800), 13 * 3600].map {
            try #require(TimeZone(secondsFromGMT: $0))
        }
        for zone in zones {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = zone
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
            for _ in 0..<500 {
                // 1900 to 2200: the proleptic Gregorian range both agree on.
                let date = Date(timeIntervalSince1970: Double(Int64.random(in: -2_208_988_800...7_258_118_400, using: &generator)))
                #expect(RFC5322Date.format(date, timeZone: zone) == formatter.string(from: date))
            }
        }
    }
}
