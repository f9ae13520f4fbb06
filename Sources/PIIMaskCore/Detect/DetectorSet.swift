// Why this file is built this way
//
// Detection is the expensive step, so it does as little as it can: one profiling pass over the
// value (`ByteProfileTable`), then only the detectors whose trigger bytes and digit counts are
// present run their PCRE2 regex, each on the whole value (one JIT call per match, not per byte).
// With the whole library (48 types) even a loop over every prefilter adds up, so a value's
// candidates are found with bit masks, one bit per detector (`RequirementMasks`): those without
// trigger bytes or with one the value has, AND those whose digit, capital-letter and length
// counts it meets, AND (worked out only if a candidate needs them) those whose digit runs it has.
// Only the survivors are visited. The costlier
// checks come after the cheap ones and are worked out at most once per value (`ValueFacts`): the
// digit runs, each named gate (several identifiers share one), and for context-gated detectors
// (passport numbers and the like) one search for all their keywords in the field name and the
// value (`KeywordSet`). Literal prefixes (`any_literals`) are checked per detector.
// Candidates then pass the validator and context checks, and overlaps are resolved by one
// deterministic rule (longest, then priority, then name) documented in Patterns/README.md.

/// The compiled detectors of a run. Immutable and shared by every worker.
public final class DetectorSet: Sendable {
    let detectors: [Detector]
    /// The gates the detectors name, each once (`Prefilter.gate` indexes it, from 1).
    private let gates: [Gate]
    /// The detectors' `any_literals`, nil where there are none.
    private let literals: [LiteralSet?]
    /// For `cannotMatch`: the union of all trigger bits, and the least demanding (digits, capital
    /// letters, length) requirements of the detectors without trigger bytes (no requirement
    /// triple in this list is weaker in every part than another).
    private let anyTrigger: UInt64
    private let weakestRequirements: [(digits: Int, uppercase: Int, length: Int)]
    /// The fewest digits any of `weakestRequirements` asks for (`Int.max` when it is empty): a
    /// value with fewer meets none of them, which most values show in one compare.
    private let fewestUntriggeredDigits: Int
    /// The shortest digit run that every detector without trigger bytes needs (0 when one of them
    /// needs none): see `runsRuleOut`.
    private let untriggeredRunFloor: Int
    /// Per detector, its cheap checks.
    private let prefilters: [Prefilter]
    /// Per group of 64 detectors (bit n: the group's n-th), those without trigger bytes.
    private let untriggered: [UInt64]
    /// Per group of 64 detectors, per trigger bit (`group * triggerBits + bit`): those that name
    /// a byte with that bit, so a value admits only the detectors of the trigger bytes it has.
    private let triggeredByBit: [UInt64]
    /// Per group of 64 detectors, those that need a digit run.
    private let needRuns: [UInt64]
    /// Per group of 64 detectors, those with a requirement above `RequirementMasks.cap`, which
    /// the masks may admit without meeting it: they are checked exactly.
    private let beyondCap: [UInt64]
    /// The detectors each count meets: digits, capital letters, length, bridged and plain digit run.
    private let digitMasks: RequirementMasks
    private let uppercaseMasks: RequirementMasks
    private let lengthMasks: RequirementMasks
    private let runMasks: RequirementMasks
    private let plainRunMasks: RequirementMasks
    /// The same for the runs that start at a word start, of detectors with `digit_run_at_word_start`.
    private let wordRunMasks: RequirementMasks
    private let wordPlainRunMasks: RequirementMasks
    /// Whether any detector counts runs from word starts or has a gate that reads digit runs (then
    /// the digit-run pass is `digitRunsWithWordStarts`).
    private let countsWordRuns: Bool
    /// The context words of all detectors.
    private let contextWords: KeywordSet
    /// Whether detection reads the field name (a detector has context words), so that the same
    /// value under another name may have another outcome.
    let readsFieldNames: Bool
    /// Whether every check before the regexes sees only the class of a value's digits, never
    /// which digit, except those the prefilters flag (`Prefilter.readsDigitValues`): no trigger
    /// byte or context word has a digit. Then a value that no regex had to look at is clean in
    /// every value of its shape (its digits changed), which `CleanValueCache` uses.
    let decidesByShape: Bool
    let table: ByteProfileTable

