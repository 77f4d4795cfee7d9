/// Waits until `condition` holds, checking every 20 ms, for at most `limit`; returns
/// whether it came true. For things that happen after an asynchronous step (a log line after
/// a sink's 250, a connection closed by a timer), never as a measure of speed.
@discardableResult
public func eventually(within limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}
