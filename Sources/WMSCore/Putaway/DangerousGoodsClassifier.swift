public import ComplianceEngine
internal import Foundation
internal import Synchronization

/// Classifies products for storage with the compliance engine's dangerous-goods pack (one assessment per SKU,
/// cached), so putaway never decides a zone on its own.
public final class DangerousGoodsClassifier: Sendable {
    public let packSet: PackSet
    public let policy: ZonePolicy
    /// The assessment date (rules are effective-dated).
    public let day: Day
    /// The country the warehouse is in (the destination of the first mile).
    public let country: String
    private let cache = Mutex<[String: StorageClassification]>([:])
    private let engineNanoseconds = Atomic<UInt64>(0)

    public init(packSet: PackSet, country: String, day: Day, policy: ZonePolicy = .standard) {
        self.packSet = packSet
        self.country = country
        self.day = day
        self.policy = policy
    }

    /// Time spent inside the compliance engine so far, in seconds.
    public var engineSeconds: Double { Double(engineNanoseconds.load(ordering: .relaxed)) / 1e9 }

    /// The product's storage classification.
    public func classify(_ product: Product) -> StorageClassification {
        if let cached = cache.withLock({ $0[product.sku] }) { return cached }
        let started = DispatchTime.now().uptimeNanoseconds
        let result = evaluate(product)
        engineNanoseconds.add(DispatchTime.now().uptimeNanoseconds - started, ordering: .relaxed)
        cache.withLock { $0[product.sku] = result }
        return result
    }


    static func decimal(_ thousandths: Int64) -> String {
        "\(thousandths / 1000).\(String(format: "%03d", Int(thousandths % 1000)))"
    }

    /// One request line (JSON object) for a product.
    static func lineJSON(
        _ product: Product, fallbackOrigin: String, quantity: Int64 = 1, unitPrice: String = "1.00",
        category: String? = nil
    ) -> String {
        let origin = product.originCountry ?? fallbackOrigin
        var line = "\"sku\": \(JSONString.quoted(product.sku)), \"hs\": \(JSONString.quoted(product.hsCode ?? "999999")), "
        line += "\"origin\": \(JSONString.quoted(origin)), \"quantity\": \"\(quantity)\", \"unit_price\": \(JSONString.quoted(unitPrice))"
        if product.netWeightGrams > 0 { line += ", \"net_kg\": \"\(decimal(product.netWeightGrams))\"" }
        if let un = product.unNumber { line += ", \"un_number\": \(JSONString.quoted(un))" }
        if let category { line += ", \"category\": \(JSONString.quoted(category))" }
        if let battery = product.battery {
            var fields = [
                "\"chemistry\": \(JSONString.quoted(battery.chemistry.rawValue))",
                "\"packing\": \(JSONString.quoted(battery.packing.rawValue))",
            ]
            if let mwh = battery.milliwattHours { fields.append("\"wh\": \"\(decimal(mwh))\"") }
            if let mg = battery.lithiumMilligrams { fields.append("\"lithium_g\": \"\(decimal(mg))\"") }
            if let soc = battery.stateOfChargePercent { fields.append("\"soc_percent\": \"\(soc)\"") }
            line += ", \"battery\": {\(fields.joined(separator: ", "))}"
        }
        return "{" + line + "}"
    }

    /// A whole B2B assessment request.
    static func requestJSON(
        id: String, day: Day, from: String, to: String, transport: String, currency: String = "EUR",
        sellerSize: String? = nil, lines: [String]
    ) -> String {
        let seller = sellerSize.map { ", \"seller\": {\"size\": \(JSONString.quoted($0))}" } ?? ""
        return """
            {"id": \(JSONString.quoted(id)), "date": "\(day)", "sale": "B2B", "from": \(JSONString.quoted(from)), "to": \(JSONString.quoted(to)), \
            "transport": \(JSONString.quoted(transport)), "currency": \(JSONString.quoted(currency))\(seller), "lines": [\(lines.joined(separator: ", "))]}
            """
    }

    private func evaluate(_ product: Product) -> StorageClassification {
        let request: AssessmentRequest
        do {
            request = try AssessmentRequest.decode(
                json: Self.requestJSON(
                    id: "classify-" + product.sku, day: day, from: product.originCountry ?? country, to: country,
                    transport: "road", lines: [Self.lineJSON(product, fallbackOrigin: country)]))
        } catch {
            return StorageClassification(
                sku: product.sku, unNumber: product.unNumber, dgClass: product.hazardClass, storageZone: nil,
                segregation: [], allowedZones: [.quarantine],
                quarantineReason: "the product cannot be assessed: \(error)", rule: "putaway.assessable",
                source: "product master data")
        }
        let assessment = packSet.assess(request, on: day, explain: true)
        let dg = assessment.lines.first?.dg
        let explanations = assessment.explanation()
        let identify = explanations.first { $0.pack == "dangerous-goods" && $0.rule == "identify" }
        var result = StorageClassification(
            sku: product.sku, unNumber: dg?.unNumber, dgClass: dg?.dgClass, storageZone: dg?.storageZone,
            segregation: dg?.segregation ?? [], allowedZones: policy.generalGoods, quarantineReason: nil,
            rule: identify.map { "\($0.pack).\($0.rule)" } ?? "dangerous-goods.identify",
            source: identify?.source ?? "not dangerous goods under the active packs")
        if let zone = dg?.storageZone {
            result.allowedZones = policy.zones[zone] ?? []
            if result.allowedZones.isEmpty {
                result.quarantineReason = "no zone kind of this warehouse is configured for storage zone \(zone)"
            }
        }
        if let hold = assessment.holds.first(where: { $0.code.hasPrefix("DG-") && $0.code != "DG-SEGREGATION" }) {
            result.quarantineReason = "\(hold.code): \(hold.message)"
            result.rule = "dangerous-goods.\(hold.rule)"
            result.source = hold.source
        }
        if result.quarantineReason != nil { result.allowedZones = [.quarantine] }
        return result
    }
}
