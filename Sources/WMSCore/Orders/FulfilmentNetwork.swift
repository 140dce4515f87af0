/// Which warehouses may fulfil an order, what a parcel costs from each, and how it travels.
///
/// The warehouse rule, in order: (1) only sites that serve the destination (a country code, a region such as
/// `EU`, or `*`); (2) only sites holding sellable stock for every line (no split shipments); (3) the lowest parcel
/// cost from the cost table; (4) the warehouse code, so the choice is deterministic.
///
/// The cost table is explicit and small: each entry prices one parcel (minor units of `currency`) from a
/// warehouse to a destination (country, region or `*`) for a shipping service (or `*`). The most specific entry
/// wins: country before region before `*`, an exact service before `*`. A site without a matching entry costs
/// `defaultCost`.
public struct FulfilmentNetwork: Hashable, Sendable, Codable {
    /// A warehouse and the destinations it ships to.
    public struct Site: Hashable, Sendable, Codable {
        public var warehouse: String
        /// ISO 3166 alpha-2 country of the warehouse (the country of dispatch).
        public var country: String
        /// Destination countries or regions (`EU`, `UK`, `US`, …, see `region(of:)`), or `*`.
        public var serves: [String]

        public init(warehouse: String, country: String, serves: [String]) {
            self.warehouse = warehouse
            self.country = country
            self.serves = serves
        }
    }

    /// The price of one parcel.
    public struct Cost: Hashable, Sendable, Codable {
        public var warehouse: String
        /// Country, region or `*`.
        public var destination: String
        /// Shipping service or `*`.
        public var service: String
        /// Minor units of the network's currency.
        public var amount: Int64

        public init(warehouse: String, destination: String, service: String = "*", amount: Int64) {
            self.warehouse = warehouse
            self.destination = destination
            self.service = service
            self.amount = amount
        }
    }

    public var sites: [Site]
    public var costs: [Cost]
    public var currency: String
    public var defaultCost: Int64

    public init(sites: [Site], costs: [Cost], currency: String = "EUR", defaultCost: Int64 = 10_000) {
        self.sites = sites
        self.costs = costs
        self.currency = currency
        self.defaultCost = defaultCost
    }

    /// A network of `warehouses` where each serves its own region at cost 0 domestic and 500 in the region.
    public static func regional(_ warehouses: [Warehouse]) -> FulfilmentNetwork {
        FulfilmentNetwork(
            sites: warehouses.map {
                Site(warehouse: $0.code, country: $0.country, serves: [region(of: $0.country)])
            },
            costs: warehouses.flatMap {
                [
                    Cost(warehouse: $0.code, destination: $0.country, amount: 0),
                    Cost(warehouse: $0.code, destination: region(of: $0.country), amount: 500),
                ]
            })
    }

    static let euMembers: Set<String> = [
        "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU",
        "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
    ]

    /// The trade region of a country: `EU` for the 27 member states, `UK` for GB, else the country code itself.
    public static func region(of country: String) -> String {
        if euMembers.contains(country) { return "EU" }
        if country == "GB" { return "UK" }
        return country
    }

    /// The wave grouping key of a destination: region and country, e.g. `EU-DE`.
    public static func destinationRegion(of country: String) -> String { "\(region(of: country))-\(country)" }

    /// Sites serving `country`, cheapest first for `service`.
    public func candidates(for country: String, service: String) -> [Site] {
        let region = Self.region(of: country)
        return sites.filter { site in site.serves.contains { $0 == "*" || $0 == country || $0 == region } }
            .sorted {
                (cost(from: $0.warehouse, to: country, service: service), $0.warehouse)
                    < (cost(from: $1.warehouse, to: country, service: service), $1.warehouse)
            }
    }

    /// The parcel cost from `warehouse` to `country` for `service` (most specific entry, else `defaultCost`).
    public func cost(from warehouse: String, to country: String, service: String) -> Int64 {
        let region = Self.region(of: country)
        var best: (rank: Int, amount: Int64)?
        for entry in costs where entry.warehouse == warehouse {
            let place =
                entry.destination == country ? 0 : entry.destination == region ? 2 : entry.destination == "*" ? 4 : -1
            guard place >= 0, entry.service == service || entry.service == "*" else { continue }
            let rank = place + (entry.service == service ? 0 : 1)
            if best == nil || rank < best!.rank { best = (rank, entry.amount) }
        }
        return best?.amount ?? defaultCost
    }

    /// How a parcel travels: `express` flies on a passenger aircraft (courier); other services go by road within
    /// Europe (EU and UK) or within one country/region, and by cargo aircraft between continents.
    public static func route(from origin: String, to destination: String, service: String) -> OrderRoute {
        if service == "express" {
            return OrderRoute(carrier: "Bonded Express", transport: "air", aircraft: "passenger")
        }
        let europe: Set<String> = ["EU", "UK"]
        let a = region(of: origin)
        let b = region(of: destination)
        if a == b || (europe.contains(a) && europe.contains(b)) {
            return OrderRoute(carrier: "Bonded Ground", transport: "road")
        }
        return OrderRoute(carrier: "Bonded Air Cargo", transport: "air", aircraft: "cargo")
    }
}
