import CSHA256

/// Keyed hash used to give each SEN2 person a stable pseudonymous reference (HMAC-SHA256, RFC 2104 / FIPS 180-4).
public enum KeyedHash {
    /// SHA-256 of `bytes` (32 bytes).
    public static func sha256(_ bytes: [UInt8], engine: SHA256Engine = .fastest) -> [UInt8] {
        let state = bytes.withUnsafeBytes { SHA256.finish(SHA256.initialState, after: 0, $0, engine.hardware) }
        return SHA256.bytes(of: state)
    }

    /// Lower-case hex of the first `count` bytes of SHA-256 of `bytes` (finding fingerprints,
    /// Message-IDs).
    public static func sha256Hex(_ bytes: [UInt8], bytes count: Int) -> String {
        let state = bytes.withUnsafeBytes { SHA256.finish(SHA256.initialState, after: 0, $0, SHA256Engine.fastest.hardware) }
        return SHA256.hex(of: state, bytes: count)
    }

    /// HMAC-SHA256 of `message` under `key` (32 bytes).
    /// A key longer than the 64-byte block is hashed first; a shorter one is padded with zeros (RFC 2104).
    public static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        return SHA256.bytes(of: KeyedHasher(key: key).mac(message))
    }

    /// Lower-case hex of the first `count` bytes of HMAC-SHA256(key, message).
    /// A `count` below zero gives an empty string; one above 32 gives the whole digest.
    /// To hash many messages under one key, make one `KeyedHasher` and use it for all of them.
    public static func hexDigest(key: [UInt8], message: [UInt8], bytes count: Int) -> String {
        return KeyedHasher(key: key).hexDigest(message, bytes: count)
    }
}

/// Which SHA-256 compression to use: the processor's SHA instructions when it has them (about a
/// twentieth of the portable one's instructions), or the portable Swift one (for tests that compare
/// the two).
public enum SHA256Engine: Sendable, CaseIterable {
    case fastest
    case portable

    /// Whether this processor has SHA instructions (asked once).
    public static let hardwareAvailable = csha256_hardware() != 0

    var hardware: Bool { self == .fastest && Self.hardwareAvailable }
}

/// HMAC-SHA256 under one key, with the key's inner and outer pad blocks compressed once.
/// Make one per key and reuse it: each message of up to 55 bytes then costs two SHA-256 compressions,
/// and a message in contiguous storage (an array, a slice, a native string's `utf8`) needs no heap
/// allocation apart from the returned string.
public struct KeyedHasher: Sendable {
    /// SHA-256 state after the block `key ^ ipad`.
    private let inner: SIMD8<UInt32>
    /// SHA-256 state after the block `key ^ opad`.
    private let outer: SIMD8<UInt32>
    private let hardware: Bool

    /// A key longer than the 64-byte block is hashed first; a shorter one is padded with zeros (RFC 2104).
    public init(key: [UInt8], engine: SHA256Engine = .fastest) {
        let hardware = engine.hardware
        var block = key.count > SHA256.blockSize ? KeyedHash.sha256(key, engine: engine) : key
        block += repeatElement(0, count: SHA256.blockSize - block.count)
        inner = block.map { $0 ^ 0x36 }.withUnsafeBytes { SHA256.absorb(SHA256.initialState, blockOf: $0, hardware) }
        outer = block.map { $0 ^ 0x5c }.withUnsafeBytes { SHA256.absorb(SHA256.initialState, blockOf: $0, hardware) }
        self.hardware = hardware
    }

    /// Lower-case hex of the first `count` bytes of HMAC-SHA256(key, message).
    /// A `count` below zero gives an empty string; one above 32 gives the whole digest.
    /// A message not in contiguous storage is copied into an array first.
    public func hexDigest(_ message: some Collection<UInt8>, bytes count: Int) -> String {
        return SHA256.hex(of: mac(message), bytes: count)
    }

    /// `prefix` and then the hex of `hexDigest`, made as one string.
    public func hexDigest(_ message: some Collection<UInt8>, bytes count: Int, after prefix: UInt8) -> String {
        return SHA256.hex(of: mac(message), bytes: count, after: prefix)
    }

