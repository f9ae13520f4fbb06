/// Masks records: one per worker thread, holding that thread's PCRE2 scratch and reusable buffers,
/// so that steady-state masking allocates nothing for records without matches.
///
/// A struct on purpose: its state is touched for every byte-level step of the scanners, and the
/// stored properties of a class would pay a dynamic exclusivity check on each access.
///
/// The format-specific parts are extensions: `RecordMasker+Lines` (the JSON Lines and text chunk
/// loop), `RecordMasker+JSON` (one JSON record), `RecordMasker+CSV`.
public struct RecordMasker {
    public let engine: MaskingEngine
    /// This masker's copies of the engine's detector sets (`DetectorSet.init(copying:)`: no
    /// cache line shared with other workers is written per value), the default one (set 0) and
    /// its profile table also held apart so the scanners reach them without an array read.
    let detectorSets: [DetectorSet]
    let defaultSet: DetectorSet
    let defaultTable: ByteProfileTable
    /// Whether the default set has detectors, so that values are worth profiling while scanned
    /// (with field rules only, the JSON scanner just finds each string's end).
    let profilesValues: Bool
    /// Whether every value just gets the default detectors: no field rules, no record rules, no
    /// audit. JSON records then take the loop that tracks no paths (`detectInJSONRecord`).
    let detectsOnly: Bool
    /// The engine's `ruleKeyFilter` (a variable so that tests can compare with the full walk).
    var ruleKeyFilter: RuleKeyFilter?
    var ruleKeyTrial = RuleKeySkipTrial()
    /// The default table with the CSV dialect's punctuation as its stop bytes.
    let csvTable: ByteProfileTable
    let scratch = RegexScratch()
    /// This worker's copies of `engine.spanReplacements` and `engine.ruleReplacements`, which are
    /// appended per masked value: a buffer that workers share has its reference count written by
    /// all of them (see UnsharedCopy.swift).
    let spanReplacements: [[[UInt8]?]]
    let ruleReplacements: [[UInt8]?]
    /// This worker's copies of `engine.applier` (its keyed hash states) and of the partial
    /// action's character classes, for the same reason.
    let applier: ActionApplier
    let partialClasses: [String: ByteClass]
    /// Per detector set, the values it recently found clean (see `CleanValueCache`).
    let cleanValues: [CleanValueCache]
    /// The default set's cache, held apart like `defaultSet` (the JSON loop looks values up in it
    /// before anything else is called).
    let defaultCleanValues: CleanValueCache
    var matches: [EntityMatch] = []
    /// A JSON string's or key's (or a CSV field's) decoded content.
    var unescaped: [UInt8] = []
    /// A value after masking, before it is encoded for the output format.
    var rewritten: [UInt8] = []
    /// Counters since the masker was made.
    public internal(set) var stats: MaskStats
    /// Audit entries of the current record (`--detected-entities`).
    var audit = AuditLog()
    // JSON scanner state, reused from record to record.
    var frames: [JSONFrame] = []
    var openContainers: [OpenContainer] = []
    /// The byte classes of the record `detectInJSONRecord` reads, under the default table.
    var classMap: ByteClassMap
    var fieldPaths: PathTracker
    var recordPaths: PathTracker
    // CSV state: per-column decisions, resolved from the header.
    var csvColumns = CSVColumnPlan()

    public init(engine: MaskingEngine) {
        self.engine = engine
        detectorSets = engine.detectorSets.map(DetectorSet.init(copying:))
        defaultSet = detectorSets[0]
        cleanValues = detectorSets.map { CleanValueCache(keyedByField: $0.readsFieldNames) }
        defaultCleanValues = cleanValues[0]
        defaultTable = defaultSet.table
        profilesValues = defaultSet.count > 0
        classMap = ByteClassMap(table: defaultTable)
        let dialect = engine.options.csv
        csvTable = defaultTable.withSpecials([dialect.delimiter, dialect.quote, 0x0A, 0x0D])
        spanReplacements = engine.spanReplacements.map { set in set.map { $0?.unsharedCopy() } }
        ruleReplacements = engine.ruleReplacements.map { $0?.unsharedCopy() }
        applier = ActionApplier(copying: engine.applier)
        partialClasses = engine.partialClasses.mapValues(ByteClass.init(copying:))
        detectsOnly = engine.paths.isEmpty && engine.recordRulePaths.isEmpty && engine.options.detectedEntitiesField == nil
        ruleKeyFilter = engine.ruleKeyFilter
        stats = MaskStats(entityCount: engine.entityNames.count)
        fieldPaths = PathTracker(engine.paths)
        recordPaths = PathTracker(engine.recordRulePaths)
        matches.reserveCapacity(16)
        unescaped.reserveCapacity(4096)
        rewritten.reserveCapacity(4096)
        frames.reserveCapacity(32)
        openContainers.reserveCapacity(32)
    }

