/// Bytes as text for a failure message (bytes that are not UTF-8 show as U+FFFD).
func readable(_ bytes: some Collection<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
