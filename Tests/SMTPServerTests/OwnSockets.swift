import Foundation

/// This process's TCP sockets on 127.0.0.1 whose local port is `port`: the listening ones,
/// and the connections a listener on that port accepted (those with a peer).
func ownSockets(onPort port: Int) -> (listening: [Int32], accepted: [Int32]) {
    let descriptors = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap(Int32.init)
    var listening = [Int32]()
    var accepted = [Int32]()
    for descriptor in descriptors {
        var local = sockaddr_in()
        var localLength = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &localLength) == 0 }
        }
        guard named, local.sin_family == sa_family_t(AF_INET), Int(UInt16(bigEndian: local.sin_port)) == port else { continue }
        var listens: Int32 = 0
        var optionLength = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listens, &optionLength) == 0, listens == 1 {
            listening.append(descriptor)
            continue
        }
        var peer = sockaddr_storage()
        var peerLength = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let connected = withUnsafeMutablePointer(to: &peer) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(descriptor, $0, &peerLength) == 0 }
        }
        if connected { accepted.append(descriptor) }
    }
    return (listening, accepted)
}
