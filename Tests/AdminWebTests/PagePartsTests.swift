@testable import AdminWeb
import Foundation
import ServerActivity
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("Page parts: charts, sessions, redirects")
struct PagePartsTests {
    @Test("the chart's scale ends on a round number at or above the largest count", arguments: [
        (0, 4), (3, 4), (4, 4), (5, 8), (9, 20), (21, 40), (39, 40), (41, 80), (150, 200), (1999, 2000),
    ])
    func scale(value: Int, ceiling: Int) {
        #expect(ActivityChart.niceCeiling(value) == ceiling)
    }

    @Test("the chart is well-formed SVG with one line per series and the totals in the legend")
    func chart() {
        let chart = ActivityChart(
            series: [.init(kind: .accepted, counts: [1, 5, 2]), .init(kind: .deferred, counts: [0, 1, 0])],
            ticks: [(0, "-2m"), (2, "now")],
            title: "Messages <per> minute"
        )
        let svg = chart.svg()
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.components(separatedBy: "<polyline").count - 1 == 2)
        #expect(svg.contains("accepted (8)"))
        #expect(svg.contains("Messages &lt;per&gt; minute"))
    }

    @Test("sessions expire, renew on use, and end for a user on demand")
    func sessions() {
        let store = SessionStore()
        let (id, session) = store.create(user: "alice@example.test", now: 1000)
        #expect(session.csrf.count == 64 && session.csrf != id)
        #expect(store.session(id, now: 1000 + SessionStore.lifetime - 1)?.user == "alice@example.test")
        // Used just now, so it lives another lifetime from here.
        #expect(store.session(id, now: 1000 + SessionStore.lifetime * 1.5) != nil)
        #expect(store.session(id, now: 1000 + SessionStore.lifetime * 3) == nil)
        let (second, _) = store.create(user: "alice@example.test", now: 5000)
        store.removeAll(of: "alice@example.test")
        #expect(store.session(second, now: 5001) == nil)
    }

    @Test("after five failures a client waits; other clients are unaffected; success clears")
    func throttle() {
        let throttle = LoginThrottle(failureLimit: 5, window: 900)
        for _ in 0..<5 { throttle.recordFailure("192.0.2.1", now: 100) }
        #expect(!throttle.mayTry("192.0.2.1", now: 101))
        #expect(throttle.mayTry("192.0.2.2", now: 101))
        #expect(throttle.mayTry("192.0.2.1", now: 1001))
        throttle.recordFailure("192.0.2.3", now: 100)
        throttle.recordSuccess("192.0.2.3")
        #expect(throttle.mayTry("192.0.2.3", now: 101))
    }

    @Test("the login form only redirects to paths on this server", arguments: [
        ("/queue?state=deferred", "/queue?state=deferred"), ("//evil.example/", "/"), ("https://evil.example/", "/"),
        ("/\\evil.example", "/"), (nil, "/"), ("/a\r\nSet-Cookie: x", "/"),
    ] as [(String?, String)])
    func redirects(next: String?, expected: String) {
        #expect(WebRoutes.localPath(next) == expected)
    }
}
