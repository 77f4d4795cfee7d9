import Logging

/// Log lines as text, in the format of swift-log's `StreamLogHandler`:
///
/// ```
/// 2026-12-01T01:11:43+0000 info postamt: queue=1JT30Q1XAQ55 to=rcpt@example.org [Delivery] delivered
/// ```
///
/// Each line is formatted into octets at once and handed to a ``LogLineWriter``, which
/// writes from a thread of its own. The logger's own metadata (`logger[metadataKey:] = …`:
/// a session's ID, a delivery's queue ID) is kept as values and rendered only with a line
/// that is written; at the usual levels hardly any connection or message writes one.
struct TextLogHandler: LogHandler {
    let label: String
    let writer: LogLineWriter
    let timestamp: LogTimestamp
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    init(label: String, writer: LogLineWriter, timestamp: LogTimestamp, level: Logger.Level = .info, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.writer = writer
        self.timestamp = timestamp
        self.logLevel = level
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        writer.write(line(for: event), promptly: event.level >= .warning)
    }

    /// The line for `event`, with its line feed.
    func line(for event: LogEvent) -> [UInt8] {
        var line = timestamp.now
        line.reserveCapacity(256)
        line.append(UInt8(ascii: " "))
        line += event.level.rawValue.utf8
        if !label.isEmpty {
            line.append(UInt8(ascii: " "))
            line += label.utf8
        }
        line.append(UInt8(ascii: ":"))
        // The logger's metadata, then the provider's, then the line's own, then the error:
        // a later one wins on the same key, as in `StreamLogHandler`. Gathered as pairs in
        // memory on the stack rather than merged into a dictionary (which copied the
        // logger's for every line) or into an array (an allocation for every line).
        let provided = metadataProvider?.get() ?? [:]
        let explicit = event.metadata ?? [:]
        var errorFields: Logger.Metadata = [:]
        if let error = event.error {
            errorFields["error.message"] = "\(error)"
            errorFields["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        let capacity = metadata.count + provided.count + explicit.count + errorFields.count
        withUnsafeTemporaryAllocation(of: (key: String, value: Logger.MetadataValue).self, capacity: capacity) { buffer in
            var count = 0
            func add(_ layer: Logger.Metadata, unlessLater isLater: (String) -> Bool) {
                for field in layer where !isLater(field.key) {
                    buffer.initializeElement(at: count, to: field)
                    count += 1
                }
            }
            // Looked up by index: a subscript would copy each value only to compare it with nil.
            add(metadata) { provided.index(forKey: $0) != nil || explicit.index(forKey: $0) != nil || errorFields.index(forKey: $0) != nil }
            add(provided) { explicit.index(forKey: $0) != nil || errorFields.index(forKey: $0) != nil }
            add(explicit) { errorFields.index(forKey: $0) != nil }
            add(errorFields) { _ in false }
            var fields = UnsafeMutableBufferPointer(rebasing: buffer[..<count])
            fields.sort { $0.key < $1.key }
            for (key, value) in fields {
                line.append(UInt8(ascii: " "))
                line += key.utf8
                line.append(UInt8(ascii: "="))
                line += value.description.utf8
            }
            fields.deinitialize()
        }
        line += " [".utf8
        line += event.source.utf8
        line += "] ".utf8
        line += event.message.description.utf8
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
