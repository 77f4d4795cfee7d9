import CLibUnbound

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The answer to one query, or why there is none. Never thrown across the loop: it is
/// handed to the waiting task as a value.
typealias UnboundOutcome = Result<UnboundAnswer, DNSError>
typealias UnboundContinuation = CheckedContinuation<UnboundOutcome, Never>

/// A libunbound context driven by one dedicated thread.
///
/// libunbound's asynchronous mode resolves on a background thread of its own and reports
/// answers through a pipe (`ub_fd`); `ub_process` reads them and calls the callbacks on
/// the calling thread. This loop is the only thread that calls libunbound after setup:
/// it submits queries (`ub_resolve_async`), processes answers, cancels queries that
/// timed out or whose task was cancelled, and finally deletes the context. Callers talk
/// to it through a locked inbox and a wake-up pipe; each query's continuation is resumed
/// exactly once, always on this thread. That confinement is what makes the design free of
/// data races without locking libunbound's callbacks: the table of queries in flight is
/// a plain object that only this thread ever touches.
final class UnboundEventLoop: Sendable {
    private let context: UnboundContext
    private let inbox = Locked(Inbox())
    private let wakeupRead: Int32
    private let wakeupWrite: Int32
    private let thread = Locked<ThreadHandle?>(nil)

    /// Takes ownership of `context` (fully configured) and starts the thread. On failure
    /// the context is deleted.
    init(context: OpaquePointer) throws(UnboundSetupError) {
        self.context = UnboundContext(pointer: context)
        var descriptors: [Int32] = [-1, -1]
        guard pipe(&descriptors) == 0 else {
            let reason = String(cString: strerror(errno))
            ub_ctx_delete(context)
            throw UnboundSetupError("cannot create the resolver's wake-up pipe: \(reason)")
        }
        for descriptor in descriptors {
            // Non-blocking: a full pipe already means "wake up", and the loop drains it
            // without ever blocking. Close-on-exec: children must not inherit it.
            _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        wakeupRead = descriptors[0]
        wakeupWrite = descriptors[1]

        var handle = pthread_t()
        let retained = Unmanaged.passRetained(self)
        let result = pthread_create(
            &handle, nil,
            { argument in
                let loop = Unmanaged<UnboundEventLoop>.fromOpaque(argument!).takeRetainedValue()
                loop.run()
                return nil
            }, retained.toOpaque())
        guard result == 0 else {
            retained.release()
            close(wakeupRead)
            close(wakeupWrite)
            ub_ctx_delete(context)
            throw UnboundSetupError("cannot start the resolver thread: \(String(cString: strerror(result)))")
        }
        thread.withLock { $0 = ThreadHandle(thread: handle) }
    }

    /// Resolves `name` (already validated) and waits for the answer, at most `timeout`.
    ///
    /// Cancelling the calling task cancels the query in libunbound and returns
    /// `temporaryFailure` at once: the typed-throws API has no cancellation error, and a
    /// cancelled lookup is, for the caller, one to try again later.
    func resolve(_ name: String, _ type: RecordType, timeout: Duration) async -> UnboundOutcome {
        let ticket = QueryTicket(name: name, type: type, deadline: .now + timeout, timeout: timeout)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: UnboundContinuation) in
                if !send(.resolve(ticket, continuation)) {
                    continuation.resume(returning: .failure(Self.shutDownError))
                }
            }
        } onCancel: {
            // The flag covers a cancellation that arrives before the loop has submitted
            // the query; the command covers one that arrives after.
            ticket.markCancelled()
            _ = send(.cancel(ticket))
        }
    }

    /// Fails the queries in flight with `temporaryFailure`, stops the thread and deletes
    /// the libunbound context; later queries fail at once. Waits for the thread to end.
    func shutdown() {
        let first = inbox.withLock { inbox in
            guard !inbox.isStopping else { return false }
            inbox.isStopping = true
            wake()
            return true
        }
        guard first, let handle = thread.withLock({ handle in defer { handle = nil }; return handle }) else { return }
        if pthread_equal(handle.thread, pthread_self()) != 0 {
            pthread_detach(handle.thread)
        } else {
            pthread_join(handle.thread, nil)
        }
    }

    static let shutDownError = DNSError.temporaryFailure("the DNS resolver has been shut down")

    // MARK: - The caller's side

    /// Puts a command in the inbox and wakes the loop; false once the loop is stopping.
    private func send(_ command: Command) -> Bool {
        inbox.withLock { inbox in
            guard !inbox.isStopping else { return false }
            inbox.commands.append(command)
            // Written under the lock: once the loop has seen `isStopping` it closes the
            // pipe, and no writer may still be on its way to the descriptor then.
            wake()
            return true
        }
    }

    private func wake() {
        var byte: UInt8 = 1
        // EAGAIN means the pipe is full, so the loop is awake anyway.
        _ = write(wakeupWrite, &byte, 1)
    }

    // MARK: - The loop thread

    private func run() {
        let table = InFlightTable(context: context.pointer)
        var descriptors = [
            pollfd(fd: ub_fd(context.pointer), events: Int16(POLLIN), revents: 0),
            pollfd(fd: wakeupRead, events: Int16(POLLIN), revents: 0),
        ]
        var isStopping = false
        while !isStopping {
            descriptors[0].revents = 0
            descriptors[1].revents = 0
            let ready = poll(&descriptors, 2, table.pollTimeout(now: .now))
            if ready < 0 {
                // EINTR and ENOMEM are passing; anything else is a bug in the descriptors.
                precondition(errno == EINTR || errno == ENOMEM, "poll failed: \(String(cString: strerror(errno)))")
                continue
            }
            if descriptors[1].revents != 0 { drainWakeups() }
            let commands: [Command]
            (commands, isStopping) = inbox.withLock { inbox in
                defer { inbox.commands.removeAll() }
                return (inbox.commands, inbox.isStopping)
            }
            for command in commands {
                switch command {
                case .resolve(let ticket, let continuation):
                    if isStopping {
                        continuation.resume(returning: .failure(Self.shutDownError))
                    } else {
                        table.submit(ticket, continuation)
                    }
                case .cancel(let ticket):
                    table.cancel(ticket, because: ticket.cancelledError)
                }
            }
            if descriptors[0].revents != 0 {
                // Runs the callbacks of every answer that has arrived. An error here (the
                // background worker is gone) leaves queries unanswered; their deadlines
                // still end them.
                _ = ub_process(context.pointer)
            }
            table.expire(now: .now)
        }
        table.cancelAll(because: Self.shutDownError)
        ub_ctx_delete(context.pointer)
        close(wakeupRead)
        close(wakeupWrite)
    }

    private func drainWakeups() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(wakeupRead, &buffer, buffer.count) > 0 {}
    }

    private enum Command: Sendable {
        case resolve(QueryTicket, UnboundContinuation)
        case cancel(QueryTicket)
    }

    private struct Inbox: Sendable {
        var commands: [Command] = []
        var isStopping = false
    }

    private struct ThreadHandle: @unchecked Sendable {
        // @unchecked: on Darwin `pthread_t` is a pointer; it is only passed to pthread calls.
        let thread: pthread_t
    }
}

