/// One detected entity in a value: its byte range in the value and which detector found it.
public struct EntityMatch: Equatable, Sendable {
    /// Byte offsets in the value that was scanned (unescaped, for JSON strings).
    public var range: Range<Int>
    /// The index of the detector in its `DetectorSet`.
    public var detector: Int

    public init(range: Range<Int>, detector: Int) {
        self.range = range
        self.detector = detector
    }
}

/// How detection on one value ended.
public enum DetectionOutcome: Equatable, Sendable {
    /// No entity found.
    case clean
    /// One or more matches, in the caller's array.
    case found
    /// A regex hit its match limit: the caller must mask the whole value (fail closed).
    case limitExceeded(detector: Int)
}