    /// HMAC-SHA256 of `message` as the eight words of the final SHA-256 state.
    func mac(_ message: some Collection<UInt8>) -> SIMD8<UInt32> {
        let innerDigest =
            message.withContiguousStorageIfAvailable { SHA256.finish(inner, after: SHA256.blockSize, UnsafeRawBufferPointer($0), hardware) }
            ?? Array(message).withUnsafeBytes { SHA256.finish(inner, after: SHA256.blockSize, $0, hardware) }
        return SHA256.finish(outer, afterBlockDigest: innerDigest, hardware)
    }
}

/// The SHA-256 compression function and padding (FIPS 180-4), on a state of eight words kept in registers
/// and a 64-word message schedule on the stack; `hardware` hands each block to the SHA instructions
/// (`CSHA256`) instead.
private enum SHA256 {
    static let blockSize = 64

    /// The first 32 bits of the fractional parts of the square roots of the first 8 primes (FIPS 180-4 section 5.3.3).
    static let initialState = SIMD8<UInt32>(0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)

    /// The first 32 bits of the fractional parts of the cube roots of the first 64 primes (FIPS 180-4
    /// section 4.2.2): one table, in `CSHA256`, for both compressions.
    nonisolated(unsafe) static let roundConstants = UnsafeBufferPointer(start: csha256_round_constants(), count: 64)

    @inline(__always)
    static func rotateRight(_ x: UInt32, _ n: UInt32) -> UInt32 {
        return x &>> n | x &<< (32 &- n)
    }

    /// Big-endian 32-bit word at `offset` bytes from `base`.
    @inline(__always)
    static func word(_ base: UnsafeRawPointer, _ offset: Int) -> UInt32 {
        return UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// One SHA-256 round (FIPS 180-4 section 6.2.2 step 3) with `a`...`h` the working variables in their current roles:
    /// afterwards `d` holds the new `e` and `h` the new `a`. `kw` is the round constant plus the schedule word.
    @inline(__always)
    static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32, _ kw: UInt32
    ) {
        let sum1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
        let choose = g ^ (e & (f ^ g))
        let t1 = h &+ sum1 &+ choose &+ kw
        let sum0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
        let majority = (a & b) | (c & (a | b))
        d &+= t1
        h = t1 &+ sum0 &+ majority
    }

    /// Word `i` (16...63) of the message schedule (FIPS 180-4 section 6.2.2 step 1), stored into `w[i]` as well.
    @inline(__always)
    static func scheduleWord(_ w: UnsafeMutablePointer<UInt32>, _ i: Int) -> UInt32 {
        let x = w[i - 15]
        let y = w[i - 2]
        let s0 = rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
        let s1 = rotateRight(y, 17) ^ rotateRight(y, 19) ^ (y &>> 10)
        let word = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        w[i] = word
        return word
    }

    /// Compresses one block into `state`. The block's 16 words are in `w[0..<16]`; `w` has room for 64.
    /// The rest of the schedule is computed as the rounds go, so its work overlaps theirs.
    @inline(__always)
    static func compress(_ state: inout SIMD8<UInt32>, _ w: UnsafeMutablePointer<UInt32>, _ hardware: Bool) {
        if hardware {
            withUnsafeMutableBytes(of: &state) { csha256_compress($0.baseAddress!.assumingMemoryBound(to: UInt32.self), w) }
            return
        }
        var (a, b, c, d, e, f, g, h) = (state[0], state[1], state[2], state[3], state[4], state[5], state[6], state[7])
        let k = roundConstants
        @inline(__always)
        func input(_ i: Int) -> UInt32 {
            return k[i] &+ (i < 16 ? w[i] : scheduleWord(w, i))
        }
        // Eight rounds at a time, renaming the working variables instead of moving them.
        for i in stride(from: 0, to: 64, by: 8) {
            round(a, b, c, &d, e, f, g, &h, input(i))
            round(h, a, b, &c, d, e, f, &g, input(i + 1))
            round(g, h, a, &b, c, d, e, &f, input(i + 2))
            round(f, g, h, &a, b, c, d, &e, input(i + 3))
            round(e, f, g, &h, a, b, c, &d, input(i + 4))
            round(d, e, f, &g, h, a, b, &c, input(i + 5))
            round(c, d, e, &f, g, h, a, &b, input(i + 6))
            round(b, c, d, &e, f, g, h, &a, input(i + 7))
        }
        state &+= SIMD8(a, b, c, d, e, f, g, h)
    }

