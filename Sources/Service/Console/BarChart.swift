/// A horizontal bar chart drawn as SVG on the server: every label is escaped, values are integers.
struct BarChart: Sendable {
    struct Bar: Sendable {
        var label: String
        var value: Int64
        /// Shown after the value (`12 %`, `of 40`).
        var note: String = ""
        /// A CSS class for the bar's colour (`ok`, `late`, …).
        var tone: String = ""
    }

    var id: String
    var title: String
    var bars: [Bar]
    /// Shown instead of the chart when there are no bars.
    var emptyText: String

    func render() -> HTML {
        guard !bars.isEmpty else {
            return "<figure class=\"chart\" id=\"\(id)\"><figcaption>\(title)</figcaption><p class=\"empty\">\(emptyText)</p></figure>"
        }
        let labelWidth = 190, barWidth = 300, rowHeight = 24, width = 600
        let height = bars.count * rowHeight + 8
        let maximum = max(1, bars.map(\.value).max() ?? 1)
        var rows: [HTML] = []
        for (index, bar) in bars.enumerated() {
            let y = 4 + index * rowHeight
            let length = bar.value <= 0 ? 0 : max(2, Int(Int64(barWidth) * bar.value / maximum))
            let label = bar.label.count > 28 ? String(bar.label.prefix(27)) + "…" : bar.label
            rows.append(
                """
                <g class="bar \(bar.tone)"><title>\(bar.label): \(bar.value)\(bar.note.isEmpty ? "" : " " + bar.note)</title>\
                <text x="\(labelWidth - 6)" y="\(y + 16)" text-anchor="end">\(label)</text>\
                <rect x="\(labelWidth)" y="\(y + 3)" width="\(length)" height="\(rowHeight - 8)" rx="2"></rect>\
                <text x="\(labelWidth + length + 6)" y="\(y + 16)" class="value">\(bar.value)\(bar.note.isEmpty ? "" : " " + bar.note)</text></g>
                """)
        }
        return """
            <figure class="chart" id="\(id)"><figcaption>\(title)</figcaption>\
            <svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="\(title)" viewBox="0 0 \(width) \(height)" \
            width="\(width)" height="\(height)">\(rows)</svg></figure>
            """
    }
}