    /// A copy for one worker thread, sharing the compiled regexes.
    ///
    /// Swift retains the set around each call into it, and a detector around each regex run, and
    /// a retain is an atomic write to the object: with every worker using the same objects, their
    /// cache lines moved between cores for every value sent to detection (2 threads took 30% more
    /// CPU time than 1 for the same work). Each worker's masker holds its own copies instead.
    init(copying other: DetectorSet) {
        detectors = other.detectors.map(Detector.init(copying:))
        gates = other.gates
        literals = other.literals
        anyTrigger = other.anyTrigger
        weakestRequirements = other.weakestRequirements
        fewestUntriggeredDigits = other.fewestUntriggeredDigits
        untriggeredRunFloor = other.untriggeredRunFloor
        prefilters = other.prefilters
        untriggered = other.untriggered
        triggeredByBit = other.triggeredByBit
        needRuns = other.needRuns
        beyondCap = other.beyondCap
        digitMasks = other.digitMasks
        uppercaseMasks = other.uppercaseMasks
        lengthMasks = other.lengthMasks
        runMasks = other.runMasks
        plainRunMasks = other.plainRunMasks
        wordRunMasks = other.wordRunMasks
        wordPlainRunMasks = other.wordPlainRunMasks
        countsWordRuns = other.countsWordRuns
        contextWords = other.contextWords
        readsFieldNames = other.readsFieldNames
        decidesByShape = other.decidesByShape
        table = other.table
    }

    /// Compiles the given definitions.
    ///
    /// - Throws: `ConfigError` for a pattern PCRE2 rejects or an unknown validator.
    public init(_ definitions: [EntityDefinition]) throws(ConfigError) {
        let table = ByteProfileTable(specs: definitions.map(\.prefilter))
        var detectors: [Detector] = []
        for definition in definitions { detectors.append(try Detector(definition, table: table)) }
        self.detectors = detectors
        var gates: [Gate] = []
        let prefilters = detectors.indices.map { index in
            let spec = detectors[index].definition.prefilter
            var gate = 0
            if let name = spec.gate, let named = Gate.registry[name] {
                if let known = gates.firstIndex(where: { $0.name == name }) {
                    gate = known + 1
                } else {
                    gates.append(named)
                    gate = gates.count
                }
            }
            let readsDigitValues = (gate > 0 && gates[gate - 1].readsDigitValues)
                || spec.anyLiterals.contains { $0.contains { $0 &- UInt8(ascii: "0") < 10 } }
            return Prefilter(
                detector: index, spec: spec, triggerMask: detectors[index].triggerMask, gate: gate,
                needsContext: !detectors[index].contextWords.isEmpty, readsDigitValues: readsDigitValues)
        }
        precondition(gates.count <= 64, "ValueFacts keeps gate results in 64-bit masks")
        self.gates = gates
        literals = detectors.map { detector in
            let definition = detector.definition
            return definition.prefilter.anyLiterals.isEmpty
                ? nil : LiteralSet(definition.prefilter.anyLiterals, caseless: definition.caseless)
        }
        anyTrigger = prefilters.reduce(0) { $0 | $1.triggerMask }
        let unconditional = prefilters.filter { $0.triggerMask == 0 }.map { (Int($0.minDigits), Int($0.minUppercase), Int($0.minLength)) }
        weakestRequirements = unconditional.filter { candidate in
            !unconditional.contains { other in
                other != candidate && other.0 <= candidate.0 && other.1 <= candidate.1 && other.2 <= candidate.2
            }
        }.reduce(into: []) { kept, triple in
            if !kept.contains(where: { $0 == triple }) { kept.append(triple) }
        }
        fewestUntriggeredDigits = weakestRequirements.map(\.digits).min() ?? Int.max
        untriggeredRunFloor = prefilters.filter { $0.triggerMask == 0 }
            .map { Int(max($0.minDigitRun, $0.minPlainDigitRun)) }.min() ?? 0
        self.prefilters = prefilters
        let groups = (prefilters.count + 63) / 64
        let bits = Int(ByteProfileTable.triggerBits)
        var untriggered = [UInt64](repeating: 0, count: groups)
        var triggeredByBit = [UInt64](repeating: 0, count: groups * bits)
        var needRuns = [UInt64](repeating: 0, count: groups)
        var beyondCap = [UInt64](repeating: 0, count: groups)
        for (index, prefilter) in prefilters.enumerated() {
            let bit: UInt64 = 1 << UInt64(index % 64)
            if prefilter.triggerMask == 0 { untriggered[index / 64] |= bit }
            for trigger in 0..<bits where prefilter.triggerMask & 1 << UInt64(trigger) != 0 {
                triggeredByBit[index / 64 * bits + trigger] |= bit
            }
            if prefilter.minDigitRun > 0 { needRuns[index / 64] |= bit }
            let cap = RequirementMasks.cap
            if max(Int(prefilter.minDigits), Int(prefilter.minUppercase), Int(prefilter.minLength), Int(prefilter.minDigitRun)) > cap {
                beyondCap[index / 64] |= bit
            }
        }
        self.untriggered = untriggered
        self.triggeredByBit = triggeredByBit
        self.needRuns = needRuns
        self.beyondCap = beyondCap
        digitMasks = RequirementMasks(requirements: prefilters.map { Int($0.minDigits) })
        uppercaseMasks = RequirementMasks(requirements: prefilters.map { Int($0.minUppercase) })
        lengthMasks = RequirementMasks(requirements: prefilters.map { Int($0.minLength) })
        runMasks = RequirementMasks(requirements: prefilters.map { $0.runsAtWordStart ? 0 : Int($0.minDigitRun) })
        plainRunMasks = RequirementMasks(requirements: prefilters.map { $0.runsAtWordStart ? 0 : Int($0.minPlainDigitRun) })
        wordRunMasks = RequirementMasks(requirements: prefilters.map { $0.runsAtWordStart ? Int($0.minDigitRun) : 0 })
        wordPlainRunMasks = RequirementMasks(requirements: prefilters.map { $0.runsAtWordStart ? Int($0.minPlainDigitRun) : 0 })
        // Gates that read digit runs need the run-by-run pass too.
        countsWordRuns = prefilters.contains { $0.runsAtWordStart && $0.minDigitRun > 0 } || gates.contains { $0.input == .digitRuns }
        var words: [String] = []
        for detector in detectors { for word in detector.definition.context?.words ?? [] where !words.contains(word) { words.append(word) } }
        contextWords = KeywordSet(words)
        readsFieldNames = !words.isEmpty
        let isDigit = { (byte: UInt8) in byte &- UInt8(ascii: "0") < 10 }
        decidesByShape = !definitions.contains { $0.prefilter.anyBytes.contains(where: isDigit) }
            && !words.contains { $0.utf8.contains(where: isDigit) }
        self.table = table
    }

