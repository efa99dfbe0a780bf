public import ChineseText
import Foundation
import GRDB
import GRDBSQLite

/// Analyzers by lexicon digest, shared by every connection of the process.
///
/// FTS5 tables name their analyzer in the tokenizer arguments (`xq_word <digest>`), so a table is
/// always read with the lexicon it was written with, even after `Content/lexicon` changes (the next
/// import rebuilds the index with the new lexicon).
public final class AnalyzerRegistry: @unchecked Sendable {
    public static let shared = AnalyzerRegistry()
    private let lock = NSLock()
    private var analyzers: [String: TextAnalyzer] = [:]

    /// Registers an analyzer and returns its digest.
    @discardableResult
    public func register(_ analyzer: TextAnalyzer) -> String {
        let digest = analyzer.lexicon.segmentationDigest
        register(analyzer, as: digest)
        register(analyzer, as: digest + SearchIndex.schemaVersion)
        return digest
    }

    /// Registers an analyzer under an explicit key.
    public func register(_ analyzer: TextAnalyzer, as key: String) {
        lock.lock()
        if analyzers[key] == nil { analyzers[key] = analyzer }
        lock.unlock()
    }

    /// Forgets a key (tests: a process that never saw that lexicon).
    func forget(_ key: String) {
        lock.lock()
        analyzers[key] = nil
        lock.unlock()
    }

    public func analyzer(digest: String) -> TextAnalyzer? {
        lock.lock()
        defer { lock.unlock() }
        return analyzers[digest]
    }
}

/// Shared body of the two tokenizers: fold the UTF-8 text, visit tokens, hand them to FTS5.
private func runTokenizer(
    analyzer: TextAnalyzer, words: Bool, tokenization: FTS5Tokenization, context: UnsafeMutableRawPointer?,
    pText: UnsafePointer<CChar>?, nText: CInt, tokenCallback: FTS5TokenCallback
) -> CInt {
    guard let pText, nText > 0 else { return SQLITE_OK }
    let folded = pText.withMemoryRebound(to: UInt8.self, capacity: Int(nText)) {
        FoldedText(utf8: UnsafeBufferPointer(start: $0, count: Int(nText)))
    }
    let forQuery = tokenization.contains(.query)
    var buffer: [UInt8] = []
    buffer.reserveCapacity(64)
    var status = SQLITE_OK
    let visit: TextAnalyzer.Visitor = { start, end, colocated in
        guard status == SQLITE_OK else { return }
        TextAnalyzer.utf8(folded.scalars, start, end, into: &buffer)
        let flags: CInt = colocated ? FTS5TokenFlags.colocated.rawValue : 0
        status = buffer.withUnsafeBufferPointer { bytes in
            bytes.baseAddress!.withMemoryRebound(to: CChar.self, capacity: bytes.count) { token in
                tokenCallback(context, flags, token, CInt(bytes.count), folded.offsets[start], folded.offsets[end])
            }
        }
    }
    if words {
        analyzer.visitWords(folded, visit)
    } else {
        analyzer.visitGrams(folded, forQuery: forQuery, visit)
    }
    return status
}

/// An FTS5 tokenizer over a registered analyzer; the subclasses pick words or grams.
class AnalyzerTokenizer {
    private let analyzer: TextAnalyzer
    private let words: Bool

    init(arguments: [String], words: Bool, name: String) throws {
        guard let digest = arguments.first, let analyzer = AnalyzerRegistry.shared.analyzer(digest: digest) else {
            throw DatabaseError(message: "\(name): no analyzer registered for \(arguments)")
        }
        self.analyzer = analyzer
        self.words = words
    }

    func tokenize(
        context: UnsafeMutableRawPointer?, tokenization: FTS5Tokenization, pText: UnsafePointer<CChar>?, nText: CInt,
        tokenCallback: @escaping FTS5TokenCallback
    ) -> CInt {
        runTokenizer(
            analyzer: analyzer, words: words, tokenization: tokenization, context: context, pText: pText, nText: nText,
            tokenCallback: tokenCallback)
    }
}

/// Words: domain lexicon longest match, then ICU word break, sub-words colocated (table W).
final class WordTokenizer: AnalyzerTokenizer, FTS5CustomTokenizer {
    static let name = "xq_word"
    init(db: Database, arguments: [String]) throws { try super.init(arguments: arguments, words: true, name: Self.name) }
}

/// Character bigrams with colocated unigrams (table G).
final class GramTokenizer: AnalyzerTokenizer, FTS5CustomTokenizer {
    static let name = "xq_gram"
    init(db: Database, arguments: [String]) throws { try super.init(arguments: arguments, words: false, name: Self.name) }
}
