import Foundation
import HTTPTypes

/// The console's UI strings: one table per language (`Resources/console/i18n/<lang>.json`), every key in each.
struct ConsoleStrings: Sendable {
    /// The languages the console speaks, in the switcher's order.
    static let languages = ["en", "zh", "de", "ja", "es"]
    /// Each language's own name, for the switcher.
    static let names = ["en": "English", "zh": "中文", "de": "Deutsch", "ja": "日本語", "es": "Español"]

    let language: String
    let table: [String: String]

    /// `key`'s text; `{1}`, `{2}`, … are replaced by `arguments` (the text is escaped when it is interpolated).
    func callAsFunction(_ key: String, _ arguments: String...) -> String {
        var text = table[key] ?? key
        for (index, argument) in arguments.enumerated() {
            text = text.replacingOccurrences(of: "{\(index + 1)}", with: argument)
        }
        return text
    }

    /// Every table, read once from the bundle.
    static let tables: [String: [String: String]] = {
        var tables: [String: [String: String]] = [:]
        for language in languages {
            guard let url = Bundle.module.url(forResource: language, withExtension: "json", subdirectory: "console/i18n")
                    ?? Bundle.module.url(forResource: language, withExtension: "json"),
                let data = try? Data(contentsOf: url),
                let table = try? JSONDecoder().decode([String: String].self, from: data)
            else { continue }
            tables[language] = table
        }
        return tables
    }()

    static func forLanguage(_ language: String) -> ConsoleStrings {
        let chosen = tables[language] == nil ? "en" : language
        return ConsoleStrings(language: chosen, table: tables[chosen] ?? [:])
    }

    /// The language to use: `?lang=`, then the `bonded_lang` cookie, then the best `Accept-Language` match, then en.
    static func negotiate(query: String?, cookie: String?, acceptLanguage: String?) -> String {
        for candidate in [query, cookie] {
            if let candidate, languages.contains(candidate) { return candidate }
        }
        var best: (language: String, quality: Double)?
        for part in (acceptLanguage ?? "").split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased() else { continue }
            let primary = String(tag.split(separator: "-").first ?? "")
            var quality = 1.0
            for piece in pieces.dropFirst() where piece.hasPrefix("q=") { quality = Double(piece.dropFirst(2)) ?? 0 }
            guard languages.contains(primary), quality > 0, quality > (best?.quality ?? 0) else { continue }
            best = (primary, quality)
        }
        return best?.language ?? "en"
    }
}
