import Benchmark
import Foundation
import MailMessage
import SMTPCore
import Synchronization

/// The next second to format: kept across the samples, each of which runs the closure anew.
let nextSecond = Atomic<Int>(1_795_916_579)

/// The header work a server does for every message it accepts: the Received: field it
/// puts on top. Each iteration is one field, so the figures are per message.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    let recipient = ForwardPath.mailbox(Mailbox("bob@example.com")!)
    let client = IPAddress("192.0.2.1")

    // In the process's own zone, as the server writes it.
    Benchmark("ReceivedHeader: one message's Received: field") { benchmark in
        for _ in benchmark.scaledIterations {
            let header = ReceivedHeader(
                heloName: "client.example.org", clientAddress: client, serverHostName: "mx.example.com",
                protocolName: "ESMTP", queueID: "0ABCDEFGHJKM", recipients: [recipient], date: Date()
            )
            blackHole(header.field)
        }
    }

    // Every call a second apart: the date is worked out each time, as for a message that is
    // the only one in its second.
    Benchmark("RFC5322Date: a date, a new second each time") { benchmark in
        for _ in benchmark.scaledIterations {
            let second = nextSecond.add(1, ordering: .relaxed).newValue
            blackHole(RFC5322Date.format(Date(timeIntervalSince1970: Double(second))))
        }
    }
}
