import Foundation
import Testing

@testable import LocalDelivery

#if canImport(Glibc)
import Glibc
#endif

@Suite("Maildir delivery (cr.yp.to/proto/maildir.html)")
struct MaildirTests {
    @Test("prepare creates tmp, new and cur with mode 0700, and may be repeated")
    func prepare() throws {
        try withTemporaryDirectory { root in
            let directory = root.appendingPathComponent("example.org/alice")
            let maildir = Maildir(directory: directory, hostname: "mx")
            try maildir.prepare()
            try maildir.prepare()
            #expect(try entries(of: directory) == ["cur", "new", "tmp"])
            for path in ["example.org", "example.org/alice", "example.org/alice/tmp", "example.org/alice/new", "example.org/alice/cur"] {
                #expect(try mode(of: root.appendingPathComponent(path)) == 0o700, "\(path)")
            }
        }
    }

    @Test("prepare fails with the errno when a file stands in the way")
    func prepareBlocked() throws {
        try withTemporaryDirectory { (root: URL) throws in
            try Data().write(to: root.appendingPathComponent("box"))
            let maildir = Maildir(directory: root.appendingPathComponent("box"), hostname: "mx")
            #expect(throws: MaildirError.createDirectory(ENOTDIR)) { try maildir.prepare() }
        }
    }

    @Test("delivered bytes are exactly the parts in order: 8-bit content and long lines kept")
    func exactBytes() throws {
        try withTemporaryDirectory { root in
            let maildir = Maildir(directory: root.appendingPathComponent("box"), hostname: "mx")
            try maildir.prepare()
            let everyByte = (0...255).map { UInt8($0) }
            let longLine = [UInt8](repeating: UInt8(ascii: "x"), count: 100_000) + [0x0D, 0x0A]
            let parts = [Array("Return-Path: <>\r\n".utf8), [], everyByte, longLine, Array("Grüße\r\n".utf8)]
            let url = try maildir.deliver(parts)
            #expect(try Array(Data(contentsOf: url)) == parts.flatMap { $0 })
        }
    }

    @Test("the message lands in new/ with mode 0600 and nothing stays in tmp/")
    func landsInNew() throws {
        try withTemporaryDirectory { root in
            let directory = root.appendingPathComponent("box")
            let maildir = Maildir(directory: directory, hostname: "mx.example.org")
            try maildir.prepare()
            let url = try maildir.deliver([Array("Subject: x\r\n\r\nbody\r\n".utf8)])
            #expect(url.deletingLastPathComponent().lastPathComponent == "new")
            #expect(url.deletingLastPathComponent().deletingLastPathComponent().path == directory.path)
            #expect(try entries(of: directory.appendingPathComponent("new")) == [url.lastPathComponent])
            #expect(try entries(of: directory.appendingPathComponent("tmp")).isEmpty)
            #expect(try entries(of: directory.appendingPathComponent("cur")).isEmpty)
            #expect(try mode(of: url) == 0o600)
        }
    }

    @Test("file names follow <seconds>.M<microseconds>P<pid>Q<counter>.<host>")
    func nameFormat() throws {
        try withTemporaryDirectory { root in
            let maildir = Maildir(directory: root.appendingPathComponent("box"), hostname: "mx.example.org")
            try maildir.prepare()
            let before = Int(Date().timeIntervalSince1970)
            let name = try maildir.deliver([[0x41]]).lastPathComponent
            let parts = name.split(separator: ".", maxSplits: 2).map(String.init)
            try #require(parts.count == 3)
            #expect(parts[2] == "mx.example.org")
            let seconds = try #require(Int(parts[0]))
            #expect(seconds >= before && seconds <= before + 5)
            let captures = try #require(parts[1].wholeMatch(of: /M(\d+)P(\d+)Q(\d+)/)).output
            #expect(try #require(Int(captures.1)) < 1_000_000)
            #expect(Int(captures.2) == Int(getpid()))
        }
    }

