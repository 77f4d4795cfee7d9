import ArgumentParser
import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where a password comes from. Never from argv: other users can read a process's
/// arguments in /proc, and shells keep them in their history.
struct PasswordInput: ParsableArguments {
    @Option(name: .customLong("password-file"), help: "Read the password from the first line of this file.")
    var passwordFile: String?

    @Flag(name: .customLong("password-stdin"), help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Option(name: .customLong("password-env"), help: "Read the password from this environment variable.")
    var passwordEnvironment: String?

    /// The password as bytes; prompts on the terminal (twice, without echo) when no other
    /// source is given and `confirm` is set.
    func read(prompt: String, confirm: Bool) throws -> [UInt8] {
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("cannot read the password file \(passwordFile)")
            }
            return try nonEmpty(firstLine(text))
        }
        if passwordStdin {
            return try nonEmpty(firstLine(String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)))
        }
        if let passwordEnvironment {
            guard let value = ProcessInfo.processInfo.environment[passwordEnvironment] else {
                throw ValidationError("the environment variable \(passwordEnvironment) is not set")
            }
            return try nonEmpty(value)
        }
        let first = try promptWithoutEcho(prompt)
        if confirm {
            let second = try promptWithoutEcho("Again: ")
            guard first == second else { throw ValidationError("the passwords differ") }
        }
        return try nonEmpty(first)
    }

    private func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            .trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
    }

    private func nonEmpty(_ text: String) throws -> [UInt8] {
        guard !text.isEmpty else { throw ValidationError("the password is empty") }
        return Array(text.utf8)
    }

    private func promptWithoutEcho(_ prompt: String) throws -> String {
        let tty = open("/dev/tty", O_RDWR)
        guard tty >= 0 else {
            throw ValidationError("no terminal to ask for the password: use --password-file, --password-stdin or --password-env")
        }
        defer { close(tty) }
        _ = prompt.withCString { write(tty, $0, strlen($0)) }
        var original = termios()
        tcgetattr(tty, &original)
        var silent = original
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(tty, TCSAFLUSH, &silent)
        defer {
            tcsetattr(tty, TCSAFLUSH, &original)
            _ = write(tty, "\n", 1)
        }
        var bytes = [UInt8]()
        var byte: UInt8 = 0
        while Glibc.read(tty, &byte, 1) == 1, byte != 0x0A {
            bytes.append(byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
