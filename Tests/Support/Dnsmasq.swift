import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real dnsmasq serving a small `.test` zone on a free loopback port, for the tests of
/// ``UnboundResolver``. One per test, stopped when the test's body returns.
public final class Dnsmasq {
    /// The dnsmasq binary (Debian package dnsmasq-base), or nil: the tests that need it
    /// are then skipped.
    public static let executable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let directories = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
        return directories.map { $0 + "/dnsmasq" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    public static var isAvailable: Bool { executable != nil }

    /// The zone every test sees. `--local=/test/` makes dnsmasq answer for all of `.test`
    /// itself: NXDOMAIN for unknown names and NODATA for known names without the type
    /// asked for (without it, dnsmasq with `--no-resolv` answers REFUSED).
    public static let zone = [
        "--local=/test/",
        "--mx-host=example.test,mx1.example.test,10",
        "--mx-host=example.test,mx2.example.test,20",
        "--host-record=mx1.example.test,127.0.0.1,::1",
        "--host-record=mx2.example.test,127.0.0.2",
        "--host-record=mail.example.test,127.0.0.3",
        // RFC 7505 null MX: preference 0, exchange "." (the root).
        "--mx-host=nullmx.test,.,0",
        // Three MX hosts of equal preference, for the shuffling.
        "--mx-host=equal.test,a.equal.test,10",
        "--mx-host=equal.test,b.equal.test,10",
        "--mx-host=equal.test,c.equal.test,10",
        "--host-record=a.equal.test,127.0.1.1",
        "--host-record=b.equal.test,127.0.1.2",
        "--host-record=c.equal.test,127.0.1.3",
        // A domain without MX but with addresses: the implicit MX.
        "--host-record=implicit.test,127.0.2.1,::2",
        "--txt-record=example.test,v=spf1 -all",
        "--txt-record=_dmarc.example.test,v=DMARC1; p=reject",
        "--txt-record=multi.example.test,part one,part two",
        "--srv-host=_submission._tcp.example.test,mail.example.test,587,0,1",
        "--srv-host=_imaps._tcp.example.test,mail.example.test,993,10,5",
        // An empty address: NXDOMAIN for the name and everything below it.
        "--address=/nxdomain.test/",
    ]

    public let port: UInt16
    private let process: ChildProcess
    private let log: String

    /// Starts dnsmasq and waits until it answers queries. A port taken between choosing it
    /// and dnsmasq binding it makes dnsmasq exit; then another port is tried.
    public init(extraRecords: [String] = []) throws {
        guard let executable = Self.executable else { throw DnsmasqError("dnsmasq is not installed") }
        var lastFailure = ""
        for attempt in 0..<5 {
            let port = try freeUDPPort()
            let log = "/tmp/dnsmasq-test-\(getpid())-\(port)-\(attempt).log"
            let arguments =
                [
                    "--no-daemon",  // stay in the foreground, log to stderr
                    "--conf-file=/dev/null",  // ignore /etc/dnsmasq.conf if the full package is installed
                    "--pid-file=",  // no pid file
                    "--port=\(port)", "--listen-address=127.0.0.1", "--bind-interfaces",
                    "--no-resolv", "--no-hosts",
                ] + Self.zone + extraRecords
            let process = try ChildProcess(executable, arguments, stderr: log)
            if waitUntilAnswering(port: port, while: { process.isRunning }) {
                self.port = port
                self.process = process
                self.log = log
                return
            }
            process.stop()
            lastFailure = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            unlink(log)
        }
        throw DnsmasqError("dnsmasq did not start: \(lastFailure)")
    }

    /// `127.0.0.1@port`, the forwarder form of ``UnboundResolver/Configuration``.
    public var forwarder: String { "127.0.0.1@\(port)" }

    public func stop() {
        process.stop()
        unlink(log)
    }
}

/// A child process started with posix_spawn.
///
/// Not Foundation's `Process`: it would start the child from a Swift concurrency thread,
/// whose signal mask (set by libdispatch) blocks SIGTERM, and the child inherits that mask,
/// so dnsmasq would ignore `terminate()` and `waitUntilExit()` would wait forever. Here the
/// child gets an empty signal mask and default handlers, and is reaped with `waitpid`.
public final class ChildProcess {
    let pid: pid_t
    private var exited = false

    public init(_ executable: String, _ arguments: [String], stderr: String) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw DnsmasqError("posix_spawn \(executable): \(String(cString: strerror(result)))") }
        self.pid = pid
    }

    deinit { stop() }

    public var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == pid { exited = true }
        return !exited
    }

    /// SIGTERM, then waits for the exit.
    public func stop() {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        exited = true
    }
}

public struct DnsmasqError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `body` with a fresh dnsmasq and stops it afterwards, whatever happens.
public func withDnsmasq<Result>(_ body: (Dnsmasq) async throws -> Result) async throws -> Result {
    let server = try Dnsmasq()
    defer { server.stop() }
    return try await body(server)
}

/// A loopback UDP port that nothing is bound to right now.
public func freeUDPPort() throws -> UInt16 {
    let socket = try UDPSocket()
    return socket.port
}

/// A UDP socket bound to a free loopback port. Used as a name server that never answers
/// (nobody reads it), and for dnsmasq's readiness probe.
public final class UDPSocket {
    let descriptor: Int32
    public let port: UInt16

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw DnsmasqError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
            }
        }
        guard bound else {
            close(descriptor)
            throw DnsmasqError("bind: \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        port = UInt16(bigEndian: address.sin_port)
    }

    deinit { close(descriptor) }

    /// Sends `datagram` to 127.0.0.1:`port` and waits up to `timeout` milliseconds for
    /// any reply.
    public func exchange(_ datagram: [UInt8], with port: UInt16, timeout: Int32) -> Bool {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(descriptor, datagram, datagram.count, 0, socketAddress, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard sent == datagram.count else { return false }
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)]
        guard poll(&descriptors, 1, timeout) == 1 else { return false }
        var buffer = [UInt8](repeating: 0, count: 512)
        return recv(descriptor, &buffer, buffer.count, 0) > 0
    }
}

/// Asks 127.0.0.1:`port` for `example.test` A until an answer comes, for up to five seconds.
private func waitUntilAnswering(port: UInt16, while isRunning: () -> Bool) -> Bool {
    // ID 0x5054, RD, one question: example.test IN A.
    let query: [UInt8] =
        [0x50, 0x54, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]
        + [7] + Array("example".utf8) + [4] + Array("test".utf8) + [0, 0x00, 0x01, 0x00, 0x01]
    guard let probe = try? UDPSocket() else { return false }
    for _ in 0..<50 where isRunning() {
        if probe.exchange(query, with: port, timeout: 100) { return true }
    }
    return false
}
