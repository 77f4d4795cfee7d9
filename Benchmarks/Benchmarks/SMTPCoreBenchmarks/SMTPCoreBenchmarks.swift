import Benchmark
import SMTPCore

/// The per-message work of the protocol layer: parsing commands, decoding DATA, encoding
/// it for the next hop, writing replies, and a whole transaction through the server session. Each iteration is one
/// unit of that work, so the figures are per command, per message or per reply.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(3))

    let commands: [[UInt8]] = [
        "EHLO client.example.org", "MAIL FROM:<alice@example.org> SIZE=1024 BODY=8BITMIME",
        "RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com", "DATA", "QUIT",
    ].map { Array($0.utf8) }

    Benchmark("CommandParser: one transaction's 5 command lines") { benchmark in
        for _ in benchmark.scaledIterations {
            for line in commands { blackHole(CommandParser.parse(line)) }
        }
    }

    let message1K = message(size: 1024)
    let message64K = message(size: 65536)
    for (name, bytes) in [("1 KiB", message1K), ("64 KiB", message64K)] {
        Benchmark("DataDecoder: a \(name) message up to its final dot") { benchmark in
            for _ in benchmark.scaledIterations {
                var decoder = DataDecoder(maximumSize: 50_000_000)
                var input = bytes[...]
                var content: [UInt8] = []
                content.reserveCapacity(bytes.count)
                blackHole(decoder.decode(&input, into: &content))
            }
        }
    }

    // The content as the relay sends it: without the final dot, which the encoder adds.
    for (name, bytes) in [("1 KiB", message1K), ("64 KiB", message64K)] {
        let content = Array(bytes.dropLast(3))
        Benchmark("DataEncoder: a \(name) message dot-stuffed for sending") { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(DataEncoder.encode(content))
            }
        }
    }

    let replies = [
        Reply(250, EnhancedStatusCode(.success, 0, 0), "Ok: queued as 0N5TG3K2W8QA"),
        Reply(451, EnhancedStatusCode(.persistentTransientFailure, 3, 0), "Temporary failure, try again later"),
        Reply(250, nil, "mail.example.com Hello\nPIPELINING\nSIZE 26214400\nSTARTTLS\n8BITMIME\nENHANCEDSTATUSCODES\nSMTPUTF8\nCHUNKING"),
    ]
    Benchmark("Reply encoding: three replies (one multi-line EHLO reply)") { benchmark in
        for _ in benchmark.scaledIterations {
            for reply in replies { blackHole(reply.encoded) }
        }
    }

    // As the server writes them: each reply into one array it keeps.
    Benchmark("Reply encoding: the same three into one reused array") { benchmark in
        var octets = [UInt8]()
        for _ in benchmark.scaledIterations {
            for reply in replies {
                octets.removeAll(keepingCapacity: true)
                reply.write(into: &octets)
                blackHole(octets)
            }
        }
    }

    let transaction = Array(("EHLO client.example.org\r\nMAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n").utf8)
    let rest = message1K + Array("QUIT\r\n".utf8)
    Benchmark("ServerSession: a whole 1 KiB transaction, bytes in, actions out") { benchmark in
        for _ in benchmark.scaledIterations {
            var session = ServerSession(configuration: .mx(hostname: "mx.example.com", isStartTLSAvailable: true))
            blackHole(session.start())
            transaction.withUnsafeBytes { blackHole(session.receive($0)) }
            rest.withUnsafeBytes { blackHole(session.receive($0)) }
        }
    }
}

/// A message of about `size` bytes with CRLF lines, ending with the final dot.
func message(size: Int) -> [UInt8] {
    var text = "From: <alice@example.org>\r\nTo: <bob@example.com>\r\nSubject: benchmark\r\n\r\n"
    let line = String(repeating: "x", count: 76) + "\r\n"
    while text.utf8.count < size { text += line }
    return Array((text + ".\r\n").utf8)
}
