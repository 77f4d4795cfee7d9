import Testing

@testable import PostamtConfiguration

/// The defaults the tests start from: the same as the real ones but with a fixed host
/// name, so that no test depends on the machine it runs on.
let testDefaults = PostamtConfiguration(hostname: "mx.test")

/// Loads `text` as `postamt.toml` on top of ``testDefaults``.
func load(
    _ text: String?, environment: [String: String] = [:], flags: ConfigurationOverrides = ConfigurationOverrides()
) -> Result<PostamtConfiguration, ConfigurationErrors> {
    PostamtConfiguration.load(fileText: text, fileName: "postamt.toml", environment: environment, flags: flags, defaults: testDefaults)
}

/// The configuration `text` produces; records an issue listing the errors if it fails.
func loaded(
    _ text: String?, environment: [String: String] = [:], flags: ConfigurationOverrides = ConfigurationOverrides(),
    sourceLocation: SourceLocation = #_sourceLocation
) -> PostamtConfiguration? {
    switch load(text, environment: environment, flags: flags) {
    case .success(let configuration):
        return configuration
    case .failure(let errors):
        Issue.record("unexpected errors:\n\(errors)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The errors loading produces (none when it succeeds).
func errors(
    _ text: String?, environment: [String: String] = [:], flags: ConfigurationOverrides = ConfigurationOverrides()
) -> [ConfigurationError] {
    if case .failure(let errors) = load(text, environment: environment, flags: flags) { return errors.errors }
    return []
}

/// Parses `text` with the TOML parser alone.
func parse(_ text: String) -> TOMLDocument {
    TOMLParser.parse(text)
}

extension TOMLValue.Kind {
    /// The plain value, for comparing with literals in tables of cases.
    var plain: Plain {
        switch self {
        case .string(let text): .string(text)
        case .integer(let number): .integer(number)
        case .boolean(let flag): .boolean(flag)
        case .array(let elements): .array(elements.map(\.kind.plain))
        case .table, .tableArray: .table
        case .invalid: .invalid
        }
    }
}

/// A TOML value without lines, for test expectations.
indirect enum Plain: Hashable, CustomStringConvertible {
    case string(String), integer(Int), boolean(Bool), array([Plain]), table, invalid

    var description: String {
        switch self {
        case .string(let text): "\"\(text)\""
        case .integer(let number): "\(number)"
        case .boolean(let flag): "\(flag)"
        case .array(let elements): "[\(elements.map(\.description).joined(separator: ", "))]"
        case .table: "table"
        case .invalid: "invalid"
        }
    }
}

