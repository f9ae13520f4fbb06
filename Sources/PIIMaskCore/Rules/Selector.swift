/// Where a field rule applies: a JSON path or a CSV column, in one format-neutral syntax.
///
/// - `user.email`: key `email` inside key `user`
/// - `items[*].card`, `items[2].card`: any element or element 2 (0-based) of an array
/// - `*.email`: `email` one level below any key; `**.password`: `password` at any depth
/// - `"key.with.dots".x`, `'key with spaces'`: quoted keys
/// - CSV: a header name (`email`), or a 1-based column number (`3`); quote a header that is a
///   number (`"3"`).
public struct Selector: Sendable, Equatable, CustomStringConvertible {
    public enum Segment: Sendable, Equatable {
        case key(String)
        case anyKey
        case index(Int)
        case anyIndex
        case anyDepth
    }

    public let segments: [Segment]
    /// The text as written.
    public let text: String
    /// True when the selector was a bare number (a CSV column index).
    public let isColumnNumber: Bool

    public var description: String { text }

    /// How specific the selector is: literal keys and indices count most, `**` least. The most
    /// specific matching rule wins; among equals, the earlier rule.
    public var specificity: Int {
        segments.reduce(0) { total, segment in
            switch segment {
            case .key, .index: total + 4
            case .anyKey, .anyIndex: total + 2
            case .anyDepth: total + 1
            }
        }
    }

    /// Parses selector text.
    ///
    /// - Throws: a message saying what is wrong at which character.
    public init(parsing text: String) throws(SelectorError) {
        self.text = text
        let chars = Array(text.unicodeScalars)
        if !chars.isEmpty, chars.allSatisfy({ $0.properties.numericType == .decimal && $0.isASCII }) {
            guard let number = Int(text), number >= 1 else { throw SelectorError("column numbers start at 1") }
            segments = [.index(number - 1)]
            isColumnNumber = true
            return
        }
        isColumnNumber = false
        var segments: [Segment] = []
        var index = 0
        var expectSegment = true
        func fail(_ message: String) -> SelectorError {
            SelectorError("\(message) at character \(index + 1) of '\(text)'")
        }
        while index < chars.count {
            let char = chars[index]
            if char == "[" {
                guard let close = chars[index...].firstIndex(of: "]") else { throw fail("'[' without ']'") }
                let inner = String(String.UnicodeScalarView(chars[(index + 1)..<close]))
                if inner == "*" {
                    segments.append(.anyIndex)
                } else if let number = Int(inner), number >= 0 {
                    segments.append(.index(number))
                } else {
                    throw fail("expected [*] or [N] with N >= 0")
                }
                index = close + 1
                expectSegment = false
                continue
            }
            if char == "." {
                guard !expectSegment else { throw fail("empty key") }
                expectSegment = true
                index += 1
                continue
            }
            guard expectSegment else { throw fail("expected '.' or '['") }
            if char == "\"" || char == "'" {
                guard let close = chars[(index + 1)...].firstIndex(of: char) else { throw fail("unterminated quote") }
                segments.append(.key(String(String.UnicodeScalarView(chars[(index + 1)..<close]))))
                index = close + 1
            } else {
                var end = index
                while end < chars.count && chars[end] != "." && chars[end] != "[" { end += 1 }
                let word = String(String.UnicodeScalarView(chars[index..<end]))
                switch word {
                case "**": segments.append(.anyDepth)
                case "*": segments.append(.anyKey)
                default:
                    guard !word.contains("*") else { throw fail("'*' stands alone as a segment ('*' or '**')") }
                    segments.append(.key(word))
                }
                index = end
            }
            expectSegment = false
        }
        guard !segments.isEmpty else { throw SelectorError("empty selector") }
        guard !expectSegment else { throw fail("selector ends with '.'") }
        if segments.last == .anyDepth { throw SelectorError("'**' cannot end a selector in '\(text)'") }
        self.segments = segments
    }
}

/// A selector that does not parse.
public struct SelectorError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