/// The `ub_ctx*` of a resolver.
struct UnboundContext: @unchecked Sendable {
    // @unchecked: the pointer crosses from the thread that configures the context to the
    // loop thread once, before any query; from then on only the loop thread uses it (and
    // libunbound guards its context with its own locks besides).
    let pointer: OpaquePointer
}

/// One query's identity from the caller to the loop, and its cancellation flag.
final class QueryTicket: Sendable {
    let name: String
    let type: RecordType
    let deadline: ContinuousClock.Instant
    let timeout: Duration
    private let cancelled = Locked(false)

    init(name: String, type: RecordType, deadline: ContinuousClock.Instant, timeout: Duration) {
        self.name = name
        self.type = type
        self.deadline = deadline
        self.timeout = timeout
    }

    func markCancelled() { cancelled.withLock { $0 = true } }
    var isCancelled: Bool { cancelled.withLock { $0 } }

    var cancelledError: DNSError { .temporaryFailure("the lookup of \(name) \(type) was cancelled") }
    var timeoutError: DNSError { .temporaryFailure("no answer for \(name) \(type) within \(timeout)") }
}

/// The queries submitted to libunbound and not yet answered. Lives on the loop thread
/// only (so it needs no lock and is deliberately not Sendable).
private final class InFlightTable {
    let context: OpaquePointer
    var queries: [ObjectIdentifier: InFlightQuery] = [:]

    init(context: OpaquePointer) { self.context = context }

