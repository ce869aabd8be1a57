import SendCheckCore
import Testing

/// Expected values come from Python's hashlib and hmac modules, not from memory.
@Suite("Keyed hash")
struct KeyedHashTests {
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
    }

    static func bytes(_ text: String) -> [UInt8] {
        return Array(text.utf8)
    }

    /// The engines to test: the portable one always, the SHA instructions where this processor has them
    /// (`.fastest` is the portable one again elsewhere).
    static let engines = SHA256Engine.allCases

    @Test("SHA-256 of the FIPS 180-4 example messages", arguments: engines)
    func sha256Vectors(engine: SHA256Engine) {
        #expect(Self.hex(KeyedHash.sha256([], engine: engine)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            Self.hex(KeyedHash.sha256(Self.bytes("abc"), engine: engine)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let twoBlocks = Self.bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        #expect(Self.hex(KeyedHash.sha256(twoBlocks, engine: engine)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test("SHA-256 of one million 'a' characters", arguments: engines)
    func sha256Million(engine: SHA256Engine) {
        let million = [UInt8](repeating: 0x61, count: 1_000_000)
        #expect(Self.hex(KeyedHash.sha256(million, engine: engine)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(
        "The SHA instructions and the portable compression agree on messages of 0...300 bytes",
        .enabled(if: SHA256Engine.hardwareAvailable, "this processor has no SHA instructions"))
    func enginesAgree() {
        for length in 0...300 {
            let message = Self.noise(count: length, seed: UInt64(length) &+ 0x77)
            #expect(KeyedHash.sha256(message, engine: .fastest) == KeyedHash.sha256(message, engine: .portable), "\(length) bytes")
        }
    }

    @Test(
        "HMAC-SHA256 matches RFC 4231 test cases 1, 2, 3, 6 and 7",
        arguments: [
            (
                [UInt8](repeating: 0x0b, count: 20), Self.bytes("Hi There"),
                "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
            ),
            (
                Self.bytes("Jefe"), Self.bytes("what do ya want for nothing?"),
                "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
            ),
            (
                [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
                "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131), Self.bytes("Test Using Larger Than Block-Size Key - Hash Key First"),
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
            ),
            (
                [UInt8](repeating: 0xaa, count: 131),
                Self.bytes(
                    "This is a test using a larger than block-size key and a larger than block-size data. "
                        + "The key needs to be hashed before being used by the HMAC algorithm."),
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
            ),
        ])
    func hmacVectors(key: [UInt8], message: [UInt8], expected: String) {
        #expect(Self.hex(KeyedHash.hmacSHA256(key: key, message: message)) == expected)
        #expect(KeyedHash.hexDigest(key: key, message: message, bytes: 32) == expected)
        for engine in Self.engines { #expect(KeyedHasher(key: key, engine: engine).hexDigest(message, bytes: 32) == expected) }
    }

    @Test("hexDigest keeps only the first bytes asked for")
    func truncation() {
        let key = Self.bytes("Jefe")
        let message = Self.bytes("what do ya want for nothing?")
        let full = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        #expect(KeyedHash.hexDigest(key: key, message: message, bytes: 8) == "5bdcc146bf60754e")
        #expect(KeyedHash.hexDigest(key: key, message: message, bytes: 1) == "5b")
        #expect(KeyedHash.hexDigest(key: key, message: message, bytes: 0) == "")
        #expect(KeyedHash.hexDigest(key: key, message: message, bytes: -1) == "")
        #expect(KeyedHash.hexDigest(key: key, message: message, bytes: 64) == full)
    }

    /// Deterministic random-looking bytes (xorshift64), so failures reproduce.
    static func noise(count: Int, seed: UInt64) -> [UInt8] {
        var x = seed | 1
        return (0..<count).map { _ in
            x ^= x << 13
            x ^= x >> 7
            x ^= x << 17
            return UInt8(truncatingIfNeeded: x >> 32)
        }
    }

    /// HMAC-SHA256 spelt out from RFC 2104 with SHA-256 over whole concatenated blocks, without `KeyedHasher`'s
    /// precomputed pad states.
    /// Always with the portable compression, so the engine used by `KeyedHasher` is checked against it.
    static func referenceHMAC(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? KeyedHash.sha256(key, engine: .portable) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = KeyedHash.sha256(block.map { $0 ^ 0x36 } + message, engine: .portable)
        return KeyedHash.sha256(block.map { $0 ^ 0x5c } + inner, engine: .portable)
    }

    @Test("KeyedHasher matches Python's hmac at the padding boundaries (messages of 55, 56, 64 bytes and more)", arguments: engines)
    func hasherBoundaries(engine: SHA256Engine) {
        let hasher = KeyedHasher(key: Self.bytes("sendcheck-test-key"), engine: engine)
        let expected: [(Int, String)] = [
            (0, "2e9686d12ed5151c349e94b02a4d6426f93fa42d200aa50d060445b618641aea"),
            (55, "d5a7c44bf5571b60b7ce39eb3458523cd94be1c788911dd9e11fe6ca8392be97"),
            (56, "b1ef31d52b241fcdfec91d14198c2c30048c45ef704a00c2a91f81bb43bc5732"),
            (63, "6070b557470da08308032d54bc66025f90b037d00e23e5d321c92d72ce910b41"),
            (64, "447a889a11a3e3d79b9ae83c48381be32a3e07783e4609783a53c3d230aa0140"),
            (65, "0f135f3d4f768e24c833e75b88a071306eb68a2fd954486ecb77b0a4d6781170"),
            (119, "7801149429ac300da878bc73e73fc9911ba1ab140fd66c781519915b73808041"),
            (120, "0e9a8bf762d4d04f2f5d5c0b449b64f8b792f2839438fb40bdb0b6a9bc10f50e"),
            (130, "ed9695fa2cc63f2b69875a472ec8805bc2c4d4c37e6edbec9d1aa18f7ce5a1e9"),
        ]
        for (count, digest) in expected {
            let message = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(hasher.hexDigest(message, bytes: 32) == digest, "message of \(count) bytes")
        }
    }

    @Test("KeyedHasher equals KeyedHash.hexDigest and a plain RFC 2104 HMAC for keys and messages of 0...130 bytes")
    func hasherMatchesOneShot() {
        for length in 0...130 {
            let key = Self.noise(count: (length * 7) % 131, seed: UInt64(length) &* 0x9e37_79b9_7f4a_7c15)
            let message = Self.noise(count: length, seed: UInt64(length) &+ 0x5151)
            let hasher = KeyedHasher(key: key, engine: .fastest)
            let expected = Self.hex(Self.referenceHMAC(key: key, message: message))
            let oneShot = KeyedHash.hexDigest(key: key, message: message, bytes: 32)
            #expect(oneShot == expected, "key \(key.count) bytes, message \(length) bytes")
            #expect(hasher.hexDigest(message, bytes: 32) == oneShot, "key \(key.count) bytes, message \(length) bytes")
            #expect(hasher.hexDigest(message, bytes: 8) == String(oneShot.prefix(16)))
        }
    }

    @Test("KeyedHasher gives the same digest for a message in any kind of collection")
    func hasherCollections() {
        let hasher = KeyedHasher(key: Self.bytes("sendcheck-test-key"))
        let text = "upn:A123456789012"
        let expected = "2698b5ed09de36ff3b75ada407447ad3cba68e4f0f38b87b672fab33ac5105c6"
        let message = Self.bytes(text)
        #expect(hasher.hexDigest(message, bytes: 32) == expected)
        #expect(hasher.hexDigest(text.utf8, bytes: 32) == expected)
        #expect(hasher.hexDigest((Self.bytes("xx") + message)[2...], bytes: 32) == expected)
        #expect(message.withUnsafeBytes { hasher.hexDigest($0, bytes: 32) } == expected)
        #expect(hasher.hexDigest(message.lazy.map { $0 }, bytes: 32) == expected)  // not contiguous
    }

    @Test("KeyedHasher keeps only the first bytes asked for")
    func hasherTruncation() {
        let hasher = KeyedHasher(key: Self.bytes("Jefe"))
        let message = Self.bytes("what do ya want for nothing?")
        #expect(hasher.hexDigest(message, bytes: 8) == "5bdcc146bf60754e")
        #expect(hasher.hexDigest(message, bytes: 1) == "5b")
        #expect(hasher.hexDigest(message, bytes: 0) == "")
        #expect(hasher.hexDigest(message, bytes: -1) == "")
        #expect(hasher.hexDigest(message, bytes: 64) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
