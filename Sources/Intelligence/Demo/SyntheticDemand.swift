import Foundation

/// A small seeded random generator (SplitMix64): the same seed gives the same numbers on every platform.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Standard normal (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(uniform(), 1e-300)
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// Poisson with mean `lambda` (Knuth for small means, normal approximation above 30).
    public mutating func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        if lambda > 30 { return max(0, Int((lambda + lambda.squareRoot() * normal()).rounded())) }
        let limit = exp(-lambda)
        var k = 0
        var p = uniform()
        while p > limit {
            k += 1
            p *= uniform()
        }
        return k
    }
}

/// Generated daily demand with a known shape, for tests and the forecast benchmark.
public enum SyntheticDemand {
    /// The shape of a generated series.
    public enum Shape: String, Sendable, CaseIterable {
        /// Stable level with noise.
        case level
        /// Level plus a steady trend.
        case trending
        /// Weekly seasonal pattern (weekend peaks).
        case seasonal
        /// Most days without sales, occasional orders.
        case intermittent
        /// Sells steadily, then stops (the last quarter is zero).
        case stopping
    }

    /// Day-of-week multipliers of the seasonal shape (mean 1).
    public static let weeklyPattern: [Double] = [0.7, 0.8, 0.9, 1.0, 1.2, 1.5, 0.9]

    /// `days` of demand of a shape; `scale` sets the typical daily units.
    public static func series(_ shape: Shape, days: Int, scale: Double, random: inout SeededRandom) -> [Double] {
        (0..<days).map { t in
            switch shape {
            case .level:
                return Double(random.poisson(scale))
            case .trending:
                return Double(random.poisson(scale * (0.5 + 1.5 * Double(t) / Double(max(1, days)))))
            case .seasonal:
                return Double(random.poisson(scale * weeklyPattern[t % 7]))
            case .intermittent:
                return random.uniform() < 0.15 ? Double(1 + random.poisson(scale / 2)) : 0
            case .stopping:
                return t < days * 3 / 4 ? Double(random.poisson(scale)) : 0
            }
        }
    }
}
