import Foundation
import ZIPFoundation

/// Archives built directly with ZIPFoundation, for inputs the workbook writer would never make.
enum ZIPFoundationTools {
    /// An archive at `path` with each part holding `size` spaces, deflated.
    static func archive(_ path: String, parts: [(String, Int)]) throws -> Archive {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, size) in parts {
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate, bufferSize: 1 << 20) {
                _, chunk in
                Data(repeating: 0x20, count: chunk)
            }
        }
        return archive
    }
}
