/// An immutable, checked set of rule packs. Loading either yields a complete pack set or none (with every
/// diagnostic); a pack set never changes after it is built, so it can be shared and swapped atomically.
public struct PackSet: Sendable {
    let program: Program

    /// SHA-256 over every file's path and content: identifies exactly which rules made a decision.
    public var contentHash: String { program.hash }

    /// Name, version and owner of each pack, in import order.
    public var packs: [(name: String, version: String, owner: String)] {
        program.packs.map { ($0.name, $0.version, $0.owner) }
    }

    /// Number of rules, tables and in-pack tests.
    public var counts: (rules: Int, tables: Int, tableRows: Int, tests: Int) {
        (program.rules.count, program.tables.count, program.tables.reduce(0) { $0 + $1.rows.count },
         program.packs.reduce(0) { $0 + $1.tests.count })
    }

    /// The result of loading: a pack set when there were no errors, and all diagnostics (warnings included).
    public struct LoadResult: Sendable {
        public var packSet: PackSet?
        public var diagnostics: [Diagnostic]
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    }

    /// Builds a pack set from files. Each file's parent directory names its pack; `.rules` files are parsed and
    /// `.csv` files are available to tables of the same directory by file name.
    public static func compile(_ files: [SourceFile]) -> LoadResult {
        let files = files.sorted { $0.path < $1.path }
        var sink = DiagnosticSink(files: files)
        var byDirectory: [String: Compiler.PackInput] = [:]
        var order: [String] = []
        for (index, file) in files.enumerated() {
            let parts = file.path.split(separator: "/", omittingEmptySubsequences: true)
            let directory = parts.count >= 2 ? String(parts[parts.count - 2]) : ""
            let name = parts.last.map(String.init) ?? file.path
            if byDirectory[directory] == nil {
                byDirectory[directory] = Compiler.PackInput(directory: directory, asts: [], csv: [:], firstFile: index)
                order.append(directory)
            }
            if name.hasSuffix(".rules") {
                let ast = Parser.parse(file, file: index, sink: &sink)
                byDirectory[directory]?.asts.append(ast)
            } else if name.hasSuffix(".csv") {
                byDirectory[directory]?.csv[name] = index
            }
        }
        let inputs = order.compactMap { byDirectory[$0] }.filter { !$0.asts.isEmpty }
        var compiler = Compiler(files: files, sink: sink)
        compiler.compile(inputs)
        sink = compiler.sink
        var hasher = SHA256Digest()
        for file in files {
            hasher.update(Array(file.path.utf8) + [0])
            hasher.update(Array(String(file.bytes.count).utf8) + [0])
            hasher.update(file.bytes)
        }
        let hash = hasher.finalize().map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        let diagnostics = sink.diagnostics
        if sink.hasErrors { return LoadResult(packSet: nil, diagnostics: diagnostics) }
        let program = Program(packs: compiler.packs, rules: compiler.rules, tables: compiler.tables, lets: compiler.lets,
                              hash: hash, files: files)
        return LoadResult(packSet: PackSet(program: program), diagnostics: diagnostics)
    }

    /// Assesses one request on a day, with or without recording the explanation trace.
    public func assess(_ request: AssessmentRequest, on day: Day, explain: Bool = true) -> Assessment {
        program.run(request, day: day, explain: explain)
    }

    func assess(_ request: AssessmentRequest, on day: Day, packs: [Int], explain: Bool) -> Assessment {
        program.run(request, day: day, packIndices: packs, explain: explain)
    }
}
