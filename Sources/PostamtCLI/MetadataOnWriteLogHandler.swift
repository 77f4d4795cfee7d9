import Logging

/// A log handler that keeps a logger's own metadata (`logger[metadataKey:] = …`) and hands
/// it to `base` only with a line that is written.
///
/// swift-log's `StreamLogHandler` renders its metadata to text whenever it changes. The
/// server gives every session its session ID and every delivery its queue ID that way,
/// which rendered metadata for each connection and message although, at the usual log
/// levels, hardly any of them writes a line.
struct MetadataOnWriteLogHandler<Base: LogHandler>: LogHandler {
    private var base: Base
    var metadata: Logger.Metadata = [:]

    init(_ base: Base) {
        self.base = base
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var event = event
        if !metadata.isEmpty {
            // A key given with the line wins over the logger's, as in swift-log's handlers.
            event.metadata = metadata.merging(event.metadata ?? [:]) { _, explicit in explicit }
        }
        base.log(event: event)
    }
}
