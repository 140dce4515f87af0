import Documents
import Foundation
import Testing

/// XMLDSig of CEB messages, checked with the independent `xmlsec1 --verify`. The key and certificate are throwaway
/// ones generated for each run with the openssl command line.
@Suite struct SigningTests {
    struct KeyPair {
        let directory: String
        var key: String { directory + "/key.pem" }
        var certificate: String { directory + "/cert.pem" }
    }

    static func makeKeyPair() throws -> KeyPair? {
        guard let openssl = Support.tool("openssl") else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bonded-sign-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let pair = KeyPair(directory: directory)
        let (status, _, err) = try Support.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pair.key,
                "-out", pair.certificate, "-days", "2", "-subj", "/CN=Bonded test signer",
            ])
        #expect(status == 0, "\(err)")
        return pair
    }

    static func signer(_ pair: KeyPair, _ algorithm: XMLSigner.Algorithm) throws -> XMLSigner {
        try XMLSigner(
            privateKeyPEM: Data(contentsOf: URL(fileURLWithPath: pair.key)),
            certificatePEM: Data(contentsOf: URL(fileURLWithPath: pair.certificate)), algorithm: algorithm)
    }

    @Test(arguments: [DocumentKind.ceb311, .ceb621], XMLSigner.Algorithm.allCases)
    func xmlsec1AcceptsWhatWeSignAndRejectsTampering(kind: DocumentKind, algorithm: XMLSigner.Algorithm) throws {
        guard let xmlsec1 = Support.tool("xmlsec1"), let pair = try Self.makeKeyPair() else {
            Issue.record("xmlsec1 or openssl missing"); return
        }
        let signer = try Self.signer(pair, algorithm)
        let signed = try Support.engine.signedXML(kind, for: Support.request("cn-cbec"), signer: signer)
        #expect(signed.contains("<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\">"))
        #expect(signed.contains(algorithm == .rsaSha1 ? "xmldsig#rsa-sha1" : "xmldsig-more#rsa-sha256"))
        #expect(signed.contains("<X509Certificate>"))
        #expect(try signer.verify(signed))

        let file = try Support.temporaryFile("signed.xml", Data(signed.utf8))
        let (status, _, err) = try Support.run(xmlsec1, ["--verify", "--pubkey-cert-pem", pair.certificate, file])
        #expect(status == 0, "xmlsec1: \(err)")

        let tampered = signed.replacingOccurrences(
            of: "<totalPrice>3000.00</totalPrice>",
            with: "<totalPrice>30.00</totalPrice>")
        #expect(tampered != signed)
        #expect(try !signer.verify(tampered))
        let tamperedFile = try Support.temporaryFile("tampered.xml", Data(tampered.utf8))
        let (tamperedStatus, _, _) = try Support.run(
            xmlsec1, ["--verify", "--pubkey-cert-pem", pair.certificate, tamperedFile])
        #expect(tamperedStatus != 0)
    }

    @Test func concurrentSigningMatchesSerial() async throws {
        guard let pair = try Self.makeKeyPair() else { return }
        let signer = try Self.signer(pair, .rsaSha1)
        let request = try Support.request("cn-cbec")
        let engine = Support.engine
        let serial = try engine.signedXML(.ceb311, for: request, signer: signer)
        let results = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try engine.signedXML(.ceb311, for: request, signer: signer) } }
            var all: [String] = []
            for try await result in group { all.append(result) }
            return all
        }
        // RSA PKCS#1 v1.5 signatures are deterministic: every task must produce the same bytes.
        for result in results { #expect(result == serial) }
    }

    @Test func onlyCEBMessagesAreSigned() throws {
        guard let pair = try Self.makeKeyPair() else { return }
        let error = #expect(throws: DocumentError.self) {
            try Support.engine.signedXML(.h7, for: Support.request("eu-ioss"), signer: Self.signer(pair, .rsaSha1))
        }
        #expect(error?.code == .invalidRequest)
    }

    @Test func unreadableKeyIsRefused() {
        let error = #expect(throws: DocumentError.self) {
            try XMLSigner(privateKeyPEM: Data("nope".utf8), certificatePEM: Data("nope".utf8))
        }
        #expect(error?.code == .resourceMissing)
    }
}
