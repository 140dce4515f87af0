import ComplianceEngine
import Foundation
import HTTPTypes
import WMSCore

extension BondedService {
    /// The sample shipment the assessment form starts with (one power bank from China to Germany).
    static let sampleShipment = """
        {"id": "sample-1", "date": "2026-11-28", "sale": "B2C", "marketplace": true, "gift": false,
         "from": "CN", "to": "DE", "transport": "air", "aircraft": "cargo", "currency": "EUR",
         "shipping": "0.00", "insurance": "0.00",
         "seller": {"country": "CN", "ioss": "IM2760000001", "vat": null, "eori": null},
         "lines": [{"sku": "PB-20000", "description": "power bank", "hs": "850760", "origin": "CN",
           "category": "electronics", "quantity": 1, "unit_price": "25.00", "net_kg": "0.4", "excise": false,
           "battery": {"chemistry": "li-ion", "packing": "alone", "mah": "20000", "volts": "3.7",
                       "lithium_g": null, "soc_percent": "30"},
           "un_number": null, "manufacturer_country": "CN", "eu_responsible_person": "Acme EU GmbH, Berlin"}]}
        """

    func assessRoutes() -> [ConsoleRoute] {
        [
            ConsoleRoute(method: .get, path: "/console/assess", roles: ConsoleRoles.rulesRead) { [self] call in
                page(call, title: call.t("assess.title"), assessForm(call, text: Self.sampleShipment, result: ""))
            },
            // Computes only; a POST so that long shipments fit, CSRF-checked like every form.
            ConsoleRoute(method: .post, path: "/console/assess", roles: ConsoleRoles.rulesRead) { [self] call in
                let text = call.form["shipment"] ?? ""
                let result: HTML
                var status: HTTPResponse.Status = .ok
                do {
                    result = try assessment(call, text: text)
                } catch let error as RequestError {
                    result = "<p class=\"message error\" id=\"assess-error\">\(error.path): \(error.message)</p>"
                    status = .badRequest
                }
                var answer = page(call, title: call.t("assess.title"), assessForm(call, text: text, result: result))
                answer.status = status
                answer.audited = true  // a computation: nothing to record
                return answer
            },
        ]
    }

    private func assessForm(_ call: ConsoleCall, text: String, result: HTML) -> HTML {
        """
        <form method="post" action="/console/assess" class="editor">\(call.csrfField)
        <label>\(call.t("assess.shipment"))<textarea name="shipment" rows="16" spellcheck="false">\(text)</textarea></label>
        <button type="submit" id="assess">\(call.t("assess.submit"))</button></form>
        \(result)
        """
    }

    private func assessment(_ call: ConsoleCall, text: String) throws -> HTML {
        let t = call.t
        let packSet = try activePacks()
        let request = try AssessmentRequest.decode(json: text)
        let assessment = packSet.assess(request, on: request.date, explain: true)
        let holds: [HTML] = assessment.holds.map {
            "<tr><td>\($0.code)</td><td>\($0.rule)</td><td>\($0.message)</td><td>\($0.source)</td></tr>"
        }
        let steps: [HTML] = assessment.explanation().map { step in
            let inputs = step.inputs.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", ")
            return """
                <tr><td>\(step.pack) \(step.version)</td><td>\(step.rule)\(step.line.map { " [\($0)]" } ?? "")</td>\
                <td>\(step.outcome)</td><td>\(inputs)</td><td>\(step.source)</td><td>\(displayPath(step.location))</td></tr>
                """
        }
        let places = assessment.currency == "JPY" ? 0 : 2
        return """
            <section id="assessment" data-decision="\(assessment.decision.rawValue)">
            <h2>\(t("assess.result"))</h2>
            <dl><dt>\(t("assess.decision"))</dt><dd id="decision">\(t("assess.decision." + assessment.decision.rawValue))</dd>
            <dt>\(t("assess.regime"))</dt><dd>\(assessment.regime ?? "—")</dd>
            <dt>\(t("assess.vat"))</dt><dd>\(assessment.vat.formatted(places: places)) \(assessment.currency)</dd>
            <dt>\(t("assess.duty"))</dt><dd>\(assessment.duty.formatted(places: places)) \(assessment.currency)</dd>
            <dt>\(t("assess.documents"))</dt><dd>\(assessment.documents.joined(separator: ", "))</dd>
            <dt>\(t("assess.pack-set"))</dt><dd><code>\(String(assessment.packSetHash.prefix(16)))</code></dd></dl>
            \(holds.isEmpty ? HTML("") : HTML("<h3>\(t("assess.holds"))</h3><table id=\"holds\"><tbody>\(holds)</tbody></table>"))
            <h3>\(t("assess.explanation"))</h3>
            <table id="explanation"><thead><tr><th>\(t("rules.pack"))</th><th>\(t("assess.rule"))</th>\
            <th>\(t("assess.outcome"))</th><th>\(t("assess.inputs"))</th><th>\(t("assess.source"))</th>\
            <th>\(t("rules.location"))</th></tr></thead><tbody>\(steps)</tbody></table></section>
            """
    }
}
