// The parts of a route for outbound mail, as a [[transport]] table, a --transport entry and
// the --relay-… flags write them.
extension SettingValue {
    /// A recipient domain, or `*` for every domain without a route of its own.
    static func transportDomain(_ text: String) -> Result<String, InvalidValue> {
        text == Transport.everyDomain ? .success(text) : domain(text)
    }

    /// `host[:port]`; without a port the TLS mode decides it, so it is left nil here.
    static func relayAddress(_ text: String) -> Result<HostPort, InvalidValue> {
        switch HostPort.parse(text, portRequired: false) {
        case .success(let address) where address.port == 0:
            .failure(InvalidValue("port 0 is not a port to connect to"))
        case .success(let address):
            .success(address)
        case .failure(let problem):
            .failure(InvalidValue(problem.message(text, example: "smtp.example.net:587")))
        }
    }

    static func tlsMode(_ text: String) -> Result<Transport.TLSMode, InvalidValue> {
        enumeration(text, Transport.TLSMode.self, what: "tls mode")
    }

    /// A login name: anything but nothing, as relays differ in what they accept.
    static func username(_ text: String) -> Result<String, InvalidValue> {
        text.allSatisfy(\.isWhitespace) ? .failure(InvalidValue("must not be empty")) : .success(text)
    }
}
