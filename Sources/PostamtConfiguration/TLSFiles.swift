/// The certificate chain and private key the server presents, as PEM file paths.
public struct TLSFiles: Sendable, Hashable {
    /// The certificate chain: the server's certificate first, then intermediates.
    public var certificate: String
    public var privateKey: String

    public init(certificate: String, privateKey: String) {
        self.certificate = certificate
        self.privateKey = privateKey
    }
}
