/// Everything the document builders need about one shipment, as plain values.
///
/// The JSON shape is the compliance assessment request (issue 3) plus party, address, carrier, tracking and customs
/// fields. See `Sources/Documents/README.md`. Unknown fields are rejected with their JSON path.
public struct DocumentRequest: Sendable, Hashable, Codable {
    public var id: String
    /// `YYYY-MM-DD`.
    public var date: String
    public var sale: String?
    public var marketplace: Bool?
    public var gift: Bool?
    /// ISO 3166 alpha-2 of dispatch.
    public var from: String
    /// ISO 3166 alpha-2 of destination.
    public var to: String
    public var transport: String?
    public var aircraft: String?
    /// ISO 4217 code of all money in the request.
    public var currency: String
    public var shipping: Amount?
    public var insurance: Amount?
    public var discount: Amount?
    /// Tax charged to the buyer (CEB `taxTotal`; from the assessment).
    public var taxTotal: Amount?
    /// Amount actually paid (CEB payment); must equal goods + freight + tax − discount.
    public var paid: Amount?
    /// Regime chosen by the assessment (`EU-IOSS`, `US-11`, `CN-CBEC`, …).
    public var regime: String?
    /// CN22/CN23 category: `gift`, `documents`, `commercial-sample`, `returned-goods`, `sale-of-goods`, `other`.
    public var category: String?
    public var seller: Party
    public var buyer: Party?
    public var importer: Party?
    public var carrier: Carrier?
    public var tracking: Tracking?
    public var customs: Customs?
    public var parcel: Parcel?
    /// Document kinds the assessment requires (`H7`, `CN23`, `commercial-invoice`, …).
    public var documents: [String]?
    /// Dangerous-goods marks the assessment requires.
    public var dangerousGoods: [DangerousGoodsMark]?
    /// 24-hour emergency contact for dangerous goods (name and phone), required by the shipper's declaration.
    public var emergencyContact: Party?
    public var lines: [Line]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, date, sale, marketplace, gift, from, to, transport, aircraft, currency, shipping, insurance, discount
        case taxTotal = "tax_total", paid, regime, category, seller, buyer, importer, carrier, tracking, customs, parcel
        case documents, dangerousGoods = "dangerous_goods", lines, emergencyContact = "emergency_contact"
    }

    public init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        date = try c.decode(String.self, forKey: .date)
        sale = try c.decodeIfPresent(String.self, forKey: .sale)
        marketplace = try c.decodeIfPresent(Bool.self, forKey: .marketplace)
        gift = try c.decodeIfPresent(Bool.self, forKey: .gift)
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
        transport = try c.decodeIfPresent(String.self, forKey: .transport)
        aircraft = try c.decodeIfPresent(String.self, forKey: .aircraft)
        currency = try c.decode(String.self, forKey: .currency)
        shipping = try c.decodeIfPresent(Amount.self, forKey: .shipping)
        insurance = try c.decodeIfPresent(Amount.self, forKey: .insurance)
        discount = try c.decodeIfPresent(Amount.self, forKey: .discount)
        taxTotal = try c.decodeIfPresent(Amount.self, forKey: .taxTotal)
        paid = try c.decodeIfPresent(Amount.self, forKey: .paid)
        regime = try c.decodeIfPresent(String.self, forKey: .regime)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        seller = try c.decode(Party.self, forKey: .seller)
        buyer = try c.decodeIfPresent(Party.self, forKey: .buyer)
        importer = try c.decodeIfPresent(Party.self, forKey: .importer)
        carrier = try c.decodeIfPresent(Carrier.self, forKey: .carrier)
        tracking = try c.decodeIfPresent(Tracking.self, forKey: .tracking)
        customs = try c.decodeIfPresent(Customs.self, forKey: .customs)
        parcel = try c.decodeIfPresent(Parcel.self, forKey: .parcel)
        documents = try c.decodeIfPresent([String].self, forKey: .documents)
        dangerousGoods = try c.decodeIfPresent([DangerousGoodsMark].self, forKey: .dangerousGoods)
        emergencyContact = try c.decodeIfPresent(Party.self, forKey: .emergencyContact)
        lines = try c.decode([Line].self, forKey: .lines)
    }

    /// A party with address and identifiers. All fields optional in JSON; each document requires its own subset.
    public struct Party: Sendable, Hashable, Codable {
        public var name: String?
        public var street: String?
        public var city: String?
        public var postcode: String?
        public var region: String?
        public var country: String?
        public var phone: String?
        public var email: String?
        public var ioss: String?
        public var vat: String?
        public var eori: String?
        /// Importer number (US EIN / CBP-assigned), CEB registration code.
        public var number: String?
        /// CEB buyer id type (`1` = resident identity card).
        public var idType: String?
        public var idNumber: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, street, city, postcode, region, country, phone, email, ioss, vat, eori, number
            case idType = "id_type", idNumber = "id_number"
        }

        public init(name: String? = nil, country: String? = nil) {
            self.name = name
            self.country = country
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decodeIfPresent(String.self, forKey: .name)
            street = try c.decodeIfPresent(String.self, forKey: .street)
            city = try c.decodeIfPresent(String.self, forKey: .city)
            postcode = try c.decodeIfPresent(String.self, forKey: .postcode)
            region = try c.decodeIfPresent(String.self, forKey: .region)
            country = try c.decodeIfPresent(String.self, forKey: .country)
            phone = try c.decodeIfPresent(String.self, forKey: .phone)
            email = try c.decodeIfPresent(String.self, forKey: .email)
            ioss = try c.decodeIfPresent(String.self, forKey: .ioss)
            vat = try c.decodeIfPresent(String.self, forKey: .vat)
            eori = try c.decodeIfPresent(String.self, forKey: .eori)
            number = try c.decodeIfPresent(String.self, forKey: .number)
            idType = try c.decodeIfPresent(String.self, forKey: .idType)
            idNumber = try c.decodeIfPresent(String.self, forKey: .idNumber)
        }
    }

    /// Carrier and service printed on the label.
    public struct Carrier: Sendable, Hashable, Codable {
        public var name: String
        public var service: String?
        /// CEB logistics company code.
        public var code: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, service, code }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            service = try c.decodeIfPresent(String.self, forKey: .service)
            code = try c.decodeIfPresent(String.self, forKey: .code)
        }
    }

    /// Tracking and transport references.
    public struct Tracking: Sendable, Hashable, Codable {
        /// UPU S10 item id (`RR123456785GB`).
        public var s10: String?
        /// SSCC-18 (17 digits: the check digit is computed; 18: it is verified).
        public var sscc: String?
        /// Carrier waybill / logistics number.
        public var waybill: String?
        /// Bill of lading or air waybill.
        public var billOfLading: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case s10, sscc, waybill, billOfLading = "bill_of_lading"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            s10 = try c.decodeIfPresent(String.self, forKey: .s10)
            sscc = try c.decodeIfPresent(String.self, forKey: .sscc)
            waybill = try c.decodeIfPresent(String.self, forKey: .waybill)
            billOfLading = try c.decodeIfPresent(String.self, forKey: .billOfLading)
        }
    }

    /// Customs and single-window identifiers.
    public struct Customs: Sendable, Hashable, Codable {
        /// EU local reference number.
        public var lrn: String?
        /// EU additional procedure (`F48` IOSS, `F49`, `F53`).
        public var additionalProcedure: String?
        /// US entry type `11` or `01`.
        public var entryType: String?
        /// US port of entry (4 digits) or CEB port code.
        public var port: String?
        /// CEB customs office code (4 digits).
        public var office: String?
        /// CEB trade mode 9610 / 1210.
        public var tradeMode: String?
        /// CEB transport mode code.
        public var trafMode: String?
        public var ebpCode: String?
        public var ebpName: String?
        public var ebcCode: String?
        public var ebcName: String?
        public var copCode: String?
        public var copName: String?
        public var dxpId: String?
        public var payCode: String?
        public var payName: String?
        public var payTransactionId: String?
        /// CEB message guid (36 chars); derived from the request id when absent.
        public var guid: String?
        /// CEB `appTime` `YYYYMMDDhhmmss`; the request date at 00:00:00 when absent.
        public var appTime: String?
        /// CEB 621 bonded-zone company (区内企业) code and name; required for trade mode 1210.
        public var areaCode: String?
        public var areaName: String?
        /// Anticipated arrival at the port of entry, `YYYY-MM-DDThh:mm` in UTC (FDA prior notice).
        public var arrival: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case lrn, additionalProcedure = "additional_procedure", entryType = "entry_type", port, office
            case tradeMode = "trade_mode", trafMode = "traf_mode", ebpCode = "ebp_code", ebpName = "ebp_name"
            case ebcCode = "ebc_code", ebcName = "ebc_name", copCode = "cop_code", copName = "cop_name"
            case dxpId = "dxp_id", payCode = "pay_code", payName = "pay_name"
            case payTransactionId = "pay_transaction_id", guid, appTime = "app_time", areaCode = "area_code"
            case areaName = "area_name", arrival
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            func s(_ key: CodingKeys) throws -> String? { try c.decodeIfPresent(String.self, forKey: key) }
            lrn = try s(.lrn); additionalProcedure = try s(.additionalProcedure); entryType = try s(.entryType)
            port = try s(.port); office = try s(.office); tradeMode = try s(.tradeMode); trafMode = try s(.trafMode)
            ebpCode = try s(.ebpCode); ebpName = try s(.ebpName); ebcCode = try s(.ebcCode); ebcName = try s(.ebcName)
            copCode = try s(.copCode); copName = try s(.copName); dxpId = try s(.dxpId); payCode = try s(.payCode)
            payName = try s(.payName); payTransactionId = try s(.payTransactionId); guid = try s(.guid)
            appTime = try s(.appTime)
            areaCode = try s(.areaCode)
            areaName = try s(.areaName)
            arrival = try s(.arrival)
        }
    }

    /// Physical parcel data.
    public struct Parcel: Sendable, Hashable, Codable {
        public var grossKg: Amount?
        public var packages: Int?

        enum CodingKeys: String, CodingKey, CaseIterable { case grossKg = "gross_kg", packages }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            grossKg = try c.decodeIfPresent(Amount.self, forKey: .grossKg)
            packages = try c.decodeIfPresent(Int.self, forKey: .packages)
        }
    }

    /// A dangerous-goods requirement from the assessment.
    public struct DangerousGoodsMark: Sendable, Hashable, Codable {
        /// `UN3480`.
        public var unNumber: String?
        /// Class, `9`.
        public var hazardClass: String?
        /// Marks/labels: `lithium-battery`, `class-9`, `cargo-aircraft-only`.
        public var marks: [String]
        /// IATA packing instruction (`965`), from the assessment.
        public var packingInstruction: String?
        /// Lithium battery section (`IA`, `IB`, `I`, `II`), from the assessment.
        public var section: String?
        /// Proper shipping name from the dangerous-goods list (`Lithium ion batteries`), from the assessment.
        public var properShippingName: String?
        /// Packing group (`I`, `II`, `III`); absent for entries without one.
        public var packingGroup: String?
        /// Subsidiary hazard class, when the entry has one.
        public var subsidiaryHazard: String?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case unNumber = "un_number", hazardClass = "class", marks, packingInstruction = "packing_instruction"
            case section, properShippingName = "proper_shipping_name", packingGroup = "packing_group"
            case subsidiaryHazard = "subsidiary_hazard"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            unNumber = try c.decodeIfPresent(String.self, forKey: .unNumber)
            hazardClass = try c.decodeIfPresent(String.self, forKey: .hazardClass)
            marks = try c.decode([String].self, forKey: .marks)
            packingInstruction = try c.decodeIfPresent(String.self, forKey: .packingInstruction)
            section = try c.decodeIfPresent(String.self, forKey: .section)
            properShippingName = try c.decodeIfPresent(String.self, forKey: .properShippingName)
            packingGroup = try c.decodeIfPresent(String.self, forKey: .packingGroup)
            subsidiaryHazard = try c.decodeIfPresent(String.self, forKey: .subsidiaryHazard)
        }
    }

    /// An order line.
    public struct Line: Sendable, Hashable, Codable {
        public var sku: String
        public var description: String?
        public var hs: String?
        public var origin: String?
        public var category: String?
        public var quantity: Amount
        public var unitPrice: Amount
        public var netKg: Amount?
        public var excise: Bool?
        public var battery: Battery?
        public var unNumber: String?
        public var manufacturerCountry: String?
        public var euResponsiblePerson: String?
        /// GTIN (manufacturer product identifier).
        public var gtin: String?
        /// Model/specification (CEB `gmodel`).
        public var model: String?
        /// CEB unit code (3 digits, `011` piece).
        public var unit: String?
        /// Legal (first) quantity and unit for CEB 621.
        public var legalQuantity: Amount?
        public var legalUnit: String?
        /// FDA product code (7 characters: industry, class, subclass, process, product) for food to the US.
        public var fdaProductCode: String?
        /// Manufacturer of a food (name and address; `number` = FDA food facility registration, 11 digits).
        public var manufacturer: Party?
        /// CPSC certificate of compliance data for the eFiling (toys, children's products, other regulated goods).
        public var certificate: Certificate?
        /// EUDR due-diligence statement reference (commodities and products of Regulation (EU) 2023/1115).
        public var dds: DueDiligenceStatement?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case sku, description, hs, origin, category, quantity, unitPrice = "unit_price", netKg = "net_kg", excise
            case battery, unNumber = "un_number", manufacturerCountry = "manufacturer_country"
            case euResponsiblePerson = "eu_responsible_person", gtin, model, unit
            case legalQuantity = "legal_quantity", legalUnit = "legal_unit", fdaProductCode = "fda_product_code"
            case manufacturer, certificate, dds
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            sku = try c.decode(String.self, forKey: .sku)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            hs = try c.decodeIfPresent(String.self, forKey: .hs)
            origin = try c.decodeIfPresent(String.self, forKey: .origin)
            category = try c.decodeIfPresent(String.self, forKey: .category)
            quantity = try c.decode(Amount.self, forKey: .quantity)
            unitPrice = try c.decode(Amount.self, forKey: .unitPrice)
            netKg = try c.decodeIfPresent(Amount.self, forKey: .netKg)
            excise = try c.decodeIfPresent(Bool.self, forKey: .excise)
            battery = try c.decodeIfPresent(Battery.self, forKey: .battery)
            unNumber = try c.decodeIfPresent(String.self, forKey: .unNumber)
            manufacturerCountry = try c.decodeIfPresent(String.self, forKey: .manufacturerCountry)
            euResponsiblePerson = try c.decodeIfPresent(String.self, forKey: .euResponsiblePerson)
            gtin = try c.decodeIfPresent(String.self, forKey: .gtin)
            model = try c.decodeIfPresent(String.self, forKey: .model)
            unit = try c.decodeIfPresent(String.self, forKey: .unit)
            legalQuantity = try c.decodeIfPresent(Amount.self, forKey: .legalQuantity)
            legalUnit = try c.decodeIfPresent(String.self, forKey: .legalUnit)
            fdaProductCode = try c.decodeIfPresent(String.self, forKey: .fdaProductCode)
            manufacturer = try c.decodeIfPresent(Party.self, forKey: .manufacturer)
            certificate = try c.decodeIfPresent(Certificate.self, forKey: .certificate)
            dds = try c.decodeIfPresent(DueDiligenceStatement.self, forKey: .dds)
        }

        /// quantity × unit price.
        public var total: Amount { quantity * unitPrice }
    }

    /// Battery facts (carried through for the assessment; documents use only the DG marks).
    public struct Battery: Sendable, Hashable, Codable {
        public var chemistry: String?
        public var packing: String?
        public var wh: Amount?
        public var mah: Amount?
        public var volts: Amount?
        public var lithiumG: Amount?
        public var socPercent: Amount?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case chemistry, packing, wh, mah, volts, lithiumG = "lithium_g", socPercent = "soc_percent"
        }

        public init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            chemistry = try c.decodeIfPresent(String.self, forKey: .chemistry)
            packing = try c.decodeIfPresent(String.self, forKey: .packing)
            wh = try c.decodeIfPresent(Amount.self, forKey: .wh)
            mah = try c.decodeIfPresent(Amount.self, forKey: .mah)
            volts = try c.decodeIfPresent(Amount.self, forKey: .volts)
            lithiumG = try c.decodeIfPresent(Amount.self, forKey: .lithiumG)
            socPercent = try c.decodeIfPresent(Amount.self, forKey: .socPercent)
        }
    }

    /// Sum of line totals.
    public var goodsValue: Amount { lines.reduce(.zero) { $0 + $1.total } }
}
