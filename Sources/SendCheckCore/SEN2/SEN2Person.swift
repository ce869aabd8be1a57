/// One person of a SEN2 return (or a return's header), flat: its blocks and values in file order,
/// the values' bytes in one buffer. A reader fills one record and reuses its storage for the next
/// person, so reading a national return allocates nothing per person or per value.
///
/// Block 0 is the person (or header) itself. Blocks and values are linked in file order: each block
/// to its first and next child and its first value, each value to the next value of its block.
///
/// A value that needs no decoding is not copied: it is a range of `source`, the bytes being read
/// (the mapped file), which stay valid while the reader hands the person on. Whatever keeps a
/// person beyond that keeps `tree` (or copies its values).
public struct SEN2Person: @unchecked Sendable {
    /// A block or a value, linked to the one after it (-1: none).
    public protocol Linked {
        var following: Int32 { get }
    }

    public struct Block: Sendable, Linked {
        public var name: SEN2Name
        public var line: Int32
        public var column: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        var firstItem: Int32 = -1
        var lastItem: Int32 = -1
        public var following: Int32 { nextSibling }
    }

    public struct Item: Sendable, Linked {
        public var name: SEN2Name
        public var line: Int32
        public var column: Int32
        /// Where the value's bytes are: in `source` when `external`, else in `bytes`.
        var start: Int
        var count: Int32
        var next: Int32 = -1
        var external = false
        public var following: Int32 { next }
    }

    public private(set) var blocks: [Block] = []
    public private(set) var items: [Item] = []
    /// The bytes of the values that had to be trimmed or decoded, one after another.
    public private(set) var bytes: [UInt8] = []
    /// The bytes the other values are ranges of (set by the reader).
    public var source = UnsafeRawBufferPointer(start: nil, count: 0)

    public init() {
        blocks.reserveCapacity(16)
        items.reserveCapacity(64)
        bytes.reserveCapacity(1024)
    }

    /// The record of `name` (a person or a header) beginning at `line`:`column`, with nothing in it.
    public mutating func reset(_ name: SEN2Name, line: Int, column: Int) {
        blocks.removeAll(keepingCapacity: true)
        items.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        blocks.append(Block(name: name, line: Int32(clamping: line), column: Int32(clamping: column)))
    }

    /// Opens a block inside `parent`, after its other children; returns the new block.
    @discardableResult
    public mutating func open(_ name: SEN2Name, in parent: Int, line: Int, column: Int) -> Int {
        let id = Int32(blocks.count)
        blocks.append(Block(name: name, line: Int32(clamping: line), column: Int32(clamping: column)))
        if blocks[parent].lastChild >= 0 {
            blocks[Int(blocks[parent].lastChild)].nextSibling = id
        } else {
            blocks[parent].firstChild = id
        }
        blocks[parent].lastChild = id
        return Int(id)
    }

    /// Adds a value to `block`: its bytes are those `fill` appends to the buffer it is given.
    @inline(__always)
    public mutating func add(_ name: SEN2Name, to block: Int, line: Int, column: Int, fill: (inout [UInt8]) -> Void) {
        let start = bytes.count
        fill(&bytes)
        link(
            Item(
                name: name, line: Int32(clamping: line), column: Int32(clamping: column), start: start,
                count: Int32(truncatingIfNeeded: bytes.count - start)), to: block)
    }

    /// Adds a value whose bytes are `source[start..<start + count]` as they are.
    @inline(__always)
    public mutating func add(_ name: SEN2Name, to block: Int, line: Int, column: Int, sourceStart start: Int, count: Int) {
        link(
            Item(
                name: name, line: Int32(clamping: line), column: Int32(clamping: column), start: start, count: Int32(truncatingIfNeeded: count),
                external: true), to: block)
    }

    @inline(__always)
    private mutating func link(_ item: Item, to block: Int) {
        let id = Int32(items.count)
        items.append(item)
        if blocks[block].lastItem >= 0 {
            items[Int(blocks[block].lastItem)].next = id
        } else {
            blocks[block].firstItem = id
        }
        blocks[block].lastItem = id
    }

