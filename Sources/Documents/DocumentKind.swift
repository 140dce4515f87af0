/// The documents this module produces.
public enum DocumentKind: String, Sendable, Hashable, CaseIterable {
    case h7
    case usEntry = "us-entry"
    case ceb311
    case ceb621
    case cn22
    case cn23
    case invoice
    case label
    /// Shipper's declaration for dangerous goods (IATA DGR by air; ADR/RID/IMDG transport document otherwise).
    case dgDeclaration = "dg-declaration"
    /// FDA prior notice of imported food (21 CFR 1.281).
    case fdaPriorNotice = "fda-prior-notice"
    /// Full import declaration above the low-value thresholds.
    case importDeclaration = "import-declaration"
    /// CPSC certificate of compliance data eFiled with a US entry (16 CFR part 1110).
    case cpscCertificate = "cpsc-certificate"
    /// EUDR due-diligence statement references of an import into the EU (Regulation (EU) 2023/1115).
    case eudrStatement = "eudr-dds"

    /// XSD file under `Schemas/`.
    var schemaFile: String {
        switch self {
        case .h7: "h7.xsd"
        case .usEntry: "us-entry.xsd"
        case .ceb311: "ceb311.xsd"
        case .ceb621: "ceb621.xsd"
        case .cn22: "cn22.xsd"
        case .cn23: "cn23.xsd"
        case .invoice: "invoice.xsd"
        case .label: "label.xsd"
        case .dgDeclaration: "dg-declaration.xsd"
        case .fdaPriorNotice: "fda-prior-notice.xsd"
        case .importDeclaration: "import-declaration.xsd"
        case .cpscCertificate: "cpsc-certificate.xsd"
        case .eudrStatement: "eudr-dds.xsd"
        }
    }

    /// Namespace of the root element, if any.
    var namespace: String? {
        switch self {
        case .ceb311, .ceb621: CEBBuilder.namespace
        default: nil
        }
    }

    /// The SVG template, for kinds that have a printable form.
    var svgTemplate: String? {
        switch self {
        case .cn22: "svg/cn22.xsl"
        case .cn23: "svg/cn23.xsl"
        case .invoice: "svg/invoice.xsl"
        case .label: "svg/label.xsl"
        case .dgDeclaration: "svg/dg-declaration.xsl"
        default: nil
        }
    }

    /// XSLT that maps the canonical data to the outbound message, for kinds whose message is template-driven.
    var messageTemplate: String? {
        switch self {
        case .ceb311: "xml/ceb311.xsl"
        case .ceb621: "xml/ceb621.xsl"
        default: nil
        }
    }

    /// Whether the printed form carries English next to the destination language.
    var isBilingual: Bool { self == .cn23 || self == .invoice }

    /// Maps an assessment's document name (`H7`, `CN23`, `commercial-invoice`, …) to a kind.
    /// Names in an assessment's `documents` that are data a declaration must carry, not documents of their own:
    /// merchant/manufacturer product identifiers per item (EU, from 2026-11-01) and 10-digit HTSUS lines (US).
    public static let dataRequirements: Set<String> = ["product-identifiers", "htsus-10-digit"]

    /// The order-line categories whose lines a kind must cover with per-product data (the categories of the rules
    /// that list it); empty for kinds that need none.
    public var productCategories: Set<String> {
        switch self {
        case .cpscCertificate: CPSCCertificateBuilder.regulatedCategories
        case .eudrStatement: EUDRStatementBuilder.commodityCategories
        default: []
        }
    }

    public init?(assessmentName: String) {
        switch assessmentName.lowercased() {
        case "h7": self = .h7
        case "us-entry", "us-11", "us-01", "entry": self = .usEntry
        case "ceb311": self = .ceb311
        case "ceb621": self = .ceb621
        case "cn22": self = .cn22
        case "cn23": self = .cn23
        case "commercial-invoice", "invoice": self = .invoice
        case "label", "shipping-label": self = .label
        case "shippers-declaration", "dg-declaration", "dangerous-goods-declaration": self = .dgDeclaration
        case "fda-prior-notice": self = .fdaPriorNotice
        // H1: the EU's full import declaration, the import declaration's EU data set.
        case "import-declaration", "h1": self = .importDeclaration
        case "cpsc-certificate-efiling", "cpsc-certificate": self = .cpscCertificate
        case "eudr-due-diligence-statement", "eudr-dds": self = .eudrStatement
        default: return nil
        }
    }

    func build(_ request: DocumentRequest) throws(DocumentError) -> XMLElement {
        switch self {
        case .h7: try H7Builder.build(request)
        case .usEntry: try USEntryBuilder.build(request)
        case .ceb311: try CEBBuilder.order(request)
        case .ceb621: try CEBBuilder.inventory(request)
        case .cn22: try PostalBuilder.build(request, cn23: false)
        case .cn23: try PostalBuilder.build(request, cn23: true)
        case .invoice: try InvoiceBuilder.build(request)
        case .label: try LabelBuilder.build(request)
        case .dgDeclaration: try DangerousGoodsDeclarationBuilder.build(request)
        case .fdaPriorNotice: try FDAPriorNoticeBuilder.build(request)
        case .importDeclaration: try ImportDeclarationBuilder.build(request)
        case .cpscCertificate: try CPSCCertificateBuilder.build(request)
        case .eudrStatement: try EUDRStatementBuilder.build(request)
        }
    }
}

/// Languages of the message catalogues.
public enum DocumentLanguage: String, Sendable, Hashable, CaseIterable {
    case en, zh, de, ja, es

    /// The language of a destination country (English when we have no catalogue for it).
    public init(destination country: String) {
        switch country {
        case "CN", "HK", "TW", "SG": self = .zh
        case "DE", "AT", "CH", "LI": self = .de
        case "JP": self = .ja
        case "ES", "MX", "AR", "CL", "CO", "PE": self = .es
        default: self = .en
        }
    }
}

/// Output formats.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    case xml, svg, html, zpl, pdf, png
}