    /// Whether no detector's prefilter can pass on this profile: the common case, decided in a
    /// few instructions before any call is made for the value. A value with a trigger byte is
    /// let through (`detect` sorts out which detectors it admits).
    @inline(__always)
    func cannotMatch(_ profile: ByteProfile) -> Bool {
        guard profile.triggers & anyTrigger == 0 else { return false }
        if profile.digits < fewestUntriggeredDigits { return true }
        for weakest in weakestRequirements
        where profile.digits >= weakest.digits && profile.uppercase >= weakest.uppercase && profile.length >= weakest.length {
            return false
        }
        return true
    }

    /// `cannotMatch` for an unescaped value at `bytes[start..<end]`, what the JSON loops ask
    /// before the clean-value lookup and `detect`, so it also rules out what `detect` would turn
    /// away first: a value with trigger bytes whose counts no detector it admits meets
    /// (`admitsNone`), and one without whose digits are too few in a row (`runsRuleOut`).
    /// (Bounds rather than a range: the range is only built, and checked, when needed.)
    @inline(__always)
    func cannotMatch(_ profile: ByteProfile, in bytes: Span<UInt8>, from start: Int, to end: Int) -> Bool {
        let triggers = profile.triggers & anyTrigger
        guard triggers == 0 else { return admitsNone(profile, triggers: triggers) }
        return cannotMatch(profile) || runsRuleOut(profile, bytes.extracting(start..<end))
    }

    /// For a value with trigger bytes: whether no detector it triggers (nor one without trigger
    /// bytes) meets its digit, capital-letter and length counts. Short values with a `-`, `.` or
    /// `:` (host names, service names, tags) trigger the detectors of longer things (MAC and IP
    /// addresses) and are turned away here. Out of line, so the JSON loops stay small; not in
    /// `cannotMatch`, where CSV cells and text lines go on to `detect`, which does the same.
    @inline(never)
    private func admitsNone(_ profile: ByteProfile, triggers: UInt64) -> Bool {
        for group in untriggered.indices where admitted(profile, triggers: triggers, group: group) != 0 {
            return false
        }
        return true
    }

