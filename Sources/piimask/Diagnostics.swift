import PIIMaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Everything piimask says on standard error: `piimask: error: …`, warnings, stats, progress.
enum Diagnostics {
    /// Writes to file descriptor 2 directly (unbuffered, like C's stderr).
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(2, raw.baseAddress! + offset, raw.count - offset)
            }
            if written <= 0 { return }
            offset += written
        }
        bytes.removeAll()
    }

    static func error(_ message: String) { write("piimask: error: \(message)\n") }
    static func warning(_ message: String) { write("piimask: warning: \(message)\n") }
    static func note(_ message: String) { write("piimask: \(message)\n") }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Seconds since an arbitrary start, for elapsed times.
    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

/// Reports record issues (rate-limited) and progress for a mask run.
final class RunObserver: PipelineObserver, @unchecked Sendable {
    // SAFETY: the pipeline calls it one call at a time (see `PipelineObserver`); read after the run.
    private let policy: ErrorPolicy
    private let progressTotal: Int?
    private let started = Diagnostics.now()
    private var shown = 0
    private(set) var suppressed = 0
    private var lastProgress = 0.0
    private var showsProgress: Bool { progressTotal != nil }

    /// The first this many issues are printed; the rest are counted and summarized.
    static let issueLimit = 20

    init(policy: ErrorPolicy, progressTotal: Int?) {
        self.policy = policy
        self.progressTotal = progressTotal
    }

    func recordIssue(_ issue: RecordIssue, source: String) {
        guard shown < Self.issueLimit else {
            suppressed += 1
            return
        }
        shown += 1
        let column = issue.column.map { ":\($0)" } ?? ""
        let outcome = policy == .drop ? "record dropped" : "record masked as text"
        clearProgress()
        Diagnostics.warning("\(source):\(issue.line)\(column): record \(issue.record): \(issue.message); \(outcome)")
    }

    func progress(bytesRead: Int, totalBytes: Int?) {
        guard let total = progressTotal, total > 0 else { return }
        let now = Diagnostics.now()
        guard now - lastProgress >= 0.25 else { return }
        lastProgress = now
        let elapsed = max(now - started, 1e-6)
        let rate = Double(bytesRead) / elapsed
        let left = rate > 0 ? Double(max(0, total - bytesRead)) / rate : 0
        let percent = min(100, Double(bytesRead) * 100 / Double(total))
        Diagnostics.write("\r\u{1B}[Kpiimask: \(Format.bytes(bytesRead)) of \(Format.bytes(total)) (\(Format.fixed(percent, 1))%), \(Format.fixed(rate / 1e6, 1)) MB/s, \(Format.fixed(left, 0)) s left")
    }

    func finish() {
        clearProgress()
        if suppressed > 0 {
            Diagnostics.warning("\(suppressed) more records fell under --on-error \(policy.rawValue) (not shown)")
        }
    }

    private func clearProgress() {
        if showsProgress && lastProgress > 0 { Diagnostics.write("\r\u{1B}[K") }
    }
}

/// Number formatting without Foundation.
enum Format {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "0" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if digits == 0 { return String(Int(rounded)) }
        let whole = Int(rounded)
        var fraction = String(Int(((rounded - Double(whole)) * scale).rounded()).magnitude)
        while fraction.count < digits { fraction = "0" + fraction }
        return "\(whole).\(fraction)"
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 30 { return fixed(Double(count) / Double(1 << 30), 2) + " GiB" }
        if count >= 1 << 20 { return fixed(Double(count) / Double(1 << 20), 1) + " MiB" }
        if count >= 1 << 10 { return fixed(Double(count) / Double(1 << 10), 1) + " KiB" }
        return "\(count) B"
    }
}
