import CCoreSteering
import Glibc

/// The cores threads run on, and the program that picks a listening socket by core: the
/// Linux interfaces behind ``ConnectionSteering``.
enum CoreAffinity {
    /// Why steering by core could not be set up.
    enum Unavailable: Error, CustomStringConvertible {
        case coresNotCovered(allowed: [Int], loops: Int)
        case system(call: String, errno: CInt)

        var description: String {
            switch self {
            case .coresNotCovered(let allowed, let loops):
                "the process may run on cores \(allowed), which leave some of its \(loops) event loops without one"
            case .system(let call, let code):
                "\(call): \(String(cString: strerror(code)))"
            }
        }
    }

    /// The cores loop `index` of `count` runs on while connections are steered: those of
    /// `allowed` whose number leaves `index` divided by `count`, as the steering program
    /// computes it.
    static func cores(forLoop index: Int, of count: Int, allowed: [Int]) -> [Int] {
        allowed.filter { $0 % count == index }
    }

    /// The cores of `allowed` for each of `loopCount` loops; throws if one would get none.
    static func plan(loopCount: Int, allowed: [Int]) throws(Unavailable) -> [[Int]] {
        let plan = (0..<loopCount).map { cores(forLoop: $0, of: loopCount, allowed: allowed) }
        guard plan.allSatisfy({ !$0.isEmpty }) else { throw .coresNotCovered(allowed: allowed, loops: loopCount) }
        return plan
    }

    /// The cores the calling thread may run on.
    static func currentThreadCores() throws(Unavailable) -> [Int] {
        var mask = [UInt8](repeating: 0, count: maskSize)
        guard core_steering_get_affinity(&mask, mask.count) == 0 else {
            throw .system(call: "sched_getaffinity", errno: errno)
        }
        return (0..<(mask.count * 8)).filter { mask[$0 / 8] & (1 << UInt8($0 % 8)) != 0 }
    }

    /// Lets the calling thread run only on `cores`.
    static func bindCurrentThread(to cores: [Int]) throws(Unavailable) {
        var mask = [UInt8](repeating: 0, count: maskSize)
        for core in cores where core >= 0 && core / 8 < mask.count {
            mask[core / 8] |= 1 << UInt8(core % 8)
        }
        guard core_steering_set_affinity(mask, mask.count) == 0 else {
            throw .system(call: "sched_setaffinity", errno: errno)
        }
    }

    /// Has the `SO_REUSEPORT` group of listening socket `descriptor` give a new connection
    /// to its socket number *c* mod `socketCount`, *c* being the core that processed the
    /// connection's handshake. The group numbers its sockets in the order they started
    /// listening.
    static func steerByCore(_ descriptor: CInt, socketCount: Int) throws(Unavailable) {
        guard core_steering_attach(descriptor, UInt32(socketCount)) == 0 else {
            throw .system(call: "setsockopt(SO_ATTACH_REUSEPORT_CBPF)", errno: errno)
        }
    }

    /// Has the group of `descriptor` pick a socket by the kernel's hash of the connection's
    /// addresses again.
    static func steerByHash(_ descriptor: CInt) throws(Unavailable) {
        guard core_steering_attach_hash(descriptor) == 0 else {
            throw .system(call: "setsockopt(SO_ATTACH_REUSEPORT_CBPF)", errno: errno)
        }
    }

    /// Octets of a core mask: glibc's `CPU_SETSIZE` of 1024 cores.
    private static let maskSize = 128
}
