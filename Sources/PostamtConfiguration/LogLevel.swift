/// How much the server logs; the same levels, in the same order, as swift-log's
/// `Logger.Level`, so that `Logger.Level(rawValue: level.rawValue)` converts.
public enum LogLevel: String, Sendable, Hashable, CaseIterable, Comparable {
    case trace, debug, info, notice, warning, error, critical

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
