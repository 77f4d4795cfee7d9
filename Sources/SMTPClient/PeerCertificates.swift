import NIOConcurrencyHelpers
import NIOCore
import NIOSSL

/// The certificates the server presented, kept when the connection does not verify them
/// (``SMTPClientConnection/CertificateVerification/none``) so that a diagnosis can still
/// show and check them.
final class PeerCertificates: Sendable {
    private let presented = NIOLockedValueBox<[NIOSSLCertificate]>([])

    var chain: [NIOSSLCertificate] { presented.withLockedValue { $0 } }

    /// A TLS client handler that accepts any certificate, as `.none` verification does,
    /// and records the chain on the way.
    func recordingHandler(context: NIOSSLContext, serverName: String?) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: serverName) { [presented] certificates, promise in
            presented.withLockedValue { $0 = certificates }
            promise.succeed(.certificateVerified)
        }
    }
}
