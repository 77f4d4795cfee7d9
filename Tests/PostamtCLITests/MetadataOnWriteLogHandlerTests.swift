import Logging
import Synchronization
import Testing

@testable import PostamtCLI

@Suite("Log lines carry the logger's metadata, handed over only when a line is written")
struct MetadataOnWriteLogHandlerTests {
    /// The lines written, for reading back.
    final class Lines: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var all: [Substring] { text.withLock { $0 }.split(separator: "\n") }
    }

    static func logger(writingTo lines: Lines, level: Logger.Level = .info) -> Logger {
        Logger(label: "postamt") { label in
            var handler = MetadataOnWriteLogHandler(StreamLogHandler(label: label, stream: lines, metadataProvider: nil))
            handler.logLevel = level
            return handler
        }
    }

    @Test("the logger's metadata and the line's own are both written; the line's wins on the same key")
    func metadataIsWritten() {
        let lines = Lines()
        var logger = Self.logger(writingTo: lines)
        logger[metadataKey: "session"] = "7"
        logger[metadataKey: "queue"] = "0ABC"
        logger.info("delivered", metadata: ["to": "rcpt@example.org", "queue": "1DEF"])
        let line = String(lines.all.last ?? "")
        #expect(line.contains("session=7"))
        #expect(line.contains("to=rcpt@example.org"))
        #expect(line.contains("queue=1DEF"))
        #expect(!line.contains("queue=0ABC"))
        #expect(line.hasSuffix("delivered"))
        #expect(logger[metadataKey: "session"] == "7")
    }

    @Test("metadata is a value: a change on a copy does not reach the logger it was copied from")
    func valueSemantics() {
        let lines = Lines()
        var first = Self.logger(writingTo: lines)
        first[metadataKey: "session"] = "1"
        var second = first
        second[metadataKey: "session"] = "2"
        first.notice("first")
        second.notice("second")
        #expect(lines.all.count == 2)
        #expect(lines.all[0].contains("session=1"))
        #expect(lines.all[1].contains("session=2"))
    }

    @Test("the level still filters; a line without any metadata has none")
    func levelAndEmptyMetadata() {
        let lines = Lines()
        var logger = Self.logger(writingTo: lines, level: .warning)
        logger.info("not written")
        logger.warning("written")
        #expect(lines.all.count == 1)
        #expect(lines.all[0].contains("postamt: [PostamtCLITests] written"))
        logger.logLevel = .debug
        #expect(logger.logLevel == .debug)
        logger.debug("now written too")
        #expect(lines.all.count == 2)
    }
}
