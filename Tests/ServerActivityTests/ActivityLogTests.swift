import ServerActivity
import Testing

@Suite("Activity per minute")
struct ActivityLogTests {
    let start = 1_800_000_000.0

    @Test("events land in the bucket of their minute, oldest bucket first")
    func buckets() {
        let log = ActivityLog(startedAt: start)
        log.record(.accepted, at: start)
        log.record(.accepted, count: 2, at: start + 61)
        log.record(.deferred, at: start + 61)
        let series = log.series(.accepted, buckets: 3, bucketMinutes: 1, now: start + 61)
        #expect(series == [0, 1, 2])
        #expect(log.series(.deferred, buckets: 2, bucketMinutes: 1, now: start + 61) == [0, 1])
        #expect(log.totals()[.accepted] == 3)
        #expect(log.totals()[.bounced] == 0)
    }

    @Test("wider buckets sum their minutes")
    func wideBuckets() {
        let log = ActivityLog(startedAt: start)
        for minute in 0..<60 { log.record(.delivered, at: start + Double(minute) * 60) }
        let series = log.series(.delivered, buckets: 2, bucketMinutes: 30, now: start + 59 * 60)
        #expect(series == [30, 30])
    }

    @Test("a minute more than a day old is forgotten when its slot is reused; totals keep counting")
    func wrapAround() {
        let log = ActivityLog(startedAt: start)
        log.record(.bounced, count: 5, at: start)
        let nextDay = start + Double(ActivityLog.minutesKept) * 60
        log.record(.accepted, at: nextDay)
        #expect(log.series(.bounced, buckets: 1, bucketMinutes: 1, now: nextDay) == [0])
        #expect(log.series(.accepted, buckets: 1, bucketMinutes: 1, now: nextDay) == [1])
        #expect(log.totals()[.bounced] == 5)
        // The old minute is outside the window asked for, so it does not show either.
        #expect(log.series(.bounced, buckets: 60, bucketMinutes: 24, now: nextDay).reduce(0, +) == 0)
    }
}

@Suite("Recent rejections")
struct RecentRejectionsTests {
    @Test("grouped by client, most recent client first, with counts by kind")
    func byClient() {
        let rejections = RecentRejections(capacity: 10)
        rejections.record(Rejection(time: 1, clientAddress: "192.0.2.1", listener: "submission", kind: .wrongPort, detail: "a"))
        rejections.record(Rejection(time: 2, clientAddress: "192.0.2.2", listener: "submission", kind: .authentication, detail: "b"))
        rejections.record(Rejection(time: 3, clientAddress: "192.0.2.1", listener: "submission", kind: .wrongPort, detail: "c"))
        let summaries = rejections.byClient()
        #expect(summaries.map(\.clientAddress) == ["192.0.2.1", "192.0.2.2"])
        #expect(summaries[0].counts == ["wrong-port": 2])
        #expect(summaries[0].last.detail == "c")
        #expect(rejections.all(limit: 2).map(\.detail) == ["c", "b"])
    }

    @Test("the oldest are dropped beyond the capacity")
    func bounded() {
        let rejections = RecentRejections(capacity: 10)
        for index in 0..<25 {
            rejections.record(Rejection(time: Double(index), clientAddress: "198.51.100.\(index)", listener: "mx", kind: .relayDenied, detail: "\(index)"))
        }
        let all = rejections.all()
        #expect(all.count <= 10)
        #expect(all.first?.detail == "24")
    }
}
