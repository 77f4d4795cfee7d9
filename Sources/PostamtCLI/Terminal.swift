import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the standard output is connected to, for choosing colour and line width.
struct Terminal {
    var isTerminal: Bool
    var width: Int
    /// Colour only on a terminal and only when NO_COLOR (no-color.org) is not set.
    var supportsColor: Bool

    static var standardOutput: Terminal {
        let isTerminal = isatty(STDOUT_FILENO) == 1
        var size = winsize()
        let width = isTerminal && ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
        let environment = ProcessInfo.processInfo.environment
        let color = isTerminal && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        return Terminal(isTerminal: isTerminal, width: min(width, 100), supportsColor: color)
    }
}
