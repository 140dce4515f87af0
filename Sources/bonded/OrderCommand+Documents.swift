import ArgumentParser
import Documents
import Foundation
import Fulfilment

extension OrderOptions {
    /// The document producer of the outbound commands. `BONDED_DG_EMERGENCY_CONTACT` (`name|phone`) is the 24-hour
    /// dangerous-goods emergency contact; without it orders needing a shipper's declaration are held at the gate.
    static func producer(resources: String?) throws -> DocumentShipmentProducer {
        var contact: DocumentShipmentProducer.EmergencyContact?
        if let text = ProcessInfo.processInfo.environment["BONDED_DG_EMERGENCY_CONTACT"] {
            let parts = text.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ValidationError("BONDED_DG_EMERGENCY_CONTACT must be 'name|phone', got '\(text)'")
            }
            contact = .init(name: parts[0], phone: parts[1])
        }
        return DocumentShipmentProducer(
            engine: try DocumentEngine(resourceDirectory: resources), emergencyContact: contact)
    }
}
