/// Which envelope senders (MAIL FROM) an authenticated user may use on submission.
public enum SenderPolicy: String, Sendable, Hashable, CaseIterable {
    /// The user's own address or one of the aliases that lead to it: a stolen password
    /// cannot send mail in other people's names. The default.
    case ownAddressesOnly = "own_addresses_only"
    /// Any sender, for servers whose users legitimately send for other domains.
    case any
}
