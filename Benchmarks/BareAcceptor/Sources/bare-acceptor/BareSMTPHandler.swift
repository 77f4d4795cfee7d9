import NIOCore

/// As little SMTP as a client like smtp-source needs: a greeting, a fixed reply to each
/// command by its verb, the content up to the final dot handed to the journal, and the 250
/// after the sync that covers it. No addresses are parsed, no dot is removed, nothing is
/// logged; a pipelined command after the final dot waits for that 250.
final class BareSMTPHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Mode {
        case commands
        /// Reading content; `matched` counts how much of CR LF "." CR LF the last octets were.
        case content(matched: Int)
        /// The content is with the journal; input waits for its 250.
        case committing
    }

    private let journal: Journal
    private var mode = Mode.commands
    private var input: ByteBuffer
    private var message: ByteBuffer

    init(journal: Journal, allocator: ByteBufferAllocator) {
        self.journal = journal
        input = allocator.buffer(capacity: 1024)
        message = allocator.buffer(capacity: 4096)
    }

    func channelActive(context: ChannelHandlerContext) {
        reply("220 bare.bench.test ESMTP\r\n", context: context)
        context.flush()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        input.writeBuffer(&bytes)
        process(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    private func process(context: ChannelHandlerContext) {
        while input.readableBytes > 0 {
            switch mode {
            case .committing:
                return
            case .content(let matched):
                readContent(matched: matched, context: context)
            case .commands:
                guard let line = input.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else { return }
                let length = line - input.readerIndex + 1
                // The verb's four letters as one number, upper case.
                let verb = length >= 4 ? input.getInteger(at: input.readerIndex, as: UInt32.self)! & 0xDFDF_DFDF : 0
                input.moveReaderIndex(forwardBy: length)
                command(verb, context: context)
            }
        }
        input.discardReadBytes()
    }

    private static func verb(_ letters: StaticString) -> UInt32 {
        letters.withUTF8Buffer { $0.reduce(0) { $0 << 8 | UInt32($1) } }
    }

    private static let ehlo = verb("EHLO"), helo = verb("HELO"), mail = verb("MAIL"), rcpt = verb("RCPT")
    private static let data = verb("DATA"), rset = verb("RSET"), noop = verb("NOOP"), quit = verb("QUIT")

    private func command(_ verb: UInt32, context: ChannelHandlerContext) {
        switch verb {
        case Self.ehlo: reply("250-bare.bench.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n", context: context)
        case Self.helo: reply("250 bare.bench.test\r\n", context: context)
        case Self.mail: reply("250 2.1.0 Ok\r\n", context: context)
        case Self.rcpt: reply("250 2.1.5 Ok\r\n", context: context)
        case Self.data:
            mode = .content(matched: 2)
            message.clear()
            reply("354 End data with <CR><LF>.<CR><LF>\r\n", context: context)
        case Self.rset, Self.noop: reply("250 2.0.0 Ok\r\n", context: context)
        case Self.quit:
            reply("221 2.0.0 Bye\r\n", context: context)
            context.flush()
            context.close(mode: .output, promise: nil)
            input.clear()
        default: reply("502 5.5.2 Command not recognized\r\n", context: context)
        }
    }

    /// Moves content octets to the message until CR LF "." CR LF; `matched` starts at 2,
    /// as DATA's own line ended with CR LF.
    private func readContent(matched start: Int, context: ChannelHandlerContext) {
        let terminator: [UInt8] = [13, 10, UInt8(ascii: "."), 13, 10]
        var matched = start
        var end: Int?
        for (index, byte) in zip(input.readableBytesView.indices, input.readableBytesView) {
            if byte == terminator[matched] {
                matched += 1
            } else {
                matched = byte == 13 ? 1 : 0
            }
            if matched == terminator.count {
                end = index + 1
                break
            }
        }
        let length = (end ?? input.writerIndex) - input.readerIndex
        var slice = input.readSlice(length: length)!
        message.writeBuffer(&slice)
        guard end != nil else {
            mode = .content(matched: matched)
            return
        }
        mode = .committing
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        journal.append(message, on: context.eventLoop).whenComplete { result in
            let (handler, context) = loopBound.value
            switch result {
            case .success: handler.reply("250 2.0.0 Ok: queued\r\n", context: context)
            case .failure: handler.reply("451 4.3.0 Journal write failed\r\n", context: context)
            }
            context.flush()
            handler.mode = .commands
            handler.process(context: context)
        }
    }

    private func reply(_ text: StaticString, context: ChannelHandlerContext) {
        var buffer = context.channel.allocator.buffer(capacity: text.utf8CodeUnitCount)
        buffer.writeStaticString(text)
        context.write(wrapOutboundOut(buffer), promise: nil)
    }
}
