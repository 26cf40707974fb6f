/// A Markdown table printed with aligned columns, so it reads on a terminal and pastes into docs.
struct Table {
    let header: [String]
    var rows: [[String]] = []
    /// Columns whose cells line up on the right (numbers).
    var rightAligned: Set<Int> = []

    init(_ header: [String], rightAligned: Set<Int> = []) {
        self.header = header
        self.rightAligned = rightAligned
    }

    mutating func add(_ row: [String]) {
        rows.append(row)
    }

    var text: String {
        let all = [header] + rows
        let widths = header.indices.map { column in
            all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = widths.indices.map { column -> String in
                let cell = cells.indices.contains(column) ? cells[column] : ""
                let fill = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? fill + cell : cell + fill
            }
            return "| " + padded.joined(separator: " | ") + " |"
        }
        let rule = "|" + widths.indices.map { column in
            let dashes = String(repeating: "-", count: max(3, widths[column]))
            return rightAligned.contains(column) ? " " + dashes.dropLast() + ": |" : " " + dashes + " |"
        }.joined()
        return ([line(header), rule] + rows.map(line)).joined(separator: "\n")
    }
}
