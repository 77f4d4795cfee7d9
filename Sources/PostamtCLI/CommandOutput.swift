import ArgumentParser
import Foundation

/// Prints `value` as the `--json` output of every command: pretty, sorted keys, dates in
/// ISO 8601.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// The PEM certificates of a `--ca-file`, for commands that trust a private CA.
func certificates(fromCAFile path: String) throws -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.contains("-----BEGIN CERTIFICATE-----") else {
        throw ValidationError("--ca-file: cannot read certificates from \(path)")
    }
    return text
}
