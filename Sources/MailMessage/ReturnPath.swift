import SMTPCore

/// The `Return-Path:` field the delivering server adds at final delivery, carrying the
/// reverse-path of the transaction so that replies to errors reach the sender.
///
/// - SeeAlso: RFC 5321 §4.4 (added at final delivery), RFC 5322 §3.6.7 (`return`).
public enum ReturnPath {
    /// `Return-Path: <a@b>` followed by CRLF, or `Return-Path: <>` for the null path.
    public static func field(_ path: ReversePath) -> String {
        "Return-Path: \(HeaderText.withoutControls(path.description))\r\n"
    }
}
