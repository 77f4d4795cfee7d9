/// Inspects raw content (BDAT chunks, RFC 3030) for bare CR, bare LF and line length,
/// across chunk boundaries, so chunked messages meet the same rules as DATA.
public struct LineEndingInspector: Sendable, Hashable {
    private var previousWasCR = false
    private var lineLength = 0
    public private(set) var bareCarriageReturns = 0
    public private(set) var bareLineFeeds = 0
    public private(set) var longestLineLength = 0

    public init() {}

    public mutating func inspect(_ bytes: some Collection<UInt8>) {
        for byte in bytes {
            if previousWasCR {
                previousWasCR = false
                if byte == ASCII.lf {
                    longestLineLength = max(longestLineLength, lineLength)
                    lineLength = 0
                    continue
                }
                bareCarriageReturns += 1
                lineLength += 1
            }
            switch byte {
            case ASCII.cr: previousWasCR = true
            case ASCII.lf:
                bareLineFeeds += 1
                lineLength += 1
            default: lineLength += 1
            }
        }
    }

    /// Call at the end of the content: a trailing CR is bare.
    public mutating func finish() {
        if previousWasCR {
            previousWasCR = false
            bareCarriageReturns += 1
        }
        longestLineLength = max(longestLineLength, lineLength)
    }
}