    /// Scans a value with detector set `set`. When it finds something to change, the masked value
    /// is left in `rewritten` and the result is true.
    ///
    /// - Parameters:
    ///   - fieldName: the key or column name, for context words.
    ///   - auditField: the field's path for `--detected-entities` (nil when not auditing).
    ///   - profile: the value's profile under set `set`'s table, when the caller already has it.
    ///   - remembersClean: whether to look the value up in, and add it to, the set's
    ///     `CleanValueCache` (for JSON string values, which repeat; text lines and CSV cells
    ///     mostly do not).
    mutating func maskFreeText(
        _ value: Span<UInt8>, set: Int, fieldName: Span<UInt8>, auditField: String?, profile: ByteProfile? = nil,
        remembersClean: Bool = false
    ) -> Bool {
        let cacheKey = remembersClean ? cleanValues[set].key(value, fieldName: fieldName) : nil
        if let cacheKey, cleanValues[set].contains(cacheKey, value, fieldName: fieldName) { return false }
        return maskUnremembered(value, set: set, fieldName: fieldName, auditField: auditField, profile: profile, cleanKey: cacheKey)
    }

    /// `maskFreeText` for a value not found in the clean-value cache: `cleanKey` is its key there
    /// (nil: not to be remembered), under which it is stored if found clean.
    mutating func maskUnremembered(
        _ value: Span<UInt8>, set: Int, fieldName: Span<UInt8>, auditField: String?, profile: ByteProfile?,
        cleanKey cacheKey: CleanValueCache.Key?
    ) -> Bool {
        let detectors = detectorSets[set]
        var decidedByShape = false
        let outcome = detectors.detect(
            in: value, profile: profile ?? detectors.table.profile(value), fieldName: fieldName, scratch: scratch,
            into: &matches, decidedByShape: &decidedByShape)
        switch outcome {
        case .clean:
            if let cacheKey { cleanValues[set].insert(cacheKey, value, fieldName: fieldName, byShape: decidedByShape) }
            return false
        case .limitExceeded(let detector):
            // Fail closed: the whole value is treated as one match of the detector that gave up.
            stats.limitHits += 1
            matches.removeAll(keepingCapacity: true)
            matches.append(EntityMatch(range: 0..<value.count, detector: detector))
        case .found:
            break
        }
        rewritten.removeAll(keepingCapacity: true)
        var cursor = 0
        var changed = false
        // By index, reading the engine's tables in place: binding the match array or a table row
        // to a local cost a retain and a release each, per value.
        for index in matches.indices {
            let match = matches[index]
            let entity = engine.entityIndex[set][match.detector]
            stats.matches[entity] += 1
            if let auditField {
                audit.add(field: auditField, entity: engine.entityNames[entity], action: engine.spanActions[set][match.detector],
                          range: match.range, in: value)
            }
            rewritten.append(contentsOf: value.extracting(cursor..<match.range.lowerBound))
            if let replacement = spanReplacements[set][match.detector] {
                // The common case: a fixed redaction, rendered once by the engine.
                changed = true
                rewritten.append(contentsOf: replacement)
            } else {
                let action = engine.spanActions[set][match.detector]
                let span = value.extracting(match.range)
                if action == .keep {
                    rewritten.append(contentsOf: span)
                } else {
                    changed = true
                    apply(action, to: span, entity: engine.entityNames[entity])
                }
            }
            cursor = match.range.upperBound
        }
        rewritten.append(contentsOf: value.extracting(cursor..<value.count))
        return changed
    }

    /// Applies field rule `rule` to a whole value, leaving the result in `rewritten`.
    mutating func applyRule(_ rule: Int, to value: Span<UInt8>) {
        rewritten.removeAll(keepingCapacity: true)
        stats.fieldRuleHits += 1
        if let replacement = ruleReplacements[rule] {
            rewritten.append(contentsOf: replacement)
        } else if let action = engine.ruleActions[rule] {
            apply(action, to: value, entity: MaskingEngine.fieldRuleEntity)
        }
    }

    private mutating func apply(_ action: MaskAction, to span: Span<UInt8>, entity: String) {
        var partialClass: ByteClass?
        if case .partial(let options) = action, let only = options.only { partialClass = partialClasses[only] }
        applier.apply(action, to: span, entity: entity, partialClass: partialClass, scratch: scratch, into: &rewritten)
    }
}
