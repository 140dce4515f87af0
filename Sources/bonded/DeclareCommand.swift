import ArgumentParser
import Documents
import Foundation

/// `bonded declare`: a customs declaration or postal/commercial document from a request JSON.
struct DeclareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "declare",
        abstract: "Build, validate and print a customs document (XML, or SVG/PDF/PNG/HTML for printable ones).",
        discussion: "FILE is the assessment request JSON with party/address fields (see Sources/Documents/README.md)."
    )

    @Option(name: .long, help: "h7 | us-entry | ceb311 | ceb621 | cn22 | cn23 | invoice")
    var format: String

    @Option(name: .long, help: "Output: xml (default), svg, pdf, png, html.")
    var output: String = "xml"

    @Option(name: .long, help: "Language en | zh | de | ja | es (default: destination's language).")
    var lang: String?

    @Option(name: .long, help: "Directory with Schemas/ and Templates/ (default: found automatically).")
    var resources: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var out: String?

    @Argument(help: "Request JSON file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        guard let kind = DocumentKind(rawValue: format), kind != .label else {
            throw ValidationError("unknown --format \(format); use h7, us-entry, ceb311, ceb621, cn22, cn23 or invoice")
        }
        guard let outputFormat = OutputFormat(rawValue: output), outputFormat != .zpl else {
            throw ValidationError("unknown --output \(output); use xml, svg, pdf, png or html")
        }
        try DocumentCLI.produce(kind: kind, format: outputFormat, lang: lang, resources: resources, file: file, out: out)
    }
}

/// Shared plumbing of `declare` and `label`: read, produce, write, report field errors.
enum DocumentCLI {
    static func produce(kind: DocumentKind, format: OutputFormat, lang: String?, resources: String?, file: String,
                        out: String?) throws {
        var language: DocumentLanguage? = nil
        if let lang {
            guard let parsed = DocumentLanguage(rawValue: lang) else {
                throw ValidationError("unknown --lang \(lang); use en, zh, de, ja or es")
            }
            language = parsed
        }
        let input: Data
        do {
            input = file == "-" ? FileHandle.standardInput.readDataToEndOfFile()
                : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file)")
        }
        do {
            let engine = try DocumentEngine(resourceDirectory: resources)
            let request = try DocumentRequest.decode(json: input)
            let data = try engine.output(kind, for: request, format: format, language: language)
            if let out {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                FileHandle.standardOutput.write(data)
            }
        } catch let error as DocumentError {
            var text = "error: \(error.message)\n"
            for issue in error.issues { text += "  \(issue)\n" }
            FileHandle.standardError.write(Data(text.utf8))
            throw ExitCode(error.code == .missingData || error.code == .invalidRequest
                || error.code == .invalidCharacter || error.code == .schemaInvalid ? 65 : 1)
        }
    }
}
