/// "Did you mean …?" for unknown keys: a typo in a key would otherwise be ignored, and the
/// setting silently left at its default.
enum Suggestion {
    /// The known name closest to `name`, if it is close enough to be a typo of it.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let name = name.lowercased()
        let scored = candidates.map { (candidate: $0, distance: distance(name, $0.lowercased())) }
        if let best = scored.min(by: { $0.distance < $1.distance }),
            best.distance <= max(2, min(name.count, best.candidate.count) / 3)
        {
            return best.candidate
        }
        // Abbreviations and extensions: `cert` for `certificate`, `anyone` for `any`.
        return candidates.first { candidate in
            let candidate = candidate.lowercased()
            return min(name.count, candidate.count) >= 3 && (candidate.hasPrefix(name) || name.hasPrefix(candidate))
        }
    }

    /// " (did you mean 'hostname'?)" or "".
    static func hint(for name: String, in candidates: [String]) -> String {
        closest(to: name, in: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// Edit distance counting insertions, deletions, substitutions and swaps of neighbours
    /// (optimal string alignment), since swapped letters are the commonest typo.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
