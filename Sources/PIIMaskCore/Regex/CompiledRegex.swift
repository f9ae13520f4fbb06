// Why this file is built this way
//
// PCRE2 is the one regex engine here; this file and RegexScratch.swift are the only places that
// import CPCRE2 or touch its pointers. Compiled code is immutable once JIT-compiled, so one
// `CompiledRegex` is shared by every worker thread; everything mutable during a match (match data,
// match context with its limits, JIT stack) lives in a per-thread `RegexScratch`.
//
// Facts of PCRE2 10.42 that shape this (see docs/ and ../shared/NOTES.md):
// - `PCRE2_ANCHORED` passed at match time silently falls back to the interpreter: never pass it;
//   compile an anchored variant instead.
// - `pcre2_jit_match` skips argument checks and is the fast path; `pcre2_match` is the fallback
//   when the JIT is unavailable.
// - A subject pointer must never be nil, even for an empty subject.
import CPCRE2

/// A PCRE2 pattern compiled (and JIT-compiled when possible) for 8-bit, non-UTF byte matching.
public final class CompiledRegex: @unchecked Sendable {
    // SAFETY: `code` is written once in init and only read afterwards; PCRE2 documents compiled
    // code as safe to share between threads for matching.
    private let code: OpaquePointer
    /// Whether the JIT compiled this pattern (`pcre2_jit_match` can be used).
    public let isJITCompiled: Bool
    /// The source text, for messages.
    public let source: String

    /// Compiles `pattern`.
    ///
    /// - Parameters:
    ///   - pattern: PCRE2 syntax; matched against bytes, so `\w` and `\d` are ASCII-only.
    ///   - caseless: `PCRE2_CASELESS`.
    /// - Throws: `RegexCompileError` with PCRE2's message and the byte offset in the pattern.
    public init(_ pattern: String, caseless: Bool = false) throws(RegexCompileError) {
        var options: UInt32 = 0
        if caseless { options |= PCRE2_CASELESS }
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { pointer -> OpaquePointer? in
            // SAFETY: PCRE2 copies the pattern; the pointer is only used during this call.
            pcre2_compile_8(pointer.baseAddress ?? EmptySubject.pointer, pointer.count, options,
                            &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw RegexCompileError(message: Self.errorMessage(errorCode), offset: errorOffset, pattern: pattern)
        }
        code = compiled
        source = pattern
        isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
    }

    deinit { pcre2_code_free_8(code) }

    /// The number of capturing groups in the pattern.
    var captureCount: Int {
        var count: UInt32 = 0
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        return Int(count)
    }

    /// Finds the first match in `subject` at or after `start`.
    ///
    /// - Returns: `.found(range)` with byte offsets into `subject`, `.none`, or `.limitExceeded`
    ///   when the match or depth limit stopped the search (callers must fail closed).
    func firstMatch(in subject: Span<UInt8>, from start: Int, scratch: RegexScratch) -> RegexMatchResult {
        subject.withUnsafeBufferPointer { buffer in
            // SAFETY: `buffer` is valid for the whole call; PCRE2 reads at most `buffer.count`
            // bytes from it and keeps no reference after returning. An empty span may have a nil
            // base address, so a static byte stands in (PCRE2 rejects nil subjects).
            let base = buffer.baseAddress ?? EmptySubject.pointer
            let result: Int32
            if isJITCompiled {
                result = pcre2_jit_match_8(code, base, buffer.count, start, 0, scratch.matchData, scratch.context)
            } else {
                result = pcre2_match_8(code, base, buffer.count, start, 0, scratch.matchData, scratch.context)
            }
            if result >= 0 {
                let ovector = pcre2_get_ovector_pointer_8(scratch.matchData)!
                // SAFETY: a successful match sets pair 0; the ovector has at least one pair.
                let lower = ovector[0]
                let upper = ovector[1]
                // \K can put the start after the end in lookahead tricks; clamp to a valid range.
                return .found(min(lower, upper)..<upper)
            }
            switch result {
            case PCRE2_ERROR_NOMATCH: return .none
            default: return .limitExceeded  // match/depth/JIT-stack limits and any other failure
            }
        }
    }

    static func errorMessage(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer { pointer in
            pcre2_get_error_message_8(code, pointer.baseAddress, pointer.count)
        }
        guard length > 0 else { return "PCRE2 error \(code)" }
        return String(decoding: buffer[0..<Int(length)], as: UTF8.self)
    }
}

/// The outcome of one match attempt.
enum RegexMatchResult: Equatable {
    case found(Range<Int>)
    case none
    case limitExceeded
}

/// A pattern that PCRE2 refused to compile.
public struct RegexCompileError: Error, CustomStringConvertible, Sendable {
    /// PCRE2's own message.
    public let message: String
    /// The byte offset in the pattern where compilation failed.
    public let offset: Int
    /// The pattern text.
    public let pattern: String

    public var description: String { "\(message) at offset \(offset) of pattern '\(pattern)'" }
}

/// A one-byte buffer that stands in for the base address of empty input.
enum EmptySubject {
    nonisolated(unsafe) static let pointer: UnsafePointer<UInt8> = {
        let storage = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        storage.initialize(to: 0)
        return UnsafePointer(storage)
    }()
}