    @Test("the host name's / and : are escaped as \\057 and \\072")
    func hostnameEscaping() {
        let nowhere = URL(fileURLWithPath: "/nonexistent")
        #expect(Maildir(directory: nowhere, hostname: "a/b:c").escapedHostname == "a\\057b\\072c")
        #expect(Maildir(directory: nowhere, hostname: "").escapedHostname == "localhost")
        #expect(!Maildir(directory: nowhere).escapedHostname.isEmpty)
    }

    @Test("names are unique over 1000 deliveries, also from several tasks at once")
    func uniqueNames() async throws {
        try await withTemporaryDirectoryAsync { root in
            let maildir = Maildir(directory: root.appendingPathComponent("box"), hostname: "mx")
            try maildir.prepare()
            let urls = try await withThrowingTaskGroup(of: [URL].self) { group in
                for task in 0..<4 {
                    group.addTask {
                        try (0..<250).map { index in try maildir.deliver([Array("message \(task)-\(index)\r\n".utf8)]) }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(Set(urls.map(\.lastPathComponent)).count == 1000)
            #expect(try entries(of: root.appendingPathComponent("box/new")).count == 1000)
            #expect(try entries(of: root.appendingPathComponent("box/tmp")).isEmpty)
        }
    }

    @Test("delivering into a Maildir that does not exist fails with ENOENT and leaves nothing")
    func missingMaildir() throws {
        try withTemporaryDirectory { (root: URL) throws in
            let maildir = Maildir(directory: root.appendingPathComponent("absent"), hostname: "mx")
            #expect(throws: MaildirError.create(ENOENT)) { try maildir.deliver([[0x41]]) }
            #expect(try entries(of: root).isEmpty)
        }
    }

    @Test("the received date becomes the file's modification time")
    func receivedAt() throws {
        try withTemporaryDirectory { root in
            let maildir = Maildir(directory: root.appendingPathComponent("box"), hostname: "mx")
            try maildir.prepare()
            let date = Date(timeIntervalSince1970: 1_795_916_579.25)
            let url = try maildir.deliver([[0x41]], receivedAt: date)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            let modified = try #require(attributes[.modificationDate] as? Date)
            #expect(abs(modified.timeIntervalSince1970 - date.timeIntervalSince1970) < 0.001)
        }
    }

    @Test(
        "a full file system is reported as out of space and leaves no file in tmp/ or new/",
        .enabled(if: TinyFileSystem.isAvailable, "needs root with permission to mount a tmpfs (mount -t tmpfs -o size=64k)")
    )
    func outOfSpace() throws {
        try TinyFileSystem.with(size: "64k") { mountPoint in
            let directory = mountPoint.appendingPathComponent("example.org/alice")
            let maildir = Maildir(directory: directory, hostname: "mx")
            try maildir.prepare()
            // A small message fits, so the setup itself is sound.
            let small = try maildir.deliver([Array("Subject: fits\r\n\r\nok\r\n".utf8)])
            let big = [UInt8](repeating: 0x61, count: 1 << 20)
            let error = #expect(throws: MaildirError.self) {
                try maildir.deliver([Array("Subject: too big\r\n\r\n".utf8), big])
            }
            #expect(error == .write(ENOSPC))
            #expect(error?.isOutOfSpace == true)
            #expect(error?.isOverQuota == false)
            #expect(error?.description.contains("No space left on device") == true)
            #expect(try entries(of: directory.appendingPathComponent("tmp")).isEmpty)
            #expect(try entries(of: directory.appendingPathComponent("new")) == [small.lastPathComponent])
            // The space was given back: the next small message is delivered.
            _ = try maildir.deliver([Array("Subject: after\r\n\r\nok\r\n".utf8)])
        }
    }

    @Test("errors name the step and errno; only ENOSPC is out of space")
    func errors() {
        #expect(MaildirError.fsync(ENOSPC).isOutOfSpace)
        #expect(!MaildirError.rename(EXDEV).isOutOfSpace)
        #expect(MaildirError.write(EDQUOT).isOverQuota)
        #expect(MaildirError.rename(EXDEV).errorNumber == EXDEV)
        #expect(MaildirError.createDirectory(EACCES).description.contains("creating the Maildir"))
    }
}
