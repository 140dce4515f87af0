/// An XML element as a plain Swift value. Builders produce these; `XMLDocument` turns them into libxml2 trees.
public struct XMLElement: Sendable, Hashable {
    /// Local name of the element.
    public var name: String
    /// Attributes in output order.
    public var attributes: [Attribute]
    /// Child elements and text, in order.
    public var children: [Content]

    /// A name/value pair.
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A child: an element or a text node.
    public enum Content: Sendable, Hashable {
        case element(XMLElement)
        case text(String)
    }

    /// Creates an element.
    public init(_ name: String, attributes: [Attribute] = [], children: [Content] = []) {
        self.name = name
        self.attributes = attributes
        self.children = children
    }

    /// Creates an element holding only text.
    public init(_ name: String, text: String) {
        self.init(name, children: [.text(text)])
    }

    /// Appends a child element.
    public mutating func append(_ element: XMLElement) { children.append(.element(element)) }

    /// Appends `<name>text</name>`.
    public mutating func append(_ name: String, _ text: String) {
        children.append(.element(XMLElement(name, text: text)))
    }

    /// Appends `<name>text</name>` when `text` is not nil.
    public mutating func appendIfPresent(_ name: String, _ text: String?) {
        if let text { append(name, text) }
    }
}

extension XMLElement {
    /// Is `scalar` allowed in an XML 1.0 document (production `Char`)?
    static func isXMLChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Is `name` a valid XML element/attribute name without a prefix (a conservative NCName check)?
    static func isValidName(_ name: String) -> Bool {
        // Fast path: the ASCII names every builder uses.
        var ascii = true
        var valid = !name.isEmpty
        for (index, byte) in name.utf8.enumerated() {
            if byte >= 0x80 { ascii = false; break }
            let letter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
            let other = (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
            if !(letter || (index > 0 && other)) { valid = false }
        }
        if ascii { return valid }
        guard let first = name.unicodeScalars.first else { return false }
        func isStart(_ s: Unicode.Scalar) -> Bool {
            s == "_" || ("A"..."Z").contains(s) || ("a"..."z").contains(s)
                || (s.value >= 0xC0 && s.value != 0xD7
                    && s.value != 0xF7 && isXMLChar(s))
        }
        guard isStart(first) else { return false }
        return name.unicodeScalars.dropFirst().allSatisfy { s in
            isStart(s) || ("0"..."9").contains(s) || s == "-" || s == "." || s.value == 0xB7
        }
    }

    /// Fast scan of UTF-8: a C0 control other than tab/LF/CR, or U+FFFE/U+FFFF (EF BF BE/BF).
    static func hasForbiddenCharacter(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                if byte < 0x20 && byte != 0x9 && byte != 0xA && byte != 0xD { return true }
                if byte == 0xEF && index + 2 < count && bytes[index + 1] == 0xBF && bytes[index + 2] >= 0xBE {
                    return true
                }
                index += 1
            }
            return false
        }
    }

    /// True when any name or string in the tree needs a closer look.
    func needsCharacterCheck() -> Bool {
        if !Self.isValidName(name) { return true }
        for attribute in attributes
        where !Self.isValidName(attribute.name) || Self.hasForbiddenCharacter(attribute.value) {
            return true
        }
        for child in children {
            switch child {
            case .element(let element): if element.needsCharacterCheck() { return true }
            case .text(let text): if Self.hasForbiddenCharacter(text) { return true }
            }
        }
        return false
    }

    /// Every string in the tree checked: characters XML forbids and invalid names are reported with their path.
    func characterIssues(path parent: String = "") -> [DocumentIssue] {
        guard needsCharacterCheck() else { return [] }
        return collectCharacterIssues(path: parent + "/" + name)
    }

    private func collectCharacterIssues(path: String) -> [DocumentIssue] {
        var issues: [DocumentIssue] = []
        if !Self.isValidName(name) {
            issues.append(DocumentIssue(path: path, message: "invalid XML element name"))
        }
        for attribute in attributes {
            if !Self.isValidName(attribute.name) {
                issues.append(DocumentIssue(path: path + "/@" + attribute.name, message: "invalid XML attribute name"))
            }
            if let bad = attribute.value.unicodeScalars.first(where: { !Self.isXMLChar($0) }) {
                issues.append(DocumentIssue(path: path + "/@" + attribute.name, message: Self.forbidden(bad)))
            }
        }
        var totals: [String: Int] = [:]
        for case .element(let element) in children { totals[element.name, default: 0] += 1 }
        var seen: [String: Int] = [:]
        for child in children {
            switch child {
            case .element(let element):
                seen[element.name, default: 0] += 1
                let step =
                    totals[element.name, default: 0] > 1 ? "\(element.name)[\(seen[element.name]!)]" : element.name
                if element.needsCharacterCheck() { issues += element.collectCharacterIssues(path: path + "/" + step) }
            case .text(let text):
                if let bad = text.unicodeScalars.first(where: { !Self.isXMLChar($0) }) {
                    issues.append(DocumentIssue(path: path, message: Self.forbidden(bad)))
                }
            }
        }
        return issues
    }

    private static func forbidden(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "character U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex) is not allowed in XML"
    }
}
