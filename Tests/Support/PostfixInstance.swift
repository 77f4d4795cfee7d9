import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A private Postfix (Debian's package) for interoperability tests: its own configuration,
/// queue and log in a temporary directory, one smtpd on a loopback port, started and
/// stopped by the test. The system's Postfix, if any, is never touched.
///
/// Postfix's master runs as root and its daemons as the `postfix` user, so this needs root
/// and the package installed (`scripts/test` installs it).
public final class PostfixInstance: Sendable {
    public let directory: URL
    /// The port its smtpd listens on, on 127.0.0.1.
    public let port: Int

    /// Where virtual mailboxes are delivered: `<mailbox>/new/…` Maildir files.
    public var mailboxes: URL { directory.appendingPathComponent("vmail") }
    private var configurationDirectory: URL { directory.appendingPathComponent("conf") }
    private var logFile: URL { directory.appendingPathComponent("maillog") }

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts Postfix with `settings` added to (or replacing) the base main.cf. The base
    /// accepts mail from 127.0.0.0/8, delivers nothing locally and logs to a file.
    ///
    /// With `loginUsers` (name and password), smtpd offers AUTH PLAIN and LOGIN through
    /// Cyrus SASL with its own sasldb (Debian's sasl2-bin and libsasl2-modules), only over
    /// TLS, and relays for those who logged in; names are given without a realm.
    public static func start(settings: [String: String] = [:], loginUsers: [(name: String, password: String)] = []) async throws -> PostfixInstance {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/postfix") else {
            throw StartError(description: "Postfix is not installed (apt-get install postfix; scripts/test does)")
        }
        guard getuid() == 0 else { throw StartError(description: "a private Postfix needs root: its master runs as root") }
        guard let user = getpwnam("postfix") else { throw StartError(description: "there is no postfix user") }
        let uid = user.pointee.pw_uid, gid = user.pointee.pw_gid
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("postamt-postfix-\(UUID().uuidString.prefix(8))")
        for name in ["conf", "queue", "data", "vmail"] {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent(name), withIntermediateDirectories: true)
        }
        chmod(directory.path, 0o755)
        for name in ["data", "vmail"] { chown(directory.appendingPathComponent(name).path, uid, gid) }
        var port = try freeLoopbackPort()
        var main: [(String, String)] = [
            ("compatibility_level", "3.6"),
            ("queue_directory", directory.appendingPathComponent("queue").path),
            ("data_directory", directory.appendingPathComponent("data").path),
            ("maillog_file", directory.appendingPathComponent("maillog").path),
            ("maillog_file_prefixes", directory.path),
            ("myhostname", "postfix.example.test"),
            ("mydomain", "example.test"),
            ("myorigin", "postfix.example.test"),
            ("mydestination", ""),
            ("local_recipient_maps", ""),
            ("alias_maps", ""),
            ("alias_database", ""),
            ("inet_interfaces", "127.0.0.1"),
            ("inet_protocols", "ipv4"),
            ("mynetworks", "127.0.0.0/8"),
            ("smtpd_relay_restrictions", "permit_mynetworks, reject_unauth_destination"),
            ("virtual_mailbox_base", directory.appendingPathComponent("vmail").path),
            ("virtual_uid_maps", "static:\(uid)"),
            ("virtual_gid_maps", "static:\(gid)"),
            ("smtp_tls_security_level", "may"),
            ("smtp_tls_loglevel", "1"),
            ("smtpd_tls_loglevel", "1"),
            ("biff", "no"),
        ]
        if !loginUsers.isEmpty {
            // Debian's Postfix reads the SASL settings from <config directory>/sasl/smtpd.conf
            // (cyrus_sasl_config_path is not consulted there).
            let sasl = directory.appendingPathComponent("conf/sasl")
            try FileManager.default.createDirectory(at: sasl, withIntermediateDirectories: true)
            let database = sasl.appendingPathComponent("sasldb2").path
            for user in loginUsers {
                let arguments = ["-f", database, "-p", "-c", "-u", "postfix.example.test", user.name]
                let password = user.password
                let status = try await offThread { try run("/usr/sbin/saslpasswd2", arguments, input: password) }
                guard status == 0 else { throw StartError(description: "saslpasswd2 failed (exit \(status)); is sasl2-bin installed?") }
            }
            chown(database, uid, gid)
            try "pwcheck_method: auxprop\nauxprop_plugin: sasldb\nmech_list: PLAIN LOGIN\nsasldb_path: \(database)\n"
                .write(to: sasl.appendingPathComponent("smtpd.conf"), atomically: true, encoding: .utf8)
            main.removeAll { $0.0 == "mynetworks" || $0.0 == "smtpd_relay_restrictions" }
            main += [
                ("smtpd_sasl_auth_enable", "yes"),
                ("smtpd_sasl_type", "cyrus"),
                ("smtpd_sasl_path", "smtpd"),
                ("smtpd_sasl_local_domain", "postfix.example.test"),
                ("smtpd_sasl_security_options", "noanonymous"),
                ("smtpd_tls_auth_only", "yes"),
                ("mynetworks", "127.0.0.1/32"),
                ("smtpd_relay_restrictions", "permit_sasl_authenticated, reject_unauth_destination"),
            ]
        }
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            if let index = main.firstIndex(where: { $0.0 == key }) { main[index].1 = value } else { main.append((key, value)) }
        }
        let configuration = directory.appendingPathComponent("conf")
        try (main.map { "\($0.0) = \($0.1)" }.joined(separator: "\n") + "\n")
            .write(to: configuration.appendingPathComponent("main.cf"), atomically: true, encoding: .utf8)
        for attempt in 1...5 {
            try masterConfiguration(port: port).write(to: configuration.appendingPathComponent("master.cf"), atomically: true, encoding: .utf8)
            let instance = PostfixInstance(directory: directory, port: port)
            let status = try await offThread { try instance.postfix("start") }
            if status == 0, await instance.waitUntilListening() { return instance }
            // Another test took the free port before Postfix could bind it: another port.
            if attempt < 5, instance.log.contains("Address already in use") {
                _ = try? await offThread { try instance.postfix("stop") }
                port = try freeLoopbackPort()
                continue
            }
            throw StartError(description: "Postfix did not start (exit \(status)):\n\(instance.log)")
        }
        throw StartError(description: "Postfix did not start")
    }

    private init(directory: URL, port: Int) {
        self.directory = directory
        self.port = port
    }

    /// Stops Postfix and removes its directory, on a thread of its own (the test goes on).
    public func stop() {
        Thread { self.stopAndWait() }.start()
    }

    /// Stops Postfix, waits for its master to exit, and removes the directory.
    public func stopAndWait() {
        let pidFile = directory.appendingPathComponent("queue/pid/master.pid")
        let pid = (try? String(contentsOf: pidFile, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        _ = try? postfix("stop")
        if let pid {
            for _ in 0..<250 where kill(pid, 0) == 0 { usleep(20_000) }
            if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Postfix's log so far.
    public var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// The message files delivered to a virtual mailbox (`virtual_mailbox_maps` value
    /// `name/`), oldest first.
    public func messages(in mailbox: String) -> [Data] {
        let folder = mailboxes.appendingPathComponent(mailbox).appendingPathComponent("new")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
        return names.compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    /// Runs `postfix -c <conf> <command>` with its output in a file: the master it starts
    /// would hold a pipe open for as long as it runs.
    private func postfix(_ command: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/postfix")
        process.arguments = ["-c", configurationDirectory.path, command]
        let output = directory.appendingPathComponent("postfix-\(command).out")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Runs a helper program with `input` on its standard input; returns its exit status.
    private static func run(_ path: String, _ arguments: [String], input: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardInput = pipe
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        pipe.fileHandleForWriting.write(Data(input.utf8))
        try pipe.fileHandleForWriting.close()
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func waitUntilListening() async -> Bool {
        for _ in 0..<500 {
            if canConnect(port: port) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    private static func masterConfiguration(port: Int) -> String {
        """
        127.0.0.1:\(port) inet n - n - - smtpd
        pickup    unix  n - n 60    1 pickup
        cleanup   unix  n - n -     0 cleanup
        qmgr      unix  n - n 300   1 qmgr
        tlsmgr    unix  - - n 1000? 1 tlsmgr
        rewrite   unix  - - n -     - trivial-rewrite
        bounce    unix  - - n -     0 bounce
        defer     unix  - - n -     0 bounce
        trace     unix  - - n -     0 bounce
        verify    unix  - - n -     1 verify
        flush     unix  n - n 1000? 0 flush
        proxymap  unix  - - n -     - proxymap
        smtp      unix  - - n -     - smtp
        relay     unix  - - n -     - smtp
        showq     unix  n - n -     - showq
        error     unix  - - n -     - error
        retry     unix  - - n -     - error
        discard   unix  - - n -     - discard
        local     unix  - n n -     - local
        virtual   unix  - n n -     - virtual
        lmtp      unix  - - n -     - lmtp
        anvil     unix  - - n -     1 anvil
        scache    unix  - - n -     1 scache
        postlog   unix-dgram n - n - 1 postlogd

        """
    }
}
