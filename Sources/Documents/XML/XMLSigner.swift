internal import CLibXML2
internal import CXMLSec
public import Foundation

/// Enveloped XML signatures (XMLDSig, inclusive C14N) with libxmlsec1 over OpenSSL, as the CEB messages require.
public final class XMLSigner: @unchecked Sendable {  // unchecked: the key is only read; each call signs with a copy.
    /// Signature algorithm. The CEB specification's published samples use RSA-SHA1.
    public enum Algorithm: String, Sendable, CaseIterable {
        case rsaSha1 = "rsa-sha1"
        case rsaSha256 = "rsa-sha256"
    }

    private let key: xmlSecKeyPtr
    /// The algorithm used for new signatures.
    public let algorithm: Algorithm

    private static let initialised: Int32 = {
        XMLRuntime.ensureInitialised()
        return bonded_xmlsec_init()
    }()

    /// Loads a PEM private key and its PEM certificate (embedded in `KeyInfo/X509Data`).
    /// - Throws: `DocumentError.resourceMissing` when the files cannot be read or do not match.
    public init(privateKeyPEM: Data, certificatePEM: Data, algorithm: Algorithm = .rsaSha1) throws(DocumentError) {
        guard Self.initialised == 0 else {
            throw DocumentError(.resourceMissing, "libxmlsec1 could not be initialised (\(Self.initialised))")
        }
        let loaded: xmlSecKeyPtr? = privateKeyPEM.withUnsafeBytes { raw in
            xmlSecOpenSSLAppKeyLoadMemory(
                raw.bindMemory(to: UInt8.self).baseAddress, UInt32(raw.count),
                xmlSecKeyDataFormatPem, nil, nil, nil)
        }
        guard let loaded else { throw DocumentError(.resourceMissing, "private key is not a readable PEM key") }
        let certificateResult = certificatePEM.withUnsafeBytes { raw in
            xmlSecOpenSSLAppKeyCertLoadMemory(
                loaded, raw.bindMemory(to: UInt8.self).baseAddress, UInt32(raw.count),
                xmlSecKeyDataFormatPem)
        }
        guard certificateResult >= 0 else {
            xmlSecKeyDestroy(loaded)
            throw DocumentError(.resourceMissing, "certificate is not a readable PEM certificate for this key")
        }
        self.key = loaded
        self.algorithm = algorithm
    }

    deinit { xmlSecKeyDestroy(key) }

    /// Signs `xml` with an enveloped signature appended to the root element and returns the signed text.
    ///
    /// Whitespace is preserved exactly as given: the returned bytes are what the digest covers.
    /// - Throws: `DocumentError.malformedXML` or `.transformFailed` when signing fails.
    public func sign(_ xml: String) throws(DocumentError) -> String {
        let document = try XMLDocument(parsing: xml, keepBlanks: true)
        guard let root = xmlDocGetRootElement(document.pointer) else {
            throw DocumentError(.malformedXML, "document has no root element")
        }
        let (signatureId, digestId) =
            algorithm == .rsaSha1
            ? (bonded_xmlsec_rsa_sha1(), bonded_xmlsec_sha1()) : (bonded_xmlsec_rsa_sha256(), bonded_xmlsec_sha256())
        guard let signature = xmlSecTmplSignatureCreate(document.pointer, bonded_xmlsec_c14n(), signatureId, nil) else {
            throw DocumentError(.transformFailed, "signature template could not be created")
        }
        xmlAddChild(root, signature)
        guard let reference = xmlSecTmplSignatureAddReference(signature, digestId, nil, "", nil),
            xmlSecTmplReferenceAddTransform(reference, bonded_xmlsec_enveloped()) != nil,
            let keyInfo = xmlSecTmplSignatureEnsureKeyInfo(signature, nil),
            let x509 = xmlSecTmplKeyInfoAddX509Data(keyInfo),
            xmlSecTmplX509DataAddCertificate(x509) != nil
        else {
            throw DocumentError(.transformFailed, "signature template could not be filled")
        }
        guard bonded_xmlsec_sign(signature, key) >= 0 else {
            throw DocumentError(.transformFailed, "libxmlsec1 could not sign the document")
        }
        return document.serialized(formatted: false)
    }

    /// Verifies the first enveloped signature in `xml` against this signer's key.
    /// - Returns: true when the signature and every reference digest check out.
    public func verify(_ xml: String) throws(DocumentError) -> Bool {
        let document = try XMLDocument(parsing: xml, keepBlanks: true)
        guard let root = xmlDocGetRootElement(document.pointer),
            let signature = xmlSecFindNode(root, "Signature", "http://www.w3.org/2000/09/xmldsig#")
        else {
            return false
        }
        return bonded_xmlsec_verify(signature, key) == 1
    }
}
