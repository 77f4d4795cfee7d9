import Bounces
import Foundation
import SMTPCore
import Testing

@Suite("When to send a DSN (RFC 3461 §4.1) and never for a DSN (RFC 5321 §4.5.5)")
struct NotifyPolicyTests {
    typealias Action = DeliveryStatusNotification.Action

    static let failureAndDelay = DSNNotify.conditions([.failure, .delay])
    static let successOnly = DSNNotify.conditions([.success])
    static let all = DSNNotify.conditions([.success, .failure, .delay])

    /// NOTIFY value, action, whether a DSN is sent.
    static let table: [(DSNNotify?, Action, Bool)] = [
        // No NOTIFY: failures and delays, never successes.
        (nil, .failed, true), (nil, .delayed, true), (nil, .delivered, false), (nil, .relayed, false), (nil, .expanded, false),
        // NEVER: nothing at all.
        (.never, .failed, false), (.never, .delayed, false), (.never, .delivered, false), (.never, .relayed, false),
        (.never, .expanded, false),
        // FAILURE,DELAY.
        (failureAndDelay, .failed, true), (failureAndDelay, .delayed, true), (failureAndDelay, .delivered, false),
        (failureAndDelay, .relayed, false), (failureAndDelay, .expanded, false),
        // FAILURE alone: no delay notices.
        (.conditions([.failure]), .failed, true), (.conditions([.failure]), .delayed, false),
        // DELAY alone.
        (.conditions([.delay]), .failed, false), (.conditions([.delay]), .delayed, true),
        // SUCCESS: delivered, and relayed or expanded (the last report there will be).
        (successOnly, .failed, false), (successOnly, .delayed, false), (successOnly, .delivered, true),
        (successOnly, .relayed, true), (successOnly, .expanded, true),
        // Everything.
        (all, .failed, true), (all, .delayed, true), (all, .delivered, true), (all, .relayed, true), (all, .expanded, true),
    ]

    @Test("shouldNotify follows NOTIFY, with failures and delays by default", arguments: table)
    func shouldNotify(notify: DSNNotify?, action: Action, expected: Bool) {
        #expect(DeliveryStatusNotification.shouldNotify(notify, for: action) == expected)
    }

    @Test("The table covers every action for no NOTIFY, NEVER and every single condition")
    func tableIsComplete() {
        for notify in [nil, DSNNotify.never, Self.all] {
            for action in Action.allCases {
                #expect(Self.table.contains { $0.0 == notify && $0.1 == action })
            }
        }
    }

    @Test("A message from the null reverse-path is a bounce: no DSN for a DSN")
    func bounceOfBounce() throws {
        #expect(DeliveryStatusNotification.isBounceOfBounce(.null))
        #expect(!DeliveryStatusNotification.isBounceOfBounce(Fixtures.sender))
        #expect(DeliveryStatusNotification.envelopeSender == .null, "RFC 3461 §6.2: DSNs are sent from <>")
    }

    @Test("The double bounce for a failed DSN is addressed to the local postmaster")
    func doubleBounceGoesToPostmaster() throws {
        let notification = Fixtures.notification([Fixtures.failedJane(orcpt: false)], sender: .null)
        let bytes = notification.message(original: Fixtures.original, date: Fixtures.dsnDate, messageID: Fixtures.messageID)
        expectWellFormed(bytes)
        let report = try #require(DeliveryStatusNotification.parse(bytes))
        #expect(report.field("To") == "postmaster@mx.example.org")
        let python = try PythonEmail.read(bytes)
        #expect(python.header["To"] == "postmaster@mx.example.org")
        #expect(python.reportType == "delivery-status")
    }
}
