import Foundation

/// Reads CSV with Python's `csv` module: an independent parser for differential tests.
enum PythonCSV {
    /// The rows of each file as Python's `csv.reader` yields them (UTF-8, `newline=''`).
    ///
    /// - Throws: `Python.Failure` when python3 cannot be run or fails, or prints something else.
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
        let data = try Python.run(script, arguments: [String(delimiter)] + paths, purpose: "the differential CSV test")
        guard let rows = try JSONSerialization.jsonObject(with: data) as? [[[String]]] else {
            throw Python.Failure(description: "python3 printed something other than rows: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        return rows
    }
}
