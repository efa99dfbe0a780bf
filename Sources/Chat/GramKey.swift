/// A character 1–3-gram packed into one integer, for the chat's back-up models: each scalar (at most
/// U+10FFFF, 21 bits) plus one takes 21 bits, so every gram of up to three scalars has its own key — no
/// collisions, and no string to build and hash for each of the few hundred grams of an utterance.
enum GramKey {
    /// The key of a gram of one to three scalars, or nil for any other length.
    static func of<C: Collection<Unicode.Scalar>>(_ scalars: C) -> UInt64? {
        guard (1...3).contains(scalars.count) else { return nil }
        var key: UInt64 = 0
        for scalar in scalars { key = key << 21 | UInt64(scalar.value + 1) }
        return key
    }

    /// The keys of `text` (a gram string of the model file), or nil when it is not a 1–3-gram.
    static func of(_ text: String) -> UInt64? { of(Array(text.unicodeScalars)) }

    /// Every distinct 1–3-gram key of `segments` (grams never cross from one segment to the next),
    /// sorted.
    static func distinct(in segments: [ArraySlice<Unicode.Scalar>]) -> [UInt64] {
        var keys: [UInt64] = []
        keys.reserveCapacity(segments.reduce(0) { $0 + 3 * $1.count })
        for segment in segments {
            var last2: UInt64 = 0
            var last1: UInt64 = 0
            var count = 0
            for scalar in segment {
                let value = UInt64(scalar.value + 1)
                keys.append(value)
                if count >= 1 { keys.append(last1 << 21 | value) }
                if count >= 2 { keys.append(last2 << 42 | last1 << 21 | value) }
                last2 = last1
                last1 = value
                count += 1
            }
        }
        keys.sort()
        var unique = 0
        for index in keys.indices where index == 0 || keys[index] != keys[index - 1] {
            keys[unique] = keys[index]
            unique += 1
        }
        keys.removeLast(keys.count - unique)
        return keys
    }
}
