/// Decodes message content after DATA: finds the end of data, undoes dot-stuffing, counts
/// the size and inspects line endings, without buffering more than it hands out.
///
/// The end of data is only ever CRLF "." CRLF (RFC 5321 §4.1.1.4), where the first CRLF
/// may be the one that ended the DATA command. Bare LF and bare CR never start or end a
/// line here, so `\n.\n`, `\r.\r`, `\n.\r\n`, `\r\n.\n` and the like are content, not an end.
///
/// Dot-stuffing (RFC 5321 §4.5.2): a line that starts with a dot has that dot removed.
///
/// - SeeAlso: RFC 5321 §4.1.1.4, §4.5.2, §4.5.3.1.6 (text line length), §2.3.8 (CRLF).
public struct DataDecoder: Sendable {
    /// Octets of content after which further content is counted but no longer returned.
    public let maximumSize: UInt64?
    public let bareLineEndingPolicy: BareLineEndingPolicy

    /// RFC 5321 §4.5.3.1.6: 1000 octets including CRLF.
    public static let maximumTextLineLength = 1000

    private var state: State = .lineStart
    private var size: UInt64 = 0
    private var bareCarriageReturns = 0
    private var bareLineFeeds = 0
    private var lineLength = 0
    private var longestLine = 0

    private enum State {
        /// Just after CRLF (or at the very start).
        case lineStart
        /// After a dot at the start of a line.
        case lineStartDot
        /// After CRLF ".": a following LF ends the data.
        case lineStartDotCR
        case inLine
        /// After a CR inside a line; the next byte decides whether it was a line end.
        case inLineCR
    }

    public init(maximumSize: UInt64?, bareLineEndingPolicy: BareLineEndingPolicy = .reject) {
        self.maximumSize = maximumSize
        self.bareLineEndingPolicy = bareLineEndingPolicy
    }

    /// How the content ended.
    public struct Outcome: Sendable, Hashable {
        /// Octets of content after unstuffing (and normalizing), counted to the end even
        /// past the limit.
        public var size: UInt64
        public var exceedsMaximumSize: Bool
        public var bareCarriageReturns: Int
        public var bareLineFeeds: Int
        /// The longest line in octets, not counting its CRLF.
        public var longestLineLength: Int

        public var hasBareLineEndings: Bool { bareCarriageReturns > 0 || bareLineFeeds > 0 }
        public var hasOverlongLines: Bool { longestLineLength + 2 > DataDecoder.maximumTextLineLength }
    }

    /// Decodes from the front of `input`, appending content to `content`.
    ///
    /// Returns the outcome once the end of data has been read; `input` then holds what
    /// followed it (pipelined commands). Returns `nil` when all of `input` was content.
    public mutating func decode(_ input: inout ArraySlice<UInt8>, into content: inout [UInt8]) -> Outcome? {
        let (end, outcome) = input.withUnsafeBufferPointer { decode($0, into: &content) }
        input = input.dropFirst(end)
        return outcome
    }

    /// Decodes from the start of `input`, appending content to `content`: the bytes of a
    /// read as they are, without a copy of them first.
    ///
    /// Returns the offset after what was taken, and the outcome once the end of data has
    /// been read; what follows that offset came after the end (pipelined commands). The
    /// offset is `input.count` and the outcome `nil` when all of `input` was content.
    public mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into content: inout [UInt8]) -> (end: Int, outcome: Outcome?) {
        let bytes = UnsafeRawBufferPointer(input)
        var index = 0
        let end = input.count
        while index < end {
            let byte = input[index]
            switch state {
            case .inLine:
                // Fast path: copy the run up to the next CR or LF at once.
                let runEnd = LineEndingSearch.firstLineEnding(in: bytes, from: index)
                if runEnd > index {
                    emit(UnsafeBufferPointer(rebasing: input[index..<runEnd]), into: &content)
                    lineLength += runEnd - index
                    index = runEnd
                    continue
                }
                if byte == ASCII.cr {
                    state = .inLineCR
                } else {
                    bareLineFeed(into: &content)
                }
            case .inLineCR:
                if byte == ASCII.lf {
                    endLine(into: &content)
                    state = .lineStart
                } else {
                    bareCarriageReturn(into: &content)
                    // Re-read this byte as the next byte of the line.
                    state = .inLine
                    continue
                }
            case .lineStart:
                // Fast path: whole lines with nothing to undo, passed on in one copy.
                let plain = LineEndingSearch.plainLines(in: bytes, from: index)
                if plain.end > index {
                    emit(UnsafeBufferPointer(rebasing: input[index..<plain.end]), into: &content)
                    longestLine = max(longestLine, plain.longestLine)
                    index = plain.end
                    continue
                }
                switch byte {
                case ASCII.dot:
                    state = .lineStartDot
                case ASCII.cr:
                    state = .inLineCR
                default:
                    state = .inLine
                    continue
                }
            case .lineStartDot:
                if byte == ASCII.cr {
                    state = .lineStartDotCR
                } else {
                    // The leading dot is dropped whatever follows; a second dot stays as content.
                    state = .inLine
                    if byte == ASCII.dot {
                        emit(CollectionOfOne(ASCII.dot), into: &content)
                        lineLength += 1
                    } else {
                        continue
                    }
                }
            case .lineStartDotCR:
                if byte == ASCII.lf {
                    return (index + 1, finish())
                }
                // "." CR followed by something else: the dot was stuffing, the CR is bare.
                bareCarriageReturn(into: &content)
                state = .inLine
                continue
            }
            index += 1
        }
        return (end, nil)
    }

    private mutating func emit(_ bytes: some Collection<UInt8>, into content: inout [UInt8]) {
        size += UInt64(bytes.count)
        if let maximumSize, size > maximumSize { return }
        content.append(contentsOf: bytes)
    }

    /// Made once: an array literal here would be an allocation for every line.
    private static let lineEnding: [UInt8] = [ASCII.cr, ASCII.lf]

    private mutating func endLine(into content: inout [UInt8]) {
        emit(Self.lineEnding, into: &content)
        longestLine = max(longestLine, lineLength)
        lineLength = 0
    }

    private mutating func bareCarriageReturn(into content: inout [UInt8]) {
        bareCarriageReturns += 1
        bareLineEnding(ASCII.cr, into: &content)
    }

    private mutating func bareLineFeed(into content: inout [UInt8]) {
        bareLineFeeds += 1
        bareLineEnding(ASCII.lf, into: &content)
    }

    /// A bare line ending never starts a new line for dot handling or the end of data;
    /// with `.normalize` it is written out as CRLF, with `.reject` it is kept (the message
    /// will be discarded anyway) so the size stays honest.
    private mutating func bareLineEnding(_ byte: UInt8, into content: inout [UInt8]) {
        switch bareLineEndingPolicy {
        case .normalize:
            emit(Self.lineEnding, into: &content)
            longestLine = max(longestLine, lineLength)
            lineLength = 0
        case .reject:
            emit(CollectionOfOne(byte), into: &content)
            lineLength += 1
        }
    }

    private mutating func finish() -> Outcome {
        let outcome = Outcome(
            size: size,
            exceedsMaximumSize: maximumSize.map { size > $0 } ?? false,
            bareCarriageReturns: bareCarriageReturns,
            bareLineFeeds: bareLineFeeds,
            longestLineLength: max(longestLine, lineLength)
        )
        self = DataDecoder(maximumSize: maximumSize, bareLineEndingPolicy: bareLineEndingPolicy)
        return outcome
    }
}