    /// `state` after compressing the 64-byte block at the start of `block`.
    static func absorb(_ state: SIMD8<UInt32>, blockOf block: UnsafeRawBufferPointer, _ hardware: Bool) -> SIMD8<UInt32> {
        precondition(block.count >= blockSize)
        var state = state
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress!
            for i in 0..<16 { w[i] = word(block.baseAddress!, 4 * i) }
            compress(&state, w, hardware)
        }
        return state
    }

    /// `state` after hashing `bytes` and the padding (FIPS 180-4 section 5.1.1), where `state` already
    /// covers `prefix` bytes (a multiple of 64) hashed before them.
    static func finish(_ state: SIMD8<UInt32>, after prefix: Int, _ bytes: UnsafeRawBufferPointer, _ hardware: Bool) -> SIMD8<UInt32> {
        var state = state
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress!
            var offset = 0
            if let base = bytes.baseAddress {
                while bytes.count - offset >= blockSize {
                    for i in 0..<16 { w[i] = word(base, offset + 4 * i) }
                    compress(&state, w, hardware)
                    offset += blockSize
                }
            }
            // The rest of the message, a 1 bit, zeros, then the length in bits as a big-endian 64-bit number:
            // one block if the rest is under 56 bytes, else two.
            let rest = bytes.count - offset
            withUnsafeTemporaryAllocation(byteCount: 2 * blockSize, alignment: 8) { tail in
                let end = rest < 56 ? blockSize : 2 * blockSize
                tail.initializeMemory(as: UInt8.self, repeating: 0)
                if rest > 0 {
                    tail.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: rest)
                }
                tail.storeBytes(of: 0x80, toByteOffset: rest, as: UInt8.self)
                let bits = UInt64(prefix + bytes.count) &* 8
                tail.storeBytes(of: bits.bigEndian, toByteOffset: end - 8, as: UInt64.self)
                for start in stride(from: 0, to: end, by: blockSize) {
                    for i in 0..<16 { w[i] = word(tail.baseAddress!, start + 4 * i) }
                    compress(&state, w, hardware)
                }
            }
        }
        return state
    }

    /// `state` after hashing a 32-byte digest and its padding, where `state` already covers one 64-byte block:
    /// the outer hash of HMAC, one compression.
    @inline(__always)
    static func finish(_ state: SIMD8<UInt32>, afterBlockDigest digest: SIMD8<UInt32>, _ hardware: Bool) -> SIMD8<UInt32> {
        var state = state
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            let w = schedule.baseAddress!
            for i in 0..<8 { w[i] = digest[i] }
            w[8] = 0x8000_0000
            for i in 9..<15 { w[i] = 0 }
            w[15] = UInt32((blockSize + 32) * 8)
            compress(&state, w, hardware)
        }
        return state
    }

    /// The 32 bytes of a final state, big-endian.
    static func bytes(of state: SIMD8<UInt32>) -> [UInt8] {
        return (0..<32).map { UInt8(truncatingIfNeeded: state[$0 / 4] &>> UInt32(24 - 8 * ($0 % 4))) }
    }

    /// Lower-case hex of the first `count` bytes (clamped to 0...32) of a final state.
    @inline(__always)
    static func hex(of state: SIMD8<UInt32>, bytes count: Int, after prefix: UInt8? = nil) -> String {
        let count = min(max(count, 0), 32)
        let first = prefix == nil ? 0 : 1
        return String(unsafeUninitializedCapacity: first + 2 * count) { text in
            if let prefix { text[0] = prefix }
            for i in 0..<count {
                let byte = UInt8(truncatingIfNeeded: state[i / 4] &>> UInt32(24 - 8 * (i % 4)))
                let high = byte &>> 4
                let low = byte & 0x0f
                text[first + 2 * i] = high < 10 ? 0x30 + high : 0x57 + high  // "0"..."9", "a"..."f"
                text[first + 2 * i + 1] = low < 10 ? 0x30 + low : 0x57 + low
            }
            return first + 2 * count
        }
    }
}
