import NIOCore
import NIOPosix

/// bare-acceptor PORT JOURNAL [RING-MEGABYTES]
///
/// Listens on 127.0.0.1:PORT with one event loop per core and accepts mail into JOURNAL
/// with group commit (see `Journal`); a 250 goes out only after the sync that covers its
/// message. The reference `scripts/bench --bare` runs beside Postamt: SMTP over SwiftNIO and
/// a durable write, nothing else.
let arguments = CommandLine.arguments
guard arguments.count >= 3, let port = Int(arguments[1]) else {
    print("usage: bare-acceptor PORT JOURNAL [RING-MEGABYTES]")
    exit(2)
}
let megabytes = arguments.count > 3 ? Int(arguments[3]) ?? 64 : 64
let journal = try Journal(path: arguments[2], capacity: megabytes << 20)
let group = MultiThreadedEventLoopGroup(numberOfThreads: System.coreCount)
let channel = try await ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 1024)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .serverChannelOption(.tcpOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
                BareSMTPHandler(journal: journal, allocator: channel.allocator))
        }
    }
    .bind(host: "127.0.0.1", port: port)
    .get()
try await channel.closeFuture.get()
