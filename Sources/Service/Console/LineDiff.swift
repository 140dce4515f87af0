/// A line diff by longest common subsequence (rule files are small: a few hundred lines).
enum LineDiff {
    enum Change: Equatable {
        case same(String)
        case removed(String)
        case added(String)
    }

    /// The changes that turn `old` into `new`; above `limit` cells of work everything is replaced.
    static func diff(_ old: [String], _ new: [String], limit: Int = 4_000_000) -> [Change] {
        let n = old.count, m = new.count
        guard n * m <= limit else { return old.map(Change.removed) + new.map(Change.added) }
        // lengths[i][j]: LCS length of old[i...] and new[j...].
        var lengths = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lengths[i][j] = old[i] == new[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var changes: [Change] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, old[i] == new[j] {
                changes.append(.same(old[i]))
                i += 1
                j += 1
            } else if j < m, i == n || lengths[i][j + 1] >= lengths[i + 1][j] {
                changes.append(.added(new[j]))
                j += 1
            } else {
                changes.append(.removed(old[i]))
                i += 1
            }
        }
        return changes
    }

    static func lines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