    /// The detectors of `group` whose trigger bytes (if any) the value has and whose digit,
    /// capital-letter and length counts it meets.
    @inline(__always)
    private func admitted(_ profile: ByteProfile, triggers: UInt64, group: Int) -> UInt64 {
        var candidates = untriggered[group]
        var pending = triggers
        while pending != 0 {
            candidates |= triggeredByBit[group &* Int(ByteProfileTable.triggerBits) &+ pending.trailingZeroBitCount]
            pending &= pending &- 1
        }
        return candidates & digitMasks.detectors(meeting: profile.digits, group: group)
            & uppercaseMasks.detectors(meeting: profile.uppercase, group: group)
            & lengthMasks.detectors(meeting: profile.length, group: group)
    }

    /// For a value that `cannotMatch` let through without any trigger byte: whether its longest
    /// stretch of digits and separators is too short for every detector without trigger bytes,
    /// when all of them need a digit run (the default set's card, SSN and phone numbers). Hex ids
    /// and numbers are turned away here, before the clean-value lookup and `detect`; `detect`
    /// would find them clean by the same bound. Only for unescaped values: an escape can spell a
    /// digit.
    @inline(__always)
    func runsRuleOut(_ profile: ByteProfile, _ value: Span<UInt8>) -> Bool {
        untriggeredRunFloor > 0 && profile.triggers & anyTrigger == 0 && table.digitStretch(value) < untriggeredRunFloor
    }

    /// The entity names, in detector order.
    public var entityNames: [String] { detectors.map(\.name) }

    /// The number of detectors.
    public var count: Int { detectors.count }

    /// Finds the entities in `value`.
    ///
    /// - Parameters:
    ///   - value: the bytes to scan (a JSON string's unescaped content, a CSV cell, a text line).
    ///   - fieldName: the key or column name, searched for context words (may be empty).
    ///   - scratch: this thread's PCRE2 state.
    ///   - matches: cleared, then filled with non-overlapping matches sorted by start.
    /// - Returns: whether anything was found, or that a limit was hit (mask the whole value).
    public func detect(
        in value: Span<UInt8>, fieldName: Span<UInt8>, scratch: RegexScratch, into matches: inout [EntityMatch]
    ) -> DetectionOutcome {
        if !matches.isEmpty { matches.removeAll(keepingCapacity: true) }
        if value.isEmpty { return .clean }
        var decidedByShape = false
        return detect(
            in: value, profile: table.profile(value), fieldName: fieldName, scratch: scratch, into: &matches,
            decidedByShape: &decidedByShape)
    }

    /// `detect` with the value's profile already computed with this set's `table` (the JSON
    /// scanner profiles string values while it scans them).
    ///
    /// - Parameter decidedByShape: set to whether the outcome holds for every value of this
    ///   value's shape (`decidesByShape`, and no regex ran and no check read a digit's value).
    func detect(
        in value: Span<UInt8>, profile: ByteProfile, fieldName: Span<UInt8>, scratch: RegexScratch,
        into matches: inout [EntityMatch], decidedByShape: inout Bool
    ) -> DetectionOutcome {
        if !matches.isEmpty { matches.removeAll(keepingCapacity: true) }
        decidedByShape = decidesByShape
        if value.isEmpty { return .clean }
        var facts = ValueFacts()
        let triggers = profile.triggers & anyTrigger
        for group in untriggered.indices {
            // The group's detectors that the value's trigger bytes and counts admit, then, if one
            // of them needs a digit run, those whose run it has.
            var candidates = admitted(profile, triggers: triggers, group: group)
            if candidates & needRuns[group] != 0 {
                let runs = facts.digitRuns(value, table, wordStarts: countsWordRuns)
                candidates &= runMasks.detectors(meeting: runs.bridged, group: group)
                    & plainRunMasks.detectors(meeting: runs.plain, group: group)
                if countsWordRuns {
                    candidates &= wordRunMasks.detectors(meeting: runs.wordBridged, group: group)
                        & wordPlainRunMasks.detectors(meeting: runs.wordPlain, group: group)
                }
            }
            let exact = beyondCap[group]
            while candidates != 0 {
                let bit = candidates & (0 &- candidates)
                let index = group &* 64 &+ candidates.trailingZeroBitCount
                candidates &= candidates &- 1
                let prefilter = prefilters[index]
                if exact & bit != 0 && !meetsExactly(prefilter, profile, value, &facts) { continue }
                if prefilter.readsDigitValues { decidedByShape = false }
                guard passes(prefilter, value, fieldName, &facts) else { continue }
                decidedByShape = false
                if collect(index, in: value, fieldName: fieldName, scratch: scratch, into: &matches) == .limitExceeded {
                    return .limitExceeded(detector: index)
                }
            }
        }
        if matches.isEmpty { return .clean }
        if matches.count > 1 { resolveOverlaps(&matches) }
        return .found
    }

