/// Greedy word wrap for plain-text output (terminal explanations, the first part of DSNs).
public enum TextWrapping {
    /// Wraps `text` at spaces so lines stay within `width` characters; `indent` starts the
    /// first line, `continuation` the others. A word longer than a line stays whole.
    public static func wrap(_ text: String, width: Int, indent: String, continuation: String) -> String {
        var lines = [String]()
        var current = indent
        var currentHasWord = false
        for word in text.split(separator: " ") {
            if currentHasWord && current.count + 1 + word.count > width {
                lines.append(current)
                current = continuation + word
            } else {
                current += (currentHasWord ? " " : "") + word
            }
            currentHasWord = true
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }
}
