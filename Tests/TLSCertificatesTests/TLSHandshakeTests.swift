import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import Testing

@testable import TLSCertificates

/// Real handshakes over loopback with BoringSSL (NIOSSL), the TLS library of the server and
/// its tests: each certificate must be accepted, or refused for the reason it was made for.
@Suite("TLS handshakes with the generated certificates")
struct TLSHandshakeTests {
    enum Outcome: Equatable {
        case established
        /// NIOSSL's RFC 6125 check: the chain is trusted but names another server.
        case wrongHostname
        /// BoringSSL refused the chain (untrusted, expired, not yet valid), or the connection closed.
        case refused
    }

    /// Sends a byte as soon as the connection is up; NIOSSL holds it back until the handshake
    /// has succeeded, so the server's echo proves an established TLS session.
    final class HandshakeObserver: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let outcome: EventLoopPromise<Outcome>
        init(outcome: EventLoopPromise<Outcome>) { self.outcome = outcome }

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(NIOAny(ByteBuffer(string: "?")), promise: nil)
            context.fireChannelActive()
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            outcome.succeed(.established)
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            let isHostname = (error as? NIOSSLExtraError) == .failedToValidateHostname
            outcome.succeed(isHostname ? .wrongHostname : .refused)
            context.close(promise: nil)
        }
        func channelInactive(context: ChannelHandlerContext) {
            outcome.succeed(.refused)
            context.fireChannelInactive()
        }
    }

    /// Sends back what it reads, behind the server's TLS handler.
    final class Echo: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            context.writeAndFlush(data, promise: nil)
        }
        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }

    static func handshake(
        server: SelfSignedCertificate, trusting roots: [SelfSignedCertificate], hostname: String?
    ) async throws -> Outcome {
        let serverContext = try NIOSSLContext(
            configuration: .makeServerConfiguration(
                certificateChain: [
                    .certificate(try NIOSSLCertificate(bytes: Array(server.certificatePEM.utf8), format: .pem))
                ],
                privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(server.privateKeyPEM.utf8), format: .pem))))
        var clientConfiguration = TLSConfiguration.makeClientConfiguration()
        clientConfiguration.trustRoots = .certificates(
            try roots.map { try NIOSSLCertificate(bytes: Array($0.certificatePEM.utf8), format: .pem) })
        let clientContext = try NIOSSLContext(configuration: clientConfiguration)

        let group = MultiThreadedEventLoopGroup.singleton
        let listener = try await ServerBootstrap(group: group)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: serverContext))
                    try channel.pipeline.syncOperations.addHandler(Echo())
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let outcome = group.any().makePromise(of: Outcome.self)
        do {
            let client = try await ClientBootstrap(group: group)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            NIOSSLClientHandler(context: clientContext, serverHostname: hostname))
                        try channel.pipeline.syncOperations.addHandler(HandshakeObserver(outcome: outcome))
                    }
                }
                .connect(to: try #require(listener.localAddress)).get()
            let result = try await outcome.futureResult.get()
            try? await client.close()
            try await listener.close()
            return result
        } catch {
            outcome.fail(error)
            try? await listener.close()
            throw error
        }
    }

    @Test("a certificate issued by a trusted CA is accepted for its name and refused for another")
    func issuedCertificate() async throws {
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try SelfSignedCertificate.make(hostnames: ["mail.example.test"], issuer: ca)
        #expect(try await Self.handshake(server: leaf, trusting: [ca], hostname: "mail.example.test") == .established)
        #expect(
            try await Self.handshake(server: leaf, trusting: [ca], hostname: "other.example.test") == .wrongHostname)
    }

    @Test("a self-signed certificate is accepted by a client that trusts it, for its name only")
    func selfSignedTrusted() async throws {
        let made = try SelfSignedCertificate.make(hostnames: ["localhost"])
        #expect(try await Self.handshake(server: made, trusting: [made], hostname: "localhost") == .established)
        #expect(
            try await Self.handshake(server: made, trusting: [made], hostname: "mail.example.test") == .wrongHostname)
    }

    @Test("an IP address name matches the address the client connected to")
    func ipAddressName() async throws {
        let withIP = try SelfSignedCertificate.make(hostnames: ["mail.example.test"], ipAddresses: ["127.0.0.1"])
        #expect(try await Self.handshake(server: withIP, trusting: [withIP], hostname: nil) == .established)
        // NIOSSL also accepts the connected address when the hostname does not match.
        #expect(
            try await Self.handshake(server: withIP, trusting: [withIP], hostname: "other.example.test") == .established
        )
        let otherIP = try SelfSignedCertificate.make(hostnames: ["mail.example.test"], ipAddresses: ["127.0.0.2"])
        #expect(try await Self.handshake(server: otherIP, trusting: [otherIP], hostname: nil) == .wrongHostname)
    }

    @Test("a certificate nobody trusts is refused")
    func untrusted() async throws {
        let made = try SelfSignedCertificate.make(hostnames: ["localhost"])
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let other = try SelfSignedCertificate.make(hostnames: ["localhost"])
        #expect(try await Self.handshake(server: made, trusting: [ca, other], hostname: "localhost") == .refused)
    }

    @Test("an expired certificate is refused even when trusted")
    func expired() async throws {
        let aMonthAgo = Date(timeIntervalSinceNow: -30 * 86400)
        let made = try SelfSignedCertificate.make(hostnames: ["localhost"], notBefore: aMonthAgo, validity: 86400)
        #expect(try await Self.handshake(server: made, trusting: [made], hostname: "localhost") == .refused)
        let ca = try SelfSignedCertificate.makeCertificateAuthority(name: "Postamt Test CA")
        let leaf = try SelfSignedCertificate.make(
            hostnames: ["localhost"], notBefore: aMonthAgo, validity: 86400, issuer: ca)
        #expect(try await Self.handshake(server: leaf, trusting: [ca], hostname: "localhost") == .refused)
    }

    @Test("a certificate that is not valid yet is refused")
    func notYetValid() async throws {
        let made = try SelfSignedCertificate.make(
            hostnames: ["localhost"], notBefore: Date(timeIntervalSinceNow: 86400))
        #expect(try await Self.handshake(server: made, trusting: [made], hostname: "localhost") == .refused)
    }
}
