/// For one count a value is measured by (digits, capital letters, length, a digit run), which
/// detectors' requirement on it a given count meets, one bit per detector: "which detectors may run
/// on this value" becomes a few loads and ANDs instead of a loop over every detector.
///
/// Detectors are in groups of 64 (bit `n` of group `g` is detector `64g + n`). Counts and
/// requirements above `cap` share the last entry, so there a mask may admit a detector whose
/// requirement is not met: callers check the survivors exactly (`Prefilter.mayMatch`).
struct RequirementMasks: Sendable {
    static let cap = 64
    /// Per group, `cap + 1` masks: entry `k` holds the group's detectors whose requirement is at
    /// most `k` (or above `cap`, for `k == cap`).
    private let masks: [UInt64]

    /// - Parameter requirements: per detector, the least count it needs (0: none).
    init(requirements: [Int]) {
        let width = Self.cap + 1
        var masks = [UInt64](repeating: 0, count: (requirements.count + 63) / 64 * width)
        for (detector, requirement) in requirements.enumerated() {
            for count in min(requirement, Self.cap)...Self.cap {
                masks[detector / 64 * width + count] |= 1 << UInt64(detector % 64)
            }
        }
        self.masks = masks
    }

    /// The detectors of group `group` whose requirement `count` meets (or may meet, above `cap`).
    @inline(__always)
    func detectors(meeting count: Int, group: Int) -> UInt64 {
        masks[group &* (Self.cap &+ 1) &+ Swift.min(count, Self.cap)]
    }
}
