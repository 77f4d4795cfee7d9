import MailQueue

/// The filters of `GET /api/v1/queue` and the queue page, from the query string.
struct QueueFilter: Sendable, Hashable {
    /// Recipient states a message must have one of; empty means every state.
    var states: Set<RecipientState> = [.queued, .inFlight, .deferred, .held]
    /// A part of the envelope sender, case-insensitive.
    var sender: String?
    /// A part of a recipient address, case-insensitive.
    var recipient: String?
    /// A recipient domain, exactly.
    var domain: String?
    /// Received at least this many seconds ago.
    var olderThan: Double?
    /// Received at most this many seconds ago.
    var newerThan: Double?
    var limit = 100

    static let maximumLimit = 1000

    /// Reads `state`, `sender`, `recipient`, `domain`, `older_than`, `newer_than` and `limit`;
    /// an unknown key or a bad value is an error that names it.
    static func parse(_ query: [(String, String)]) throws(APIError) -> QueueFilter {
        var filter = QueueFilter()
        for (key, value) in query {
            switch key {
            case "state":
                if value == "all" {
                    filter.states = []
                    continue
                }
                var states = Set<RecipientState>()
                for name in value.split(separator: ",") {
                    guard let state = RecipientState(rawValue: String(name)) else {
                        let known = RecipientState.allCases.map(\.rawValue).joined(separator: ", ")
                        throw APIError(.badRequest, "state '\(name)' is unknown; use \(known) or all")
                    }
                    states.insert(state)
                }
                guard !states.isEmpty else { throw APIError(.badRequest, "state is empty; name states or use all") }
                filter.states = states
            case "sender": filter.sender = value.lowercased()
            case "recipient": filter.recipient = value.lowercased()
            case "domain": filter.domain = value.lowercased()
            case "older_than": filter.olderThan = try age(value, key)
            case "newer_than": filter.newerThan = try age(value, key)
            case "limit":
                guard let limit = Int(value), (1...maximumLimit).contains(limit) else {
                    throw APIError(.badRequest, "limit must be a number from 1 to \(maximumLimit)")
                }
                filter.limit = limit
            case "lang":
                continue
            default:
                throw APIError(.badRequest, "unknown filter '\(key)'; use state, sender, recipient, domain, older_than, newer_than or limit")
            }
        }
        return filter
    }

    /// `90`, `90s`, `15m`, `2h` or `3d`, in seconds.
    static func age(_ text: String, _ key: String) throws(APIError) -> Double {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        var digits = Substring(text)
        var unit = 1.0
        if let last = text.last, let factor = units[last] {
            unit = factor
            digits = digits.dropLast()
        }
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy(\.isASCII), let number = Int(digits), number >= 0 else {
            throw APIError(.badRequest, "\(key) must be an age such as 90s, 15m, 2h or 3d")
        }
        return Double(number) * unit
    }

    func matches(_ message: QueuedMessage, now: Double) -> Bool {
        if let sender, !message.sender.lowercased().contains(sender) { return false }
        if let recipient, !message.recipients.contains(where: { $0.mailbox.lowercased().contains(recipient) }) { return false }
        if let domain, !message.recipients.contains(where: { $0.mailbox.lowercased().hasSuffix("@" + domain) }) { return false }
        let age = now - message.receivedAt
        if let olderThan, age < olderThan { return false }
        if let newerThan, age > newerThan { return false }
        return true
    }
}
