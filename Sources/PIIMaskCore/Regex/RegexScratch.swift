import CPCRE2

/// The mutable state one thread needs to run PCRE2 matches: match data, a match context carrying
/// the match and depth limits, and a JIT stack.
///
/// Not thread-safe: each worker owns one. Match data is sized for one ovector pair, since the
/// engine only ever reads the whole match.
public final class RegexScratch {
    let matchData: OpaquePointer
    let context: OpaquePointer
    private let jitStack: OpaquePointer?

    /// The defaults bound regex work per value: about a millisecond of backtracking at worst.
    public static let defaultMatchLimit: UInt32 = 200_000
    public static let defaultDepthLimit: UInt32 = 10_000

    /// Creates scratch space with the given limits.
    public init(matchLimit: UInt32 = defaultMatchLimit, depthLimit: UInt32 = defaultDepthLimit) {
        // SAFETY: allocation failures return nil only when out of memory; that is fatal here.
        guard let data = pcre2_match_data_create_8(1, nil),
              let context = pcre2_match_context_create_8(nil)
        else { fatalError("PCRE2 could not allocate match data") }
        matchData = data
        self.context = context
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 512 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
        pcre2_match_context_free_8(context)
        pcre2_match_data_free_8(matchData)
    }
}
