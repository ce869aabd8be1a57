import Foundation
import Testing

@testable import SendCheckCore
@testable import SendCheckRuntime

/// The small containers that hold raw memory or hand out work, each tested on its own (house.md:
/// unsafe code only in small rooms with their own tests).
@Suite("Small containers")
struct ContainerTests {
    /// Counts its instances, to see a container free what it holds.
    final class Tracked {
        nonisolated(unsafe) static var live = 0
        let value: Int
        init(_ value: Int) {
            self.value = value
            Self.live += 1
        }
        deinit { Self.live -= 1 }
    }

    @Test("FlatArray holds its elements in order, lends them in place, and frees them when it goes")
    func flatArray() {
        let before = Tracked.live
        do {
            let flat = FlatArray((0..<5).map { Tracked($0) })
            #expect(flat.count == 5)
            #expect((0..<5).map { flat[$0].value } == [0, 1, 2, 3, 4])
            #expect(flat.withElement(3) { $0.value } == 3)
            #expect(flat.elements.map(\.value) == [0, 1, 2, 3, 4])
            #expect(Tracked.live == before + 5)
        }
        #expect(Tracked.live == before)
        let empty = FlatArray([Int]())
        #expect(empty.count == 0 && empty.elements.isEmpty)
    }

    @Test("FixedBuffer starts with copies of its value, writes a field of an element in place, and frees its elements when it goes")
    func fixedBuffer() {
        struct Pair {
            var a = 0
            var b = 0
        }
        let pairs = FixedBuffer(repeating: Pair(a: 7, b: 9), count: 4)
        #expect((0..<4).map { pairs[$0].a } == [7, 7, 7, 7])
        pairs[2].b = 5
        pairs[3] = Pair(a: 1, b: 2)
        #expect((0..<4).map { pairs[$0].b } == [9, 9, 5, 2])
        #expect(pairs[3].a == 1 && pairs[1].a == 7)
        let before = Tracked.live
        do {
            let held = FixedBuffer(repeating: Tracked(1), count: 3)
            held[1] = Tracked(2)
            #expect(Tracked.live == before + 2)
            #expect(held[0].value == 1 && held[1].value == 2 && held.count == 3)
        }
        #expect(Tracked.live == before)
        let none = FixedBuffer(repeating: 0, count: 0)
        #expect(none.count == 0)
    }

    @Test("FindingSink grows past its first room, moves findings out in order, and empties")
    func findingSink() {
        let sink = FindingSink.make()
        defer { FindingSink.free(sink) }
        for i in 0..<37 { sink.pointee.append(Finding(rule: i, subject: "C\(i)", status: .met, start: nil, due: nil, completed: nil)) }
        #expect(sink.pointee.findings.map(\.rule) == Array(0..<37))
        let n = sink.pointee.takeAll()
        #expect(n == 37 && sink.pointee.count == 0)
        #expect((0..<n).map { sink.pointee.take($0).subject } == (0..<37).map { "C\($0)" })
        sink.pointee.append(Finding(rule: 1, subject: "again", status: .pending, start: nil, due: nil, completed: nil))
        sink.pointee.removeAll()
        #expect(sink.pointee.findings.isEmpty)
        // Freed with findings still in it (the deinit destroys them).
        sink.pointee.append(Finding(rule: 2, subject: "left", status: .pending, start: nil, due: nil, completed: nil))
    }

    @Test("ReferenceSet finds a repeat in order and out of order, by bytes, never by hash alone", arguments: [false, true])
    func referenceSet(shuffled: Bool) {
        var refs = (0..<3000).map { String(format: "C%05d", $0) }
        if shuffled { refs.reverse() }
        let text = (refs + ["C00042", "C02999"]).joined(separator: ",")
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            var set = ReferenceSet(expected: 10)
            var start = 0
            var repeats: [String] = []
            for i in 0...bytes.count where i == bytes.count || bytes[i] == UInt8(ascii: ",") {
                if let earlier = set.insert(raw, start: start, end: i) {
                    repeats.append(String(decoding: bytes[earlier..<earlier + 6], as: UTF8.self))
                }
                start = i + 1
            }
            #expect(repeats == ["C00042", "C02999"])
        }
    }

    @Test("ByteFragments gives each fragment's bytes back by number")
    func byteFragments() {
        var fragments = ByteFragments()
        let a = fragments.add("alpha")
        let b = fragments.add("")
        let c = fragments.add("ünïcode")
        fragments.withPieces { pieces in
            #expect(String(decoding: pieces[a], as: UTF8.self) == "alpha")
            #expect(pieces[b].isEmpty)
            #expect(String(decoding: pieces[c], as: UTF8.self) == "ünïcode")
        }
    }

    @Test("WorkQueue hands out each index exactly once across threads")
    func workQueue() async {
        let queue = WorkQueue(count: 10_000)
        let taken = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    var mine: [Int] = []
                    while let i = queue.next() { mine.append(i) }
                    return mine
                }
            }
            var all: [Int] = []
            for await part in group { all += part }
            return all
        }
        #expect(taken.sorted() == Array(0..<10_000))
        #expect(queue.next() == nil)
    }

    @Test("MappedFile maps a file's bytes, an empty file, and says why a missing one cannot be read")
    func mappedFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sendcheck-mapped-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = String(repeating: "case_id,team\nC1,North\n", count: 5000)
        try text.write(to: dir.appendingPathComponent("a.csv"), atomically: true, encoding: .utf8)
        try "".write(to: dir.appendingPathComponent("empty.csv"), atomically: true, encoding: .utf8)
        let read = MappedFile.with(dir.appendingPathComponent("a.csv").path) { bytes, release in
            defer { release(bytes.count) }
            return String(decoding: bytes, as: UTF8.self)
        }
        #expect(try read.get() == text)
        #expect(try MappedFile.with(dir.appendingPathComponent("empty.csv").path) { bytes, _ in bytes.count }.get() == 0)
        guard case .failure(let problem) = MappedFile.with(dir.appendingPathComponent("none.csv").path, { _, _ in 0 }) else {
            Issue.record("a missing file was mapped")
            return
        }
        #expect("\(problem)".contains("no such file"))
    }

    @Test("XMLScanner reports tags, text and the end, and locates a cut tag")
    func xmlScanner() throws {
        let xml = Array("<a x='1'><b>t &amp; u</b><c/></a>".utf8)
        try xml.withUnsafeBytes { raw in
            var scanner = XMLScanner(raw)
            var events: [String] = []
            loop: while true {
                switch try scanner.next() {
                case .open(let name, _, _, let selfClosing):
                    events.append("open \(name == XMLScanner.nameHash("c") ? "c" : "?")\(selfClosing ? "/" : "")")
                case .close: events.append("close")
                case .text(let start, let end):
                    var out: [UInt8] = []
                    scanner.appendDecoded(start, end, to: &out)
                    events.append("text \(String(decoding: out, as: UTF8.self))")
                case .end: break loop
                }
            }
            #expect(events == ["open ?", "open ?", "text t & u", "close", "open c/", "close"])
        }
        let cut = Array("<a><b".utf8)
        cut.withUnsafeBytes { raw in
            var scanner = XMLScanner(raw)
            #expect(throws: XMLScanner.SyntaxError.self) {
                while try scanner.next() != .end {}
            }
        }
    }
}
