/// Code 128 symbols, including GS1-128 (FNC1 in first position). Produces bar/space module widths.
public enum Code128 {
    /// Module widths of the 107 patterns (103 symbols, 3 starts, stop without its final bar).
    private static let patterns: [String] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]
    private static let startB = 104, startC = 105, codeB = 100, codeC = 99, fnc1 = 102, stop = 106

    /// Symbol values for `data`; `gs1` puts FNC1 after the start code. Code set C is used for runs of ≥ 4 digits
    /// (or an all-digit even-length tail), B otherwise. Nil when `data` contains characters outside ASCII 32…126.
    public static func symbols(for data: String, gs1: Bool) -> [Int]? {
        let bytes = Array(data.utf8)
        guard bytes.allSatisfy({ (32...126).contains($0) }) else { return nil }
        func digitRun(from index: Int) -> Int {
            var end = index
            while end < bytes.count, (0x30...0x39).contains(bytes[end]) { end += 1 }
            return end - index
        }
        var values: [Int] = []
        var inC = false
        var index = 0
        let firstRun = digitRun(from: 0)
        if firstRun >= 4 || (firstRun == bytes.count && firstRun >= 2 && firstRun % 2 == 0) {
            values.append(startC); inC = true
        } else {
            values.append(startB)
        }
        if gs1 { values.append(fnc1) }
        while index < bytes.count {
            let run = digitRun(from: index)
            if inC {
                if run >= 2 {
                    values.append(Int(bytes[index] - 0x30) * 10 + Int(bytes[index + 1] - 0x30))
                    index += 2
                    continue
                }
                values.append(codeB); inC = false
            }
            if run >= 4 {
                let even = run - run % 2
                if run % 2 == 1 {  // odd run: one digit in B first
                    values.append(Int(bytes[index]) - 32); index += 1
                }
                _ = even
                values.append(codeC); inC = true
                continue
            }
            values.append(Int(bytes[index]) - 32)
            index += 1
        }
        var checksum = values[0]
        for (position, value) in values.enumerated().dropFirst() { checksum += position * value }
        values.append(checksum % 103)
        values.append(stop)
        return values
    }

    /// Alternating bar/space widths in modules, starting with a bar; quiet zones not included.
    public static func modules(for data: String, gs1: Bool) -> [Int]? {
        guard let values = symbols(for: data, gs1: gs1) else { return nil }
        return values.flatMap { patterns[$0].map { Int(String($0))! } }
    }

    /// SVG path (`M x 0 h w v height h -w z` per bar) for the symbol, one unit per module, after a 10-module quiet zone.
    /// Returns the path and the total width including both quiet zones.
    public static func svgPath(for data: String, gs1: Bool, height: Int) -> (path: String, width: Int)? {
        guard let widths = modules(for: data, gs1: gs1) else { return nil }
        var x = 10
        var path = ""
        for (index, width) in widths.enumerated() {
            if index % 2 == 0 { path += "M\(x) 0h\(width)v\(height)h-\(width)z" }
            x += width
        }
        return (path, x + 10)
    }
}
