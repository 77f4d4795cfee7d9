import Foundation
import Logging
import Synchronization
import Testing

@testable import PostamtCLI

/// A pipe whose read end the test drains; the write end is the log's descriptor.
final class LogPipe: Sendable {
    let readEnd: Int32
    let writeEnd: Int32

    init() throws {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
        readEnd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        close(readEnd)
        close(writeEnd)
    }

    /// Everything in the pipe now, without waiting for more.
    func readAvailable() -> String {
        var data = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        let flags = fcntl(readEnd, F_GETFL)
        _ = fcntl(readEnd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(readEnd, F_SETFL, flags) }
        while true {
            let count = read(readEnd, &buffer, buffer.count)
            if count <= 0 { break }
            data += buffer.prefix(count)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// The lines read until `predicate` holds for them, or `timeout` passes.
    func lines(until predicate: ([Substring]) -> Bool, timeout: Duration = .seconds(5)) -> [Substring] {
        var text = ""
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            text += readAvailable()
            if predicate(text.split(separator: "\n")) { break }
            usleep(1000)
        }
        return text.split(separator: "\n")
    }
}

@Suite("Log lines: formatted like swift-log's stream handler, written from a thread of their own")
struct TextLogHandlerTests {
    private struct Failure: Error, CustomStringConvertible {
        var description: String { "disk on fire" }
    }

    private static func logger(_ writer: LogLineWriter, level: Logger.Level = .info, provider: Logger.MetadataProvider? = nil) -> Logger {
        let timestamp = LogTimestamp()
        return Logger(label: "postamt") { label in
            TextLogHandler(label: label, writer: writer, timestamp: timestamp, level: level, metadataProvider: provider)
        }
    }

    /// A writer on a fresh pipe and a logger through it, for `body`. The writer is closed
    /// before the pipe, so that no line goes to a descriptor closed (or reused) meanwhile.
    private static func onPipe(
        capacity: Int = 4 << 20, gatherDelay: Duration = .milliseconds(5), level: Logger.Level = .info,
        provider: Logger.MetadataProvider? = nil, _ body: (LogPipe, LogLineWriter, Logger) throws -> Void
    ) throws {
        let pipe = try LogPipe()
        let writer = LogLineWriter(fileDescriptor: pipe.writeEnd, capacity: capacity, gatherDelay: gatherDelay)
        defer { withExtendedLifetime(pipe) { writer.close() } }
        try body(pipe, writer, logger(writer, level: level, provider: provider))
    }

    /// swift-log's own handler, for the same lines to compare with.
    final class StreamLines: TextOutputStream, Sendable {
        private let text = Mutex("")
        func write(_ string: String) { text.withLock { $0 += string } }
        var all: [Substring] { text.withLock { $0 }.split(separator: "\n") }
    }

    @Test("a line reads as StreamLogHandler's would: metadata sorted, the provider's over the logger's, the line's own over both, the error, source and message")
    func sameFormatAsStreamLogHandler() throws {
        let provider = Logger.MetadataProvider { ["node": "a", "session": "provided", "to": "provided"] }
        func logTheSameLines(_ logger: inout Logger) {
            logger[metadataKey: "session"] = "7"
            logger[metadataKey: "queue"] = "0ABC"
            logger.info("delivered", metadata: ["to": "rcpt@example.org", "queue": "1DEF", "list": ["a", "b"]])
            logger.error("store failed", error: Failure())
            logger.notice("plain")
        }
        let streamLines = StreamLines()
        var theirs = Logger(label: "postamt") { StreamLogHandler(label: $0, stream: streamLines, metadataProvider: provider) }
        logTheSameLines(&theirs)
        try Self.onPipe(provider: provider) { pipe, writer, logger in
            var ours = logger
            logTheSameLines(&ours)
            writer.flush()
            let lines = pipe.lines(until: { $0.count == 3 })
            #expect(lines.count == 3)
            // The timestamps may differ by the second between the two; the rest may not.
            func withoutTimestamp(_ line: Substring) -> Substring { line.drop(while: { $0 != " " }) }
            #expect(lines.map(withoutTimestamp) == streamLines.all.map(withoutTimestamp))
            #expect(lines[0].hasSuffix(" info postamt: list=[\"a\", \"b\"] node=a queue=1DEF session=provided to=rcpt@example.org [PostamtCLITests] delivered"))
            #expect(lines[1].contains("error.message=disk on fire"))
            #expect(ours[metadataKey: "session"] == "7")
        }
    }

    @Test("the timestamp is the local time to the second with the zone's offset, as strftime writes it")
    func timestamp() throws {
        let text = String(decoding: LogTimestamp().now, as: UTF8.self)
        #expect(text.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}/) != nil, "\(text)")
        #expect(String(decoding: LogTimestamp.format(0), as: UTF8.self).hasPrefix("19"))
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        let year = String(decoding: LogTimestamp.format(now), as: UTF8.self).prefix(4)
        #expect(Int(year) == Int(parts.tm_year) + 1900)
    }

    @Test("metadata is a value: a change on a copy does not reach the logger it was copied from; the level filters")
    func valueSemanticsAndLevel() throws {
        try Self.onPipe(level: .notice) { pipe, writer, logger in
            var first = logger
            first[metadataKey: "session"] = "1"
            var second = first
            second[metadataKey: "session"] = "2"
            first.info("not written")
            first.notice("first")
            second.notice("second")
            second.logLevel = .debug
            second.debug("debug")
            writer.flush()
            let lines = pipe.lines(until: { $0.count == 3 })
            #expect(lines.count == 3)
            #expect(lines[0].hasSuffix("session=1 [PostamtCLITests] first"))
            #expect(lines[1].hasSuffix("session=2 [PostamtCLITests] second"))
            #expect(lines[2].hasSuffix("[PostamtCLITests] debug"))
        }
    }

