import ArgumentParser
import Documents

/// `bonded label`: the 4×6 in shipping label.
struct LabelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "label",
        abstract: "Print a 4x6 in shipping label (GS1-128 SSCC, QR reference, dangerous-goods marks)."
    )

    @Option(name: .long, help: "pdf | png | zpl | svg")
    var format: String = "pdf"

    @Option(name: .long, help: "Language en | zh | de | ja | es (default: destination's language).")
    var lang: String?

    @Option(name: .long, help: "Directory with Schemas/ and Templates/ (default: found automatically).")
    var resources: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var out: String?

    @Argument(help: "Request JSON file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        guard let outputFormat = OutputFormat(rawValue: format), [.pdf, .png, .zpl, .svg].contains(outputFormat) else {
            throw ValidationError("unknown --format \(format); use pdf, png, zpl or svg")
        }
        try DocumentCLI.produce(
            kind: .label, format: outputFormat, lang: lang, resources: resources, file: file, out: out)
    }
}