    /// What `detect` learns about one value as its detectors ask, each fact computed at most once.
    private struct ValueFacts {
        private var runs: DigitRuns?
        private var census: SeparatorCensus?
        /// Whether a context word is in the field name or the value (nil: not searched yet).
        var context: Bool?
        /// Bit `n` of `gatesKnown`: gate `n + 1` has run; of `gatesPassed`: it admitted the value.
        var gatesKnown: UInt64 = 0
        var gatesPassed: UInt64 = 0

        @inline(__always)
        mutating func digitRuns(_ value: Span<UInt8>, _ table: ByteProfileTable, wordStarts: Bool) -> DigitRuns {
            if let runs { return runs }
            let computed = wordStarts ? table.digitRunsWithWordStarts(value) : table.digitRuns(value)
            runs = computed
            return computed
        }

        @inline(__always)
        mutating func separators(_ value: Span<UInt8>) -> SeparatorCensus {
            if let census { return census }
            let computed = SeparatorCensus(value)
            census = computed
            return computed
        }
    }

    /// The cheap checks done exactly, for a detector with a requirement above the masks' cap.
    private func meetsExactly(
        _ prefilter: Prefilter, _ profile: ByteProfile, _ value: Span<UInt8>, _ facts: inout ValueFacts
    ) -> Bool {
        guard prefilter.mayMatch(profile) else { return false }
        guard prefilter.minDigitRun > 0 else { return true }
        let runs = facts.digitRuns(value, table, wordStarts: countsWordRuns)
        let (bridged, plain) = prefilter.runsAtWordStart ? (runs.wordBridged, runs.wordPlain) : (runs.bridged, runs.plain)
        return bridged >= Int(prefilter.minDigitRun) && plain >= Int(prefilter.minPlainDigitRun)
    }

    /// The checks after the cheap ones: gate, literals and context words.
    @inline(__always)
    private func passes(
        _ prefilter: Prefilter, _ value: Span<UInt8>, _ fieldName: Span<UInt8>, _ facts: inout ValueFacts
    ) -> Bool {
        if prefilter.gate > 0 {
            let bit: UInt64 = 1 << UInt64(prefilter.gate - 1)
            if facts.gatesKnown & bit == 0 {
                facts.gatesKnown |= bit
                let gate = gates[Int(prefilter.gate) - 1]
                let admitted = switch gate.input {
                case .bytes: gate.admits(value)
                case .digitRuns: gate.admits(runs: facts.digitRuns(value, table, wordStarts: countsWordRuns))
                case .separators: gate.admits(separators: facts.separators(value))
                }
                if admitted { facts.gatesPassed |= bit }
            }
            if facts.gatesPassed & bit == 0 { return false }
        }
        if prefilter.hasLiterals, let literals = literals[prefilter.detector], !literals.occurs(in: value) { return false }
        if prefilter.needsContext {
            if facts.context == nil { facts.context = contextWords.occurs(in: fieldName) || contextWords.occurs(in: value) }
            if facts.context == false { return false }
        }
        return true
    }

    /// Appends detector `index`'s validated matches in `value`.
    private func collect(
        _ index: Int, in value: Span<UInt8>, fieldName: Span<UInt8>, scratch: RegexScratch,
        into matches: inout [EntityMatch]
    ) -> RegexMatchResult {
        let detector = detectors[index]
        var start = 0
        while start <= value.count {
            switch detector.regex.firstMatch(in: value, from: start, scratch: scratch) {
            case .none:
                return .none
            case .limitExceeded:
                return .limitExceeded
            case .found(let range):
                if !range.isEmpty,
                   detector.validator?.accepts(value.extracting(range)) ?? true,
                   detector.hasContext(in: value, before: range.lowerBound, fieldName: fieldName) {
                    matches.append(EntityMatch(range: range, detector: index))
                }
                start = range.isEmpty ? range.upperBound + 1 : range.upperBound
            }
        }
        return .none
    }

