/// Bytes with PII planted in them (a JSON record, a CSV file), and where each planted value sits.
struct PlantedRecord {
    var bytes: [UInt8] = []
    /// The byte ranges of the planted values that are still intact.
    var planted: [Range<Int>] = []

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }

    /// Appends `value` and records where it sits.
    mutating func appendPlanted(_ value: String) {
        let start = bytes.count
        append(value)
        planted.append(start..<bytes.count)
    }

    /// The planted values that occur exactly once in the bytes, so that finding one in the output
    /// can only mean that it was left unmasked.
    var uniquePlanted: [[UInt8]] {
        planted.map { Array(bytes[$0]) }.filter(occursOnce)
    }

    /// What must not come out, per value of `uniquePlanted`: the value, and each half of it (of
    /// at least 6 bytes) that occurs only there, so that a value masked only in part shows too.
    var mustNotSurvive: [(value: [UInt8], pieces: [[UInt8]])] {
        uniquePlanted.map { value in
            let half = (value.count + 1) / 2
            let halves = [Array(value.prefix(half)), Array(value.suffix(half))].filter { $0.count >= 6 && occursOnce($0) }
            return (value, [value] + halves)
        }
    }

    /// Looks for the values of `mustNotSurvive` in `output`: how many were looked for, and those
    /// found, each with the piece that came through.
    func leaks(into output: ArraySlice<UInt8>) -> (watched: Int, found: [(value: [UInt8], piece: [UInt8])]) {
        let watched = mustNotSurvive
        let found = watched.compactMap { value, pieces in
            pieces.first { output.occurrences(of: $0, upTo: 1) > 0 }.map { (value, $0) }
        }
        return (watched.count, found)
    }

    private func occursOnce(_ piece: [UInt8]) -> Bool {
        bytes[...].occurrences(of: piece, upTo: 2) == 1
    }

    /// The record after `mutation`. A planted value keeps its place (shifted) only while the
    /// mutation leaves it and the byte on each side alone; one it touches is no longer tracked.
    func applying(_ mutation: RecordMutation) -> PlantedRecord {
        var result = self
        mutation.apply(to: &result.bytes)
        let position: Int
        let shift: Int
        switch mutation {
        case .replace(let at, _): (position, shift) = (at, 0)
        case .insert(let at, _): (position, shift) = (at, 1)
        case .delete(let at): (position, shift) = (at, -1)
        case .truncate(let count):
            result.planted = planted.filter { $0.upperBound < count }
            return result
        }
        result.planted = planted.compactMap { range in
            if position > range.upperBound { return range }
            if position < range.lowerBound - 1 { return (range.lowerBound + shift)..<(range.upperBound + shift) }
            return nil
        }
        return result
    }
}
