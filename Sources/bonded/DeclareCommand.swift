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

    @Option(
        name: .long,
        help: ArgumentHelp(
            "h7 | us-entry | ceb311 | ceb621 | cn22 | cn23 | invoice | required",
            discussion: "required: every document the request's documents list names, as XML files in the -o "
                + "directory; all or nothing."))
    var format: String

    @Option(name: .long, help: "Output: xml (default), svg, pdf, png, html.")
    var output: String = "xml"

    @Option(name: .long, help: "Language en | zh | de | ja | es (default: destination's language).")
    var lang: String?

    @Option(name: .long, help: "Directory with Schemas/ and Templates/ (default: found automatically).")
    var resources: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var out: String?

    @Option(name: .long, help: "PEM private key: sign the CEB message (XMLDSig, enveloped).")
    var signKey: String?

    @Option(name: .long, help: "PEM certificate of the signing key (embedded in KeyInfo).")
    var signCert: String?

    @Option(name: .long, help: "Signature algorithm: rsa-sha1 (CEB samples) or rsa-sha256.")
    var signAlgorithm: String = "rsa-sha1"

    @Argument(help: "Request JSON file, or - for standard input.")
    var file: String = "-"

    func run() throws {
        if format == "required" {
            guard let out else { throw ValidationError("--format required writes files: give -o DIRECTORY") }
            try DocumentCLI.produceRequired(resources: resources, file: file, directory: out)
            return
        }
        guard let kind = DocumentKind(rawValue: format), kind != .label else {
            throw ValidationError("unknown --format \(format); use h7, us-entry, ceb311, ceb621, cn22, cn23 or invoice")
        }
        guard let outputFormat = OutputFormat(rawValue: output), outputFormat != .zpl else {
            throw ValidationError("unknown --output \(output); use xml, svg, pdf, png or html")
        }
        var signing: DocumentCLI.Signing? = nil
        if signKey != nil || signCert != nil {
            guard let signKey, let signCert else { throw ValidationError("--sign-key and --sign-cert go together") }
            guard kind == .ceb311 || kind == .ceb621, outputFormat == .xml else {
                throw ValidationError("only CEB messages (ceb311, ceb621) as XML are signed")
            }
            guard let algorithm = XMLSigner.Algorithm(rawValue: signAlgorithm) else {
                throw ValidationError("unknown --sign-algorithm \(signAlgorithm); use rsa-sha1 or rsa-sha256")
            }
            signing = DocumentCLI.Signing(key: signKey, certificate: signCert, algorithm: algorithm)
        }
        try DocumentCLI.produce(
            kind: kind, format: outputFormat, lang: lang, resources: resources, file: file, out: out,
            signing: signing)
    }
}

/// Shared plumbing of `declare` and `label`: read, produce, write, report field errors.
enum DocumentCLI {
    struct Signing {
        var key: String
        var certificate: String
        var algorithm: XMLSigner.Algorithm
    }

    /// Writes `<dir>/<id>.<kind>.xml` for each required document, only after all of them were built and validated.
    static func produceRequired(resources: String?, file: String, directory: String) throws {
        try reportingDocumentErrors {
            let engine = try DocumentEngine(resourceDirectory: resources)
            let request = try DocumentRequest.decode(json: try read(file))
            let documents = try engine.requiredDocuments(for: request)
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for document in documents {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(
                    "\(request.id.filter { $0.isLetter || $0.isNumber || $0 == "-" }).\(document.kind.rawValue).xml")
                try Data(document.xml.utf8).write(to: url, options: .atomic)
                print(url.path)
            }
        }
    }

    static func read(_ file: String) throws -> Data {
        do {
            return file == "-"
                ? FileHandle.standardInput.readDataToEndOfFile() : try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw ValidationError("cannot read \(file)")
        }
    }

    /// Prints field-level issues to standard error and exits 65 (bad data) or 1.
    static func reportingDocumentErrors(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as DocumentError {
            var text = "error: \(error.message)\n"
            for issue in error.issues { text += "  \(issue)\n" }
            FileHandle.standardError.write(Data(text.utf8))
            let badData: Set<DocumentError.Code> = [.missingData, .invalidRequest, .invalidCharacter, .schemaInvalid]
            throw ExitCode(badData.contains(error.code) ? 65 : 1)
        }
    }

    static func produce(
        kind: DocumentKind, format: OutputFormat, lang: String?, resources: String?, file: String,
        out: String?, signing: Signing? = nil
    ) throws {
        var language: DocumentLanguage? = nil
        if let lang {
            guard let parsed = DocumentLanguage(rawValue: lang) else {
                throw ValidationError("unknown --lang \(lang); use en, zh, de, ja or es")
            }
            language = parsed
        }
        let input = try read(file)
        try reportingDocumentErrors {
            let engine = try DocumentEngine(resourceDirectory: resources)
            let request = try DocumentRequest.decode(json: input)
            let data: Data
            if let signing {
                let key: Data
                let certificate: Data
                do {
                    key = try Data(contentsOf: URL(fileURLWithPath: signing.key))
                    certificate = try Data(contentsOf: URL(fileURLWithPath: signing.certificate))
                } catch {
                    throw ValidationError("cannot read the signing key or certificate")
                }
                let signer = try XMLSigner(
                    privateKeyPEM: key, certificatePEM: certificate, algorithm: signing.algorithm)
                data = Data(try engine.signedXML(kind, for: request, signer: signer).utf8)
            } else {
                data = try engine.output(kind, for: request, format: format, language: language)
            }
            if let out {
                try data.write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                FileHandle.standardOutput.write(data)
            }
        }
    }
}