    /// Keeps a maximal set of non-overlapping matches: longest first, then higher priority, then
    /// entity name; the result is sorted by start.
    ///
    /// Only matches within one run of overlapping ranges compete, so each run is resolved on its
    /// own: linear in the number of matches when few overlap (a long value with thousands of
    /// matches was quadratic).
    private func resolveOverlaps(_ matches: inout [EntityMatch]) {
        matches.sort { $0.range.lowerBound < $1.range.lowerBound }
        var kept: [EntityMatch] = []
        var start = 0
        while start < matches.count {
            var end = start + 1
            var reach = matches[start].range.upperBound
            while end < matches.count && matches[end].range.lowerBound < reach {
                reach = max(reach, matches[end].range.upperBound)
                end += 1
            }
            if end - start == 1 {
                kept.append(matches[start])
            } else {
                keepBest(of: matches[start..<end], into: &kept)
            }
            start = end
        }
        matches = kept
    }

    /// Resolves one run of overlapping matches, appending the winners sorted by start.
    private func keepBest(of run: ArraySlice<EntityMatch>, into kept: inout [EntityMatch]) {
        let ranked = run.sorted { a, b in
            if a.range.count != b.range.count { return a.range.count > b.range.count }
            let pa = detectors[a.detector].priority
            let pb = detectors[b.detector].priority
            if pa != pb { return pa > pb }
            let na = detectors[a.detector].name
            let nb = detectors[b.detector].name
            if na != nb { return na < nb }
            return a.range.lowerBound < b.range.lowerBound
        }
        var winners: [EntityMatch] = []
        for candidate in ranked where !winners.contains(where: { $0.range.overlaps(candidate.range) }) {
            winners.append(candidate)
        }
        winners.sort { $0.range.lowerBound < $1.range.lowerBound }
        kept.append(contentsOf: winners)
    }
}

/// A detector's cheap checks, kept apart from the detector so the detection loop reads values
/// only: plain bytes, one per detector in detector order.
struct Prefilter: Sendable {
    /// Trigger bits from the set's `ByteProfileTable`; 0 when the spec names no bytes.
    let triggerMask: UInt64
    private let detectorIndex: Int32
    let minDigits: UInt16
    let minDigitRun: UInt8
    let minPlainDigitRun: UInt8
    /// Whether the runs are counted from word starts (`digit_run_at_word_start`).
    let runsAtWordStart: Bool
    let minUppercase: UInt16
    /// Capped at `UInt16.max`; the spec allows up to 65536.
    let minLength: UInt16
    /// The detector's gate, 1-based in `DetectorSet.gates`, or 0 (gates and literals are kept
    /// apart so that this struct stays plain bytes and copies without reference counting).
    let gate: UInt8
    /// Whether the detector has `any_literals` (in `DetectorSet.literals`).
    let hasLiterals: Bool
    /// Whether the detector needs a context word.
    let needsContext: Bool
    /// Whether its gate or literals tell one digit from another (`DetectorSet.decidesByShape`).
    let readsDigitValues: Bool

    init(detector: Int, spec: PrefilterSpec, triggerMask: UInt64, gate: Int, needsContext: Bool, readsDigitValues: Bool) {
        self.triggerMask = triggerMask
        detectorIndex = Int32(detector)
        minDigits = UInt16(clamping: spec.minDigits)
        minDigitRun = UInt8(clamping: spec.minDigitRun)
        minPlainDigitRun = UInt8(clamping: spec.minPlainDigitRun)
        runsAtWordStart = spec.digitRunAtWordStart
        minUppercase = UInt16(clamping: spec.minUppercase)
        minLength = UInt16(clamping: spec.minLength)
        self.gate = UInt8(gate)
        hasLiterals = !spec.anyLiterals.isEmpty
        self.needsContext = needsContext
        self.readsDigitValues = readsDigitValues
    }

    /// The detector's index in the set.
    var detector: Int { Int(detectorIndex) }

    /// Whether the value's profile can hold a match (the digit runs are checked separately).
    @inline(__always)
    func mayMatch(_ profile: ByteProfile) -> Bool {
        profile.digits >= Int(minDigits) && profile.uppercase >= Int(minUppercase) && profile.length >= Int(minLength)
            && (triggerMask == 0 || profile.triggers & triggerMask != 0)
    }
}
