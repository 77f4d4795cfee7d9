/// Why a path, mailbox or domain is not valid RFC 5321 syntax.
public enum PathSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingAngleBrackets
    case emptyPath
    case invalidSourceRoute
    case invalidLocalPart
    case missingAtSign
    case invalidDomain
    case invalidAddressLiteral
    case localPartTooLong
    case domainTooLong
    case pathTooLong
    case notUTF8
    case trailingCharacters

    /// Text for the reply line, naming the rule that was broken.
    public var description: String {
        switch self {
        case .missingAngleBrackets: "address must be enclosed in <>"
        case .emptyPath: "empty address"
        case .invalidSourceRoute: "invalid source route"
        case .invalidLocalPart: "invalid local part"
        case .missingAtSign: "address has no @domain"
        case .invalidDomain: "invalid domain name"
        case .invalidAddressLiteral: "invalid address literal"
        case .localPartTooLong: "local part longer than 64 octets (RFC 5321 4.5.3.1.1)"
        case .domainTooLong: "domain longer than 255 octets (RFC 5321 4.5.3.1.2)"
        case .pathTooLong: "path longer than 256 octets (RFC 5321 4.5.3.1.3)"
        case .notUTF8: "address is not valid UTF-8"
        case .trailingCharacters: "unexpected characters after the address"
        }
    }
}
