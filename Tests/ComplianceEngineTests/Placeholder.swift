import Testing
@testable import ComplianceEngine
@Test func placeholder() {}
