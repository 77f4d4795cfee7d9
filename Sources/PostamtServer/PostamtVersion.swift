/// The version the binary and the admin server report.
public enum PostamtVersion {
    public static let current = "0.1.0"
}
