import Foundation
import SendCheckCore
import SendCheckRuntime
import Testing

/// Excel's "CSV (Comma delimited)" writes Windows-1252 on English Windows: read it when the
/// configuration says so, and refuse it with the line to add when it does not, never half-read.
@Suite("Encodings")
struct EncodingTests {
    /// A meetings export as Excel saves it: Windows-1252, with a name no rule reads and a team that is read.
    static let windows1252: Data = {
        var bytes: [UInt8] = Array("Ref,Child Name,Team,plan_start,last_review\r\nK1,Zo".utf8) + [0xEB]  // Zoë
        bytes += Array(",Team Sia".utf8) + [0xEB] + Array(",2025-01-10,\r\nK2,O".utf8) + [0x92] + Array("Neill,North ".utf8) + [0xA3]
        bytes += Array("5,2025-02-10,\r\n".utf8)
        return Data(bytes)
    }()

    @Test("without 'encoding', a file that is not UTF-8 is an error naming the cell and the line to add; nothing in it is read")
    func refused() throws {
        let folder = try SourceFolder([:], config: "cases:\n  - path: meetings.csv\n    columns: {case_id: Ref}\n")
        try folder.write("meetings.csv", Self.windows1252)
        let (result, diagnostics) = folder.check(asOf: "2026-01-01")
        #expect(result?.inputs.isEmpty == true)
        // The first such byte is in the name column: no rule reads it, so the cell is not quoted.
        #expect(
            diagnostics == [
                "meetings.csv:2:2: error: the file is not UTF-8 text: column 2 ('Child Name', not shown: no rule reads it) holds 'ë' when read as "
                    + "Windows-1252, the encoding of Excel's \"CSV (Comma delimited)\"; add 'encoding: windows-1252' under 'path: meetings.csv' in "
                    + "sendcheck.yaml (line 4), or save the file as \"CSV UTF-8\". Nothing in it was checked"
            ])
    }

    @Test("a plain path in the configuration is told how to add the encoding; a read column's cell is quoted as Windows-1252 reads it")
    func plainPath() throws {
        let bytes = Array("case_id,team,plan_start\nK1,Si".utf8) + [0xE2] + Array("n,2025-01-10\n".utf8)
        let folder = try SourceFolder([:], config: "cases: [cases.csv]\n")
        try folder.write("cases.csv", Data(bytes))
        let (_, diagnostics) = folder.check(asOf: "2026-01-01")
        #expect(diagnostics.count == 1)
        #expect(
            diagnostics.first?.hasPrefix("cases.csv:2:2: error: the file is not UTF-8 text: column 2 ('team') holds 'Siân' when read as Windows-1252")
                == true)
        #expect(diagnostics.first?.contains("in sendcheck.yaml line 3, write this source as '- {path: cases.csv, encoding: windows-1252}'") == true)
    }

    @Test("with 'encoding: windows-1252' the file is read, its text as Windows-1252 writes it")
    func read() throws {
        let folder = try SourceFolder([:], config: "cases:\n  - path: meetings.csv\n    encoding: windows-1252\n    columns: {case_id: Ref}\n")
        try folder.write("meetings.csv", Self.windows1252)
        let (result, diagnostics) = folder.check(asOf: "2026-02-01")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(result?.subjects == 2)
        var engine = folder.engine()
        let labels = engine.alertInput(
            CheckOptions(asOf: Fixtures.day("2026-02-01")), watched: [:], breachesSince: Fixtures.day("2026-01-01"), cores: 1)?.labels
        #expect(Set(labels?.values.map { $0 } ?? []) == ["Team Siaë", "North £5"])
    }

    @Test("Windows-1252 and ISO-8859-1 differ only in 0x80-0x9F; every byte becomes valid UTF-8")
    func transcoding() {
        let all = (0...255).map(UInt8.init)
        for encoding in [SourceEncoding.windows1252, .latin1] {
            let text = all.withUnsafeBytes { SingleByteText.utf8($0, from: encoding) }
            #expect(text.withUnsafeBytes { SingleByteText.firstNonUTF8($0) } == nil)
            #expect(String(decoding: text, as: UTF8.self).unicodeScalars.count == 256)
        }
        #expect(
            [UInt8]([0x80, 0x92, 0xA3, 0xE9]).withUnsafeBytes { String(decoding: SingleByteText.utf8($0, from: .windows1252), as: UTF8.self) }
                == "€’£é")
        #expect([UInt8]([0x80, 0xE9]).withUnsafeBytes { String(decoding: SingleByteText.utf8($0, from: .latin1), as: UTF8.self) } == "\u{80}é")
        // The first byte that is not UTF-8, found past long runs of ASCII.
        let long = Array(repeating: UInt8(ascii: "a"), count: 37) + [0xC3, 0xA9] + Array(repeating: UInt8(ascii: "b"), count: 20) + [0xE9, 0x41]
        #expect(long.withUnsafeBytes { SingleByteText.firstNonUTF8($0) } == 59)
    }
}
