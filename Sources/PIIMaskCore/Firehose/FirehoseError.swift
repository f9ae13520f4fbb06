/// A failure of a whole Firehose invocation (never of one record: those become `ProcessingFailed`).
///
/// `piimask firehose` prints it and exits 1; `piimask lambda` posts it to the invocation's
/// `/error` endpoint with `errorType` set to `kind`.
public struct FirehoseError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// The event is not JSON, or not a Firehose transformation event.
        case invalidEvent = "InvalidEvent"
        /// The response would exceed what the service accepts.
        case responseTooLarge = "ResponseTooLarge"
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The Lambda error type reported to the Runtime API (`piimask.InvalidEvent`, ...).
    public var errorType: String { "piimask.\(kind.rawValue)" }
}
