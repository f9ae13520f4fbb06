import Foundation
import Testing

/// Reads CSV with Python's `csv` module: an independent parser for differential tests.
enum PythonCSV {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The rows of each file as Python's `csv.reader` yields them (UTF-8, `newline=''`).
    ///
    /// - Throws: `Failure` when python3 cannot be run or fails; the message says so plainly, so
    ///   that a CI machine without python3 fails the test rather than skipping it.
    static func rows(of files: [[UInt8]], delimiter: Character = ",") throws -> [[[String]]] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("piimask-pycsv-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var paths: [String] = []
        for (index, bytes) in files.enumerated() {
            let url = directory.appendingPathComponent("\(index).csv")
            try Data(bytes).write(to: url)
            paths.append(url.path)
        }
        let script = """
            import csv, json, sys
            delimiter = sys.argv[1]
            result = []
            for path in sys.argv[2:]:
                with open(path, newline='', encoding='utf-8', errors='surrogateescape') as f:
                    result.append([[cell.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace') for cell in row]
                                   for row in csv.reader(f, delimiter=delimiter, strict=False)])
            json.dump(result, sys.stdout)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, String(delimiter)] + paths
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot run python3 through /usr/bin/env (\(error)); the differential CSV test needs python3 on PATH")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 127 {
            throw Failure(description: "python3 not found on PATH: the differential CSV test needs it (install python3)")
        }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 csv reader failed with status \(process.terminationStatus): \(message)")
        }
        guard let rows = try JSONSerialization.jsonObject(with: data) as? [[[String]]] else {
            throw Failure(description: "python3 printed something other than rows: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return rows
    }
}