    @Test("lines from eight threads at once all arrive whole, each thread's in its order, in fewer writes than lines")
    func concurrentLines() async throws {
        // A file, not a pipe: nothing needs to drain it while the threads log.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("log-\(UUID().uuidString)").path
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o600)
        #expect(file >= 0)
        defer {
            close(file)
            unlink(path)
        }
        let writer = LogLineWriter(fileDescriptor: file)
        let logger = Self.logger(writer)
        await withTaskGroup(of: Void.self) { group in
            for thread in 0..<8 {
                group.addTask {
                    for index in 0..<2000 {
                        logger.info("line", metadata: ["thread": "\(thread)", "index": "\(index)", "padding": "\(String(repeating: "x", count: 100))"])
                    }
                }
            }
        }
        writer.close()
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 16000)
        #expect(writer.writeCalls < 16000)
        var next = [Int](repeating: 0, count: 8)
        for line in lines {
            let fields = line.split(separator: " ")
            guard let thread = fields.first(where: { $0.hasPrefix("thread=") }).flatMap({ Int($0.dropFirst(7)) }),
                  let index = fields.first(where: { $0.hasPrefix("index=") }).flatMap({ Int($0.dropFirst(6)) })
            else {
                Issue.record("a line came apart: \(line)")
                return
            }
            #expect(index == next[thread])
            next[thread] = index + 1
            #expect(line.hasSuffix("[PostamtCLITests] line"))
        }
        #expect(next == [Int](repeating: 2000, count: 8))
    }

    @Test("a reader that stops reading blocks no one: lines beyond the capacity are dropped, and then counted in a line")
    func slowReaderDropsLines() throws {
        // A pipe holds 64 KiB; with 4 KiB waiting beyond it, most of 2000 lines of 120 octets are dropped.
        try Self.onPipe(capacity: 4096, gatherDelay: .milliseconds(1)) { pipe, writer, logger in
            // Logged on a thread of its own: were a call to wait for the reader, the test would
            // fail here instead of hanging.
            let done = DispatchSemaphore(value: 0)
            Thread {
                for index in 0..<2000 {
                    logger.info("line \(index)", metadata: ["padding": "\(String(repeating: "x", count: 60))"])
                }
                done.signal()
            }.start()
            #expect(done.wait(timeout: .now() + 30) == .success)
            // Every line is either written or counted in a "dropped" line (there may be several:
            // the buffer also fills while the pipe still has room, when lines come faster than
            // the writer's thread takes them). Read until all 2000 are accounted for; then
            // every line handed over has been written and the buffer is empty again.
            func tally(_ lines: [Substring]) -> (written: Int, dropped: Int) {
                let written = lines.filter { $0.contains("[PostamtCLITests] line") }.count
                let dropped = lines.filter { $0.contains("dropped") }.compactMap { Int($0.prefix(while: { $0 != " " })) }.reduce(0, +)
                return (written, dropped)
            }
            let lines = pipe.lines(until: { lines in tally(lines).written + tally(lines).dropped >= 2000 }, timeout: .seconds(30))
            let (written, dropped) = tally(lines)
            #expect(dropped > 0)
            #expect(written + dropped == 2000)
            // Once read again, every later line arrives.
            logger.notice("after")
            writer.flush()
            #expect(pipe.lines(until: { $0.contains { $0.hasSuffix("after") } }).contains { $0.hasSuffix("after") })
        }
    }

    @Test("while lines keep coming, the writer writes on its own timer: the lines do not wake it for every write")
    func steadyLinesDoNotWakeTheWriter() throws {
        try Self.onPipe(gatherDelay: .milliseconds(20)) { pipe, writer, logger in
            // A line every millisecond for about half a second: some twenty-five writes.
            for index in 0..<500 {
                logger.info("line \(index)")
                usleep(1000)
            }
            writer.flush()
            let lines = pipe.lines(until: { $0.count == 500 }, timeout: .seconds(30))
            #expect(lines.count == 500)
            #expect(lines.last?.hasSuffix("[PostamtCLITests] line 499") == true)
            let (writes, wakeUps) = (writer.writeCalls, writer.wakeUps)
            #expect(writes >= 4)
            // A pause longer than the gathering delay (a slow machine) costs a wake-up; most
            // writes follow the one before on the timer.
            #expect(wakeUps * 2 <= writes, "\(wakeUps) wake-ups for \(writes) writes")
        }
    }

    @Test("a warning is written without waiting for the gathering delay; an info line waits for it")
    func warningsPromptly() throws {
        try Self.onPipe(gatherDelay: .seconds(30)) { pipe, _, logger in
            logger.info("gathered")
            usleep(200_000)
            #expect(pipe.readAvailable().isEmpty)
            logger.warning("at once")
            let lines = pipe.lines(until: { $0.count == 2 }, timeout: .seconds(10))
            #expect(lines.count == 2)
            #expect(lines.last?.hasSuffix("[PostamtCLITests] at once") == true)
        }
    }

    @Test("a flush returns once the lines before it are written, without waiting for the gathering delay")
    func flushWritesAtOnce() throws {
        try Self.onPipe(gatherDelay: .seconds(30)) { pipe, writer, logger in
            logger.notice("one")
            let start = ContinuousClock.now
            writer.flush()
            #expect(ContinuousClock.now - start < .seconds(10))
            #expect(pipe.readAvailable().hasSuffix("[PostamtCLITests] one\n"))
        }
    }
}
