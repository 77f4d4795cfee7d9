import NIOCore
import SMTPCore
import Testing

@testable import SMTPServer

@Suite("A client's IP address read from its socket address")
struct IPAddressSocketAddressTests {
    @Test("the same address as its text form parses to", arguments: [
        "192.0.2.1", "127.0.0.1", "255.255.255.255", "0.0.0.0",
        "2001:db8::1", "::1", "::ffff:192.0.2.1", "fe80::1:2:3:4", "2001:db8:85a3:8d3:1319:8a2e:370:7348",
    ])
    func sameAsText(_ text: String) throws {
        let address = try SocketAddress(ipAddress: text, port: 25)
        #expect(IPAddress(socketAddress: address) == IPAddress(text))
        #expect(IPAddress(socketAddress: address)?.description == IPAddress(text)?.description)
    }

    @Test("a Unix domain socket has no IP address")
    func unixDomainSocket() throws {
        #expect(IPAddress(socketAddress: try SocketAddress(unixDomainSocketPath: "/tmp/postamt-test.sock")) == nil)
    }
}
