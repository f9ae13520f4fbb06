import Crypto

// Why this file exists
//
// The hash and pseudonym actions compute an HMAC-SHA-256 per value. swift-crypto's `HMAC` takes
// its input only through `update<D: DataProtocol>(data:)`, which is not inlinable: each call walks
// `data.regions` in unspecialized generic code, and the Swift runtime's metadata lookups that
// come with it cost more than the SHA-256 blocks of a short value (measured with callgrind: about
// half of a field-rules run over records that all have a hashed and a pseudonymized field).
// So this type builds the same HMAC (RFC 2104) on the library's SHA-256, whose
// `update(bufferPointer:)` is not generic: the key is absorbed once into an inner and an outer
// state, and each MAC starts from copies of them. A test holds it to `Crypto.HMAC` for keys
// shorter than, as long as and longer than a block.

/// HMAC-SHA-256 with a fixed key, keyed once.
struct KeyedHash: @unchecked Sendable {
    // SAFETY: the two states are set once here and only copied (a copy is a value; updating it
    // never writes the original).
    private let inner: SHA256
    private let outer: SHA256

    init(key: [UInt8]) {
        // A key longer than a block is hashed first; the key block is zero-padded.
        var block = key.count > SHA256.blockByteCount ? Array(SHA256.hash(data: key)) : key
        block += repeatElement(0, count: SHA256.blockByteCount - block.count)
        var inner = SHA256()
        var outer = SHA256()
        block.map { $0 ^ 0x36 }.withUnsafeBytes { inner.update(bufferPointer: $0) }
        block.map { $0 ^ 0x5C }.withUnsafeBytes { outer.update(bufferPointer: $0) }
        self.inner = inner
        self.outer = outer
    }

    /// A MAC in progress: feed it the message's bytes, then `finalize`.
    struct Running {
        fileprivate var inner: SHA256
        fileprivate let outer: SHA256

        mutating func update(_ bytes: UnsafeRawBufferPointer) {
            inner.update(bufferPointer: bytes)
        }

        mutating func update(_ bytes: Span<UInt8>) {
            bytes.withUnsafeBytes { inner.update(bufferPointer: $0) }
        }

        /// The MAC of everything fed so far.
        func finalize() -> SHA256Digest {
            var outer = self.outer
            inner.finalize().withUnsafeBytes { outer.update(bufferPointer: $0) }
            return outer.finalize()
        }
    }

    /// Starts a MAC.
    func start() -> Running {
        Running(inner: inner, outer: outer)
    }
}
