import PIIMaskCore
import Synchronization

/// Collects a run's record issues as lines, in the order the pipeline reports them.
final class IssueLog: PipelineObserver {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func recordIssue(_ issue: RecordIssue, source: String) {
        storage.withLock { $0.append("\(source): \(issue)") }
    }

    func progress(bytesRead: Int, totalBytes: Int?) {}
}
