import ServerActivity

/// An inline SVG line chart of activity counts, drawn on the server so the pages need no
/// JavaScript and no asset from elsewhere.
struct ActivityChart: Sendable {
    struct Series: Sendable {
        var kind: ActivityKind
        var counts: [Int]
    }

    var series: [Series]
    /// Labels under the x axis: (bucket index, text).
    var ticks: [(index: Int, label: String)]
    /// Read by screen readers and shown as the chart's title.
    var title: String
    var width = 760
    var height = 220

    static let colours: [ActivityKind: String] = [
        .accepted: "#2b6cb0", .delivered: "#2f855a", .deferred: "#d69e2e", .bounced: "#c53030", .rejected: "#6b46c1",
    ]

    func svg() -> String {
        let left = 44.0, right = 12.0, top = 12.0, bottom = 42.0
        let plotWidth = Double(width) - left - right
        let plotHeight = Double(height) - top - bottom
        let buckets = max(series.first?.counts.count ?? 1, 2)
        let maximum = Self.niceCeiling(series.flatMap(\.counts).max() ?? 0)
        func x(_ index: Int) -> Double { left + plotWidth * Double(index) / Double(buckets - 1) }
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(maximum)) }
        func f(_ value: Double) -> String { String(Int(value.rounded())) }

        var parts = [##"<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" width="\##(width)" height="\##(height)" role="img" aria-label="\##(xmlEscaped(title))">"##]
        parts.append("<title>\(xmlEscaped(title))</title>")
        for step in 0...4 {
            let value = maximum * step / 4
            parts.append(##"<line x1="\##(f(left))" x2="\##(f(left + plotWidth))" y1="\##(f(y(value)))" y2="\##(f(y(value)))" stroke="#e3e6ea"/>"##)
            parts.append(##"<text x="\##(f(left - 6))" y="\##(f(y(value) + 4))" text-anchor="end">\##(value)</text>"##)
        }
        for tick in ticks {
            parts.append(##"<text x="\##(f(x(tick.index)))" y="\##(f(top + plotHeight + 16))" text-anchor="middle">\##(xmlEscaped(tick.label))</text>"##)
        }
        for line in series {
            let points = line.counts.enumerated().map { "\(f(x($0.offset))),\(f(y($0.element)))" }.joined(separator: " ")
            let colour = Self.colours[line.kind] ?? "#333"
            parts.append(##"<polyline class="series \##(line.kind.rawValue)" fill="none" stroke="\##(colour)" stroke-width="2" points="\##(points)"/>"##)
        }
        var legendX = left
        for line in series {
            let colour = Self.colours[line.kind] ?? "#333"
            let total = line.counts.reduce(0, +)
            parts.append(##"<rect x="\##(f(legendX))" y="\##(f(Double(height) - 14))" width="10" height="10" fill="\##(colour)"/>"##)
            parts.append(##"<text x="\##(f(legendX + 14))" y="\##(f(Double(height) - 5))">\##(line.kind.rawValue) (\##(total))</text>"##)
            legendX += 130
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// The smallest of 4, 8, 20, 40, 80, 200, … at or above `value`, so that the four grid
    /// lines fall on round numbers.
    static func niceCeiling(_ value: Int) -> Int {
        var scale = 1
        while true {
            for step in [4, 8, 20] where step * scale >= value { return step * scale }
            scale *= 10
        }
    }
}
