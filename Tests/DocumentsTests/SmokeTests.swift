import Documents
import Foundation
import Testing

@Test func smoke() throws {
    for (fixture, kinds) in [("eu-ioss", [DocumentKind.h7, .cn23, .invoice, .label, .cn22]), ("us-entry", [.usEntry]),
                              ("cn-cbec", [.ceb311, .ceb621]), ("label-lithium", [.label])] {
        let request = try Support.request(fixture)
        for kind in kinds {
            do {
                let xml = try Support.engine.xml(kind, for: request)
                print("== \(fixture) \(kind)\n\(xml.prefix(600))")
            } catch {
                print("== \(fixture) \(kind) FAILED \(String(reflecting: error))")
            }
        }
    }
}
