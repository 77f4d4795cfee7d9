import Foundation
import SMTPCore

/// The command line of `sendmail` as programs call it (cron, PHP's mail(), scripts):
/// single-dash options, values attached (`-fme@x`) or separate (`-f me@x`), then recipients.
///
/// Only delivery mode is supported; the flags programs pass for it are understood or
/// accepted and ignored, as Postfix's sendmail does.
struct SendmailArguments: Equatable {
    /// `-t`: take recipients from To:, Cc: and Bcc: (and remove Bcc:).
    var recipientsFromHeaders = false
    /// `-i` or `-oi`: a line with a single dot does not end the message.
    var ignoresDots = false
    /// `-f` or `-r`: the envelope sender.
    var sender: String?
    /// `-F`: the sender's full name, for a From: field that is missing.
    var fullName: String?
    /// `-C`: Postamt's configuration file.
    var configurationFile: String?
    /// `-N`: DSN NOTIFY (`never` or a list of `success`, `failure`, `delay`).
    var notify: String?
    /// `-R`: DSN RET (`full` or `hdrs`).
    var returnContent: String?
    /// `-V`: DSN ENVID.
    var envelopeID: String?
    var recipients: [String] = []

    struct UsageError: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Options that take a value (attached or as the next argument).
    private static let withValue: Set<Character> = ["f", "r", "F", "C", "N", "R", "V", "B", "L", "O", "X", "h", "p"]
    /// Options without a value that change nothing here.
    private static let ignored: Set<Character> = ["v", "n", "U", "G", "m", "e"]

    /// `-R`, `-V` and `-N` as the MAIL and RCPT parameters they stand for (RFC 3461).
    func dsnParameters() throws(UsageError) -> (MailParameters, RecipientParameters) {
        var mail = MailParameters()
        if let returnContent {
            switch returnContent.lowercased() {
            case "full": mail.dsnReturn = .full
            case "hdrs": mail.dsnReturn = .headers
            default: throw UsageError(description: "-R takes full or hdrs, not '\(returnContent)'")
            }
        }
        if let envelopeID {
            guard !envelopeID.isEmpty, envelopeID.utf8.count <= 100, envelopeID.unicodeScalars.allSatisfy({ $0.value > 32 && $0.value < 127 }) else {
                throw UsageError(description: "-V takes printable ASCII without spaces, up to 100 characters")
            }
            mail.envelopeID = envelopeID
        }
        var recipient = RecipientParameters()
        if let notify {
            let words = notify.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if words == ["never"] {
                recipient.notify = .never
            } else {
                var conditions = Set<DSNNotify.Condition>()
                for word in words {
                    guard let condition = DSNNotify.Condition(rawValue: word.uppercased()) else {
                        throw UsageError(description: "-N takes never, or success, failure and delay separated by commas")
                    }
                    conditions.insert(condition)
                }
                recipient.notify = .conditions(conditions)
            }
        }
        return (mail, recipient)
    }

    static func parse(_ arguments: [String]) throws(UsageError) -> SendmailArguments {
        var result = SendmailArguments()
        var index = 0
        func value(_ option: Character, attached: Substring) throws(UsageError) -> String {
            if !attached.isEmpty { return String(attached) }
            index += 1
            guard index < arguments.count else { throw UsageError(description: "option -\(option) needs a value") }
            return arguments[index]
        }
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "--" {
                result.recipients += arguments[(index + 1)...]
                break
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                result.recipients.append(argument)
                index += 1
                continue
            }
            let body = argument.dropFirst()
            let option = body.first!
            let rest = body.dropFirst()
            switch option {
            case "t" where rest.isEmpty: result.recipientsFromHeaders = true
            case "i" where rest.isEmpty: result.ignoresDots = true
            case "o":
                // -oi, -odb, -oem …: only -oi matters; -o alone takes the option next.
                let setting = rest.isEmpty ? try value(option, attached: rest) : String(rest)
                if setting == "i" { result.ignoresDots = true }
            case "b":
                switch rest {
                case "m": break
                case "i": break // newaliases: the aliases live in the configuration
                case "p": throw UsageError(description: "-bp: use `postamt queue list`")
                case "s": throw UsageError(description: "-bs: SMTP on standard input is not supported; connect to the submission port")
                default: throw UsageError(description: "-b\(rest): only delivery mode (-bm) is supported")
                }
            case "q": throw UsageError(description: "-q: use `postamt queue flush`")
            case "I": break
            case "A" where rest == "m" || rest == "c": break
            case "d" where !rest.isEmpty: break // -d debug flags
            case _ where withValue.contains(option):
                let text = try value(option, attached: rest)
                switch option {
                case "f", "r": result.sender = text
                case "F": result.fullName = text
                case "C": result.configurationFile = text
                case "N": result.notify = text
                case "R": result.returnContent = text
                case "V": result.envelopeID = text
                default: break
                }
            case _ where ignored.contains(option) && rest.isEmpty: break
            default:
                throw UsageError(description: "unknown option \(argument)")
            }
            index += 1
        }
        return result
    }
}