    /// Adds a value given as text.
    public mutating func add(_ name: SEN2Name, to block: Int, text: String, line: Int, column: Int) {
        add(name, to: block, line: line, column: column) { $0 += text.utf8 }
    }

    // MARK: - Reading

    /// The first value of an element in a block, in file order (a repeat is not reported; the first
    /// is used), or nil.
    @inline(__always)
    public func item(_ name: SEN2Name, in block: Int) -> Int? {
        var i = blocks[block].firstItem
        while i >= 0 {
            if items[Int(i)].name == name { return Int(i) }
            i = items[Int(i)].next
        }
        return nil
    }

    /// The first value of an element, nil when it is absent or blank.
    @inline(__always)
    public func filled(_ name: SEN2Name, in block: Int) -> Int? {
        guard let i = item(name, in: block), items[i].count > 0 else { return nil }
        return i
    }

    /// The text of a value.
    public func text(_ item: Int) -> String { withBytes(item) { String(decoding: $0, as: UTF8.self) } }

    /// The text of an element's first value, nil when absent or blank.
    public func value(_ name: SEN2Name, in block: Int) -> String? { filled(name, in: block).map { text($0) } }

    /// Calls `body` with a value's bytes.
    @inline(__always)
    public func withBytes<R>(_ item: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let v = items[item]
        if v.external { return body(UnsafeRawBufferPointer(rebasing: source[v.start..<v.start + Int(v.count)])) }
        return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[v.start..<v.start + Int(v.count)])) }
    }

    /// Whether a value is exactly one byte.
    @inline(__always)
    public func isByte(_ item: Int, _ byte: UInt8) -> Bool {
        let v = items[item]
        return v.count == 1 && (v.external ? source[v.start] : bytes[v.start]) == byte
    }

    /// The values of a block, in file order.
    public func items(of block: Int) -> Links<Item> { Links(nodes: items, at: blocks[block].firstItem) }

    /// The blocks directly inside a block, in file order.
    public func children(of block: Int) -> Links<Block> { Links(nodes: blocks, at: blocks[block].firstChild) }

    /// The blocks of one kind directly inside a block, in file order (found as they are iterated).
    public func children(_ name: SEN2Name, of block: Int) -> LazyFilterSequence<Links<Block>> {
        children(of: block).lazy.filter { [blocks] in blocks[$0].name == name }
    }

    /// How many blocks of a kind the record holds at any depth.
    public func count(of name: SEN2Name) -> Int { blocks.count { $0.name == name } }

    /// The indices of linked values or blocks, from `at` on, in file order.
    public struct Links<Node: Linked>: Sequence, IteratorProtocol {
        let nodes: [Node]
        var at: Int32

        public mutating func next() -> Int? {
            guard at >= 0 else { return nil }
            defer { at = nodes[Int(at)].following }
            return Int(at)
        }
    }

    // MARK: - Trees

    /// The record as a tree of blocks (for tests, the Blade writer and the header).
    public var tree: SEN2Block { tree(0) }

    private func tree(_ block: Int) -> SEN2Block {
        let b = blocks[block]
        var out = SEN2Block(name: b.name, line: Int(b.line), column: Int(b.column))
        for i in items(of: block) {
            out.items.append(SEN2Item(name: items[i].name, text: text(i), line: Int(items[i].line), column: Int(items[i].column)))
        }
        for child in children(of: block) { out.children.append(tree(child)) }
        return out
    }

    /// A record holding a tree of blocks (the Blade reader joins rows into trees).
    public init(_ tree: SEN2Block) {
        self.init()
        reset(tree.name, line: Int(tree.line), column: Int(tree.column))
        add(tree, to: 0)
    }

    private mutating func add(_ tree: SEN2Block, to block: Int) {
        for item in tree.items { add(item.name, to: block, text: item.text, line: Int(item.line), column: Int(item.column)) }
        for child in tree.children {
            let id = open(child.name, in: block, line: Int(child.line), column: Int(child.column))
            add(child, to: id)
        }
    }
}
