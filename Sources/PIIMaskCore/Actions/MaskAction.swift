/// What happens to a detected span or to a whole field value.
public enum MaskAction: Sendable, Equatable {
    /// Replace with text; `{entity}` in the template becomes the entity name (`[{entity}]`).
    case redact(template: String)
    /// Keep some characters at the ends and mask the rest (see `PartialMask`).
    case partial(PartialMask)
    /// Keyed HMAC-SHA-256, lowercase hex (see `HashOptions`).
    case hash(HashOptions)
    /// Plain SHA-256 hex, for compatibility with AWS Glue's SHA256_HASH.
    case sha256(HashOptions)
    /// Deterministic keyed replacement of the same shape.
    case pseudonym
    /// Coarsen: IPv4 to /24, IPv6 to /48, dates to month or year, numbers to buckets.
    case generalize(Generalization)
    /// JSON null; an empty cell in CSV.
    case null
    /// Remove the field (JSON key and value); empty cell in CSV.
    case drop
    /// Leave the value as it is and exempt it from detection.
    case keep

    /// The default span action: `[ENTITY]`.
    public static let defaultRedaction = MaskAction.redact(template: "[{entity}]")

    /// The name used in rules files and in the `DetectedEntities` audit.
    public var name: String {
        switch self {
        case .redact: "redact"
        case .partial: "partial"
        case .hash: "hash"
        case .sha256: "sha256"
        case .pseudonym: "pseudonym"
        case .generalize: "generalize"
        case .null: "null"
        case .drop: "drop"
        case .keep: "keep"
        }
    }
}

/// Options of the partial action (Glue's PARTIAL_REDACT).
public struct PartialMask: Sendable, Equatable {
    public var keepLeft: Int
    public var keepRight: Int
    /// The byte written in place of each masked character.
    public var maskChar: String
    /// When set, only characters of this class are masked (separators stay), like Glue's
    /// `matchPattern`. A PCRE2 character class such as `[0-9]`.
    public var only: String?

    public init(keepLeft: Int = 0, keepRight: Int = 0, maskChar: String = "*", only: String? = nil) {
        self.keepLeft = keepLeft
        self.keepRight = keepRight
        self.maskChar = maskChar
        self.only = only
    }
}

/// Options of the hash actions.
public struct HashOptions: Sendable, Equatable {
    /// Keep only this many hex characters (nil: all 64).
    public var length: Int?
    /// Text put before the hex digits.
    public var prefix: String

    public init(length: Int? = nil, prefix: String = "") {
        self.length = length
        self.prefix = prefix
    }
}

/// Options of the generalize action.
public struct Generalization: Sendable, Equatable {
    /// For dates and timestamps: keep the month (`2024-05`) or only the year (`2024`).
    public enum DatePrecision: String, Sendable { case month, year }
    public var datePrecision: DatePrecision
    /// For numbers: the bucket width (`37` with width 10 becomes `30-39`).
    public var bucket: Int

    public init(datePrecision: DatePrecision = .month, bucket: Int = 10) {
        self.datePrecision = datePrecision
        self.bucket = bucket
    }
}
