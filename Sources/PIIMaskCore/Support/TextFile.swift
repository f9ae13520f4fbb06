import SystemPackage

/// Reads small configuration files (rules, patterns, keys) whole. Never used for record input.
public enum TextFile {
    /// The file's bytes.
    public static func readBytes(_ path: String, limit: Int = 16 << 20) throws(ConfigError) -> [UInt8] {
        do {
            let descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
            defer { try? descriptor.close() }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 64 * 1024)
            while true {
                let count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                if count == 0 { break }
                bytes.append(contentsOf: chunk[0..<count])
                if bytes.count > limit { throw ConfigError(file: path, message: "file is larger than \(limit) bytes") }
            }
            return bytes
        } catch let error as ConfigError {
            throw error
        } catch let error as Errno {
            throw ConfigError(file: path, message: "cannot read: \(error.description)")
        } catch {
            throw ConfigError(file: path, message: "cannot read: \(error)")
        }
    }

    /// The file's text, which must be UTF-8.
    public static func read(_ path: String) throws(ConfigError) -> String {
        let bytes = try readBytes(path)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigError(file: path, message: "is not valid UTF-8 text")
        }
        return text
    }
}
