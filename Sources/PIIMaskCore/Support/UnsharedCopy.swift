// Why this file exists
//
// Workers share the engine and each input's CSV header, read-only, yet reading an array out of
// them still writes to it: binding the array (a retain) and letting it go (a release) are atomic
// adds on its buffer's reference count. When two cores do that to the same buffer for every
// value, the cache line that holds the count moves between them each time. On the CSV corpus,
// with the column names and the replacement texts shared, retains and releases took 30% of a
// two-thread run's CPU time (7% of a one-thread run's), and two threads were 1.1x to 1.4x one.
// So each worker reads its own copies of the arrays it binds per value (`RecordMasker`,
// `CSVColumnPlan`), as it already has its own detector objects (`DetectorSet.init(copying:)`).

extension Array {
    /// The same elements in a buffer of their own. A plain copy of an array shares the buffer
    /// (and its reference count) until one side is mutated; this one never does.
    func unsharedCopy() -> [Element] {
        map { $0 }
    }
}