    func submit(_ ticket: QueryTicket, _ continuation: UnboundContinuation) {
        if ticket.isCancelled {
            continuation.resume(returning: .failure(ticket.cancelledError))
            return
        }
        let query = InFlightQuery(ticket: ticket, continuation: continuation, table: self)
        queries[ObjectIdentifier(ticket)] = query
        // The +1 travels through libunbound as `mydata` and is taken back by exactly one
        // of: the callback, a successful `ub_cancel`, or the failure below.
        let unmanaged = Unmanaged.passRetained(query)
        var asyncID: Int32 = 0
        let result = ticket.name.withCString { name in
            ub_resolve_async(
                context, name, ticket.type.rawValue, internetClass, unmanaged.toOpaque(), unboundCallback, &asyncID)
        }
        guard result == 0 else {
            unmanaged.release()
            query.finish(.failure(.temporaryFailure("libunbound: \(String(cString: ub_strerror(result)))")))
            return
        }
        query.asyncID = asyncID
    }

    func cancel(_ ticket: QueryTicket, because error: DNSError) {
        guard let query = queries[ObjectIdentifier(ticket)] else { return }  // already answered
        // In threaded mode `ub_cancel` only marks the query: its answer is dropped when it
        // arrives and the callback is never called, so the +1 is ours to give back. If it
        // fails, the callback may still come: the reference stays with libunbound, and
        // `finish` makes that late callback a no-op.
        if ub_cancel(context, query.asyncID) == 0 {
            Unmanaged.passUnretained(query).release()
        }
        query.finish(.failure(error))
    }

    func expire(now: ContinuousClock.Instant) {
        for query in queries.values where query.ticket.deadline <= now {
            let ticket = query.ticket
            cancel(ticket, because: ticket.timeoutError)
        }
    }

    func cancelAll(because error: DNSError) {
        for query in queries.values { cancel(query.ticket, because: error) }
    }

    /// Milliseconds until the next deadline (rounded up, so the loop wakes after it), or
    /// -1 (wait indefinitely) with nothing in flight.
    func pollTimeout(now: ContinuousClock.Instant) -> Int32 {
        guard let next = queries.values.lazy.map(\.ticket.deadline).min() else { return -1 }
        guard next > now else { return 0 }
        let (seconds, attoseconds) = (next - now).components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }
}

/// One query inside libunbound: what the callback needs to answer the waiting task.
private final class InFlightQuery {
    let ticket: QueryTicket
    var continuation: UnboundContinuation?
    var asyncID: Int32 = 0
    unowned let table: InFlightTable

    init(ticket: QueryTicket, continuation: UnboundContinuation, table: InFlightTable) {
        self.ticket = ticket
        self.continuation = continuation
        self.table = table
    }

    /// Resumes the waiting task, the first time only.
    func finish(_ outcome: UnboundOutcome) {
        guard let continuation else { return }
        self.continuation = nil
        table.queries[ObjectIdentifier(ticket)] = nil
        continuation.resume(returning: outcome)
    }
}

/// libunbound's callback, called inside `ub_process` on the loop thread.
private let unboundCallback: ub_callback_type = { data, error, result in
    let query = Unmanaged<InFlightQuery>.fromOpaque(data!).takeRetainedValue()
    defer { ub_resolve_free(result) }
    guard error == 0, let result else {
        query.finish(.failure(.temporaryFailure("libunbound: \(String(cString: ub_strerror(error)))")))
        return
    }
    query.finish(.success(UnboundAnswer(result.pointee)))
}

extension UnboundAnswer {
    /// Copies what the resolvers need out of a `ub_result`.
    init(_ result: ub_result) {
        var rdata = [[UInt8]]()
        // `data` is NULL (not an empty list) in some SERVFAIL answers.
        if let data = result.data, let lengths = result.len {
            var index = 0
            while let item = data[index] {
                rdata.append(Array(UnsafeRawBufferPointer(start: item, count: Int(lengths[index]))))
                index += 1
            }
        }
        self.init(
            rcode: result.rcode,
            hasData: result.havedata != 0,
            isNonexistent: result.nxdomain != 0,
            isSecure: result.secure != 0,
            isBogus: result.bogus != 0,
            whyBogus: result.why_bogus.map { String(cString: $0) },
            rdata: rdata
        )
    }
}

/// Why a resolver could not be set up.
public struct UnboundSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}
