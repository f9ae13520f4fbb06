/// Writes finished jobs in input order, numbers their record issues across chunks, and stops on
/// a closed output or a fatal record.
struct OrderedWriter {
    enum Step: Equatable {
        case `continue`
        /// Stop reading: the output was closed (`closed`) or a record failed the run.
        case stop(closed: Bool)
    }

    let output: OutputSink
    let observer: PipelineObserver?
    private var recordBase = 0
    private var lineBase = 0
    private var currentSource = -1
    private var bytesRead = 0
    /// The record that stopped the run under `--on-error fail`.
    private(set) var fatal: (RecordIssue, String)?

    init(output: OutputSink, observer: PipelineObserver?) {
        self.output = output
        self.observer = observer
    }

    mutating func write(_ job: Job) throws(PipelineError) -> Step {
        if job.source != currentSource {
            currentSource = job.source
            lineBase = 0
        }
        if try output.write(job.output, passing: job.passThrough, from: job.input) == .closed { return .stop(closed: true) }
        for issue in job.outcome.issues { observer?.recordIssue(rebased(issue), source: job.sourceName) }
        if let issue = job.outcome.fatal {
            fatal = (rebased(issue), job.sourceName)
            return .stop(closed: false)
        }
        recordBase += job.outcome.records
        lineBase += job.outcome.lines
        bytesRead += job.count
        observer?.progress(bytesRead: bytesRead, totalBytes: nil)
        return .continue
    }

    private func rebased(_ issue: RecordIssue) -> RecordIssue {
        RecordIssue(record: recordBase + issue.record, line: lineBase + issue.line, column: issue.column, message: issue.message)
    }
}
