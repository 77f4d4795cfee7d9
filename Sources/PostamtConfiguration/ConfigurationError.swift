/// One thing wrong with the configuration, and where it was written.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where a setting came from.
    public enum Source: Sendable, Hashable {
        /// The configuration file, by the name it was given as.
        case file(String)
        /// An environment variable, e.g. `POSTAMT_MX`.
        case environment(String)
        /// A command-line flag, e.g. `--mx`.
        case flag(String)
    }

    /// The file, variable or flag the wrong setting was given in.
    public var source: Source
    /// The line in the file; nil for the environment, flags, and a file that cannot be read.
    public var line: Int?
    /// The setting as the file names it, e.g. `limits.max_recipients`; nil for syntax errors.
    public var key: String?
    /// What is wrong, and where possible how to write it instead.
    public var message: String

    public init(source: Source, line: Int? = nil, key: String? = nil, message: String) {
        self.source = source
        self.line = line
        self.key = key
        self.message = message
    }

    /// Like a compiler: `postamt.toml:12: limits.max_recipients: must be at least 1`,
    /// `environment variable POSTAMT_MX: …`, `flag --mx: …`.
    public var description: String {
        switch source {
        case .file(let name):
            let location = line.map { "\(name):\($0)" } ?? name
            return [location, key.flatMap { $0.isEmpty ? nil : $0 }, message].compactMap { $0 }.joined(separator: ": ")
        case .environment(let variable):
            return "environment variable \(variable): \(message)"
        case .flag(let flag):
            return "flag \(flag): \(message)"
        }
    }
}

/// Every error found while loading the configuration, file errors first in line order,
/// then the environment's, then the flags'.
public struct ConfigurationErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [ConfigurationError]

    public init(errors: [ConfigurationError]) {
        self.errors = errors
    }

    /// One error per line.
    public var description: String {
        errors.map(\.description).joined(separator: "\n")
    }
}
