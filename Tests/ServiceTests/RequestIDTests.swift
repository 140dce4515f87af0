import Foundation
import Testing

@testable import Service

@Suite("Request ids")
struct RequestIDTests {
    @Test("request ids are distinct lower-case version-4 UUIDs")
    func versionFour() {
        var seen: Set<String> = []
        for _ in 0..<2_000 {
            let id = RequestID.make()
            #expect(id.count == 36)
            #expect(id == id.lowercased())
            let uuid = UUID(uuidString: id)
            #expect(uuid?.uuidString.lowercased() == id)
            let characters = Array(id)
            #expect(characters[14] == "4", "version nibble of \(id)")
            #expect("89ab".contains(characters[19]), "variant of \(id)")
            seen.insert(id)
        }
        #expect(seen.count == 2_000)
    }
}
