import SendCheckCore
import Testing

/// Damaged and hostile sheets end in a located problem, never a crash, a hang or unbounded memory.
@Suite("Workbook problems")
struct WorkbookProblemTests {
    @Test("a shared-string index out of range, or not a number, at its cell")
    func sharedStringIndex() {
        #expect(
            Sheets.text("<row r=\"3\"><c r=\"B3\" t=\"s\"><v>7</v></c></row>", strings: ["<t>a</t>"])
                == "book.xlsx[Sheet1]:3:2: error: the cell refers to shared string 7, but the workbook has only 1; the workbook is damaged")
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>x</v></c></row>")
                == "book.xlsx[Sheet1]:1:1: error: the cell's shared-string index 'x' is not a number; the workbook is damaged")
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>99999999999</v></c><c r=\"B1\" t=\"s\"><v></v></c></row>")
                == "book.xlsx[Sheet1]:1:1: error: the cell refers to shared string 99999999999, but the workbook has none; the workbook is damaged")
        #expect(Sheets.text("<row r=\"1\"><c r=\"A1\" t=\"s\"><v></v></c><c r=\"B1\"><v>2</v></c></row>") == ",2\n")
    }

    @Test("references beyond Excel's limits, or not references at all, cost no more than a few steps")
    func references() {
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"ZZZZZZZ99999999999\"><v>1</v></c></row>")
                == "book.xlsx[Sheet1]:1:1: error: the cell reference 'ZZZZZZZ99999999999' is beyond column XFD (16384), the last column Excel allows")
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"A99999999999999\"><v>1</v></c></row>")
                == "book.xlsx[Sheet1]:1:1: error: the cell reference 'A99999999999999' is beyond row 1048576, the last row Excel allows")
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"1A\"><v>1</v></c></row>").hasSuffix(
                "error: the cell reference '1A' is not a column and row such as 'C12'"))
        #expect(Sheets.text("<row r=\"99999999999\"></row>").hasSuffix("error: row number '99999999999' is not a row from 1 to 1048576"))
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"XFD1\"><v>1</v></c><c><v>2</v></c></row>").hasSuffix(
                ":1:16384: error: the sheet goes beyond column XFD (16384), the last column Excel allows"))
        #expect(CellReference.letters(16384) == "XFD")
        #expect(CellReference.letters(27) == "AA")
        #expect(CellReference.name(column: 3, row: 12) == "C12")
    }

    @Test("cells and rows out of order, a cell in the wrong row, an unknown cell type")
    func order() {
        #expect(
            Sheets.text("<row r=\"5\"></row><row r=\"4\"></row>")
                == "book.xlsx[Sheet1]:5:1: error: row 4 comes after row 5: rows must be in order; the workbook is damaged")
        #expect(
            Sheets.text("<row r=\"1\"><c r=\"C1\"><v>1</v></c><c r=\"B1\"><v>1</v></c></row>")
                == "book.xlsx[Sheet1]:1:2: error: cell B1 comes after cell C1: cells must be in column order; the workbook is damaged")
        #expect(
            Sheets.text("<row r=\"2\"><c r=\"C7\"><v>1</v></c></row>")
                == "book.xlsx[Sheet1]:2:1: error: cell C7 is inside row 2; the workbook is damaged")
        #expect(Sheets.text("<row r=\"1\"><c t=\"x\"><v>1</v></c></row>").hasSuffix("error: a cell of type 'x', which workbooks do not have"))
    }

    @Test("truncated or malformed XML, at the row it stopped in")
    func truncated() {
        var parts = Sheets.parts("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\"><v>2</v>")
        let sheet = parts["xl/worksheets/sheet1.xml"]!
        let text = String(decoding: sheet, as: UTF8.self)
        let cut = text.utf8.distance(from: text.startIndex, to: text.range(of: "</c></row><row r=\"2\">")!.upperBound)
        for end in [sheet.count - 40, cut] {
            parts["xl/worksheets/sheet1.xml"] = Array(sheet.prefix(end))
            let text = Sheets.describe(Sheets.csv(parts))
            #expect(text.contains("error: the sheet's XML ends after row"), "\(text)")
        }
        parts["xl/worksheets/sheet1.xml"] = Array("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>".utf8)
        #expect(Sheets.describe(Sheets.csv(parts)) == "book.xlsx[Sheet1]:1:1: error: the sheet's XML is damaged here: cell A1 is not closed")
        parts["xl/worksheets/sheet1.xml"] = Array("<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1< /v></c></row></sheetData></worksheet>".utf8)
        #expect(Sheets.describe(Sheets.csv(parts)) == "book.xlsx[Sheet1]:1:1: error: the sheet's XML is damaged here: '<' begins no tag")
        parts["xl/worksheets/sheet1.xml"] = Array("<!DOCTYPE x [<!ENTITY a \"b\">]><worksheet><sheetData/></worksheet>".utf8)
        #expect(Sheets.describe(Sheets.csv(parts)).hasSuffix("a DOCTYPE or other declaration, which a worksheet never has"))
        parts["xl/worksheets/sheet1.xml"] = Array("<chartsheet><drawing/></chartsheet>".utf8)
        #expect(Sheets.describe(Sheets.csv(parts)).hasSuffix("error: the sheet has no cell data (<sheetData>); is it a worksheet?"))
        parts["xl/worksheets/sheet1.xml"] = Array("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>x".utf8)
        #expect(
            Sheets.describe(Sheets.csv(parts)).hasSuffix(
                "error: the sheet's XML ends after row 1, inside its data; the workbook is damaged or cut short"))
    }

    @Test("deeply nested XML is neither followed nor a crash")
    func nested() {
        let deep = String(repeating: "<is><r>", count: 100_000)
        let text = Sheets.describe(Sheets.csv(Sheets.parts("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\">\(deep)<t>x</t></c></row>")))
        #expect(text == "x\n")
    }

    @Test("a cell larger than the limit is refused")
    func hugeCell() {
        var parts = Sheets.parts("")
        parts["xl/worksheets/sheet1.xml"] =
            Array("<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".utf8) + [UInt8](repeating: 0x61, count: 17 << 20)
        #expect(
            Sheets.describe(Sheets.csv(parts))
                == "book.xlsx[Sheet1]:1:1: error: a cell or tag of the sheet's XML is longer than 16 MiB; the workbook is damaged")
    }

    @Test("a header reaching column XFD pads every row out to it, until the CSV limit stops it")
    func paddedToHugeWidths() {
        let rows =
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"XFD1\"><v>2</v></c></row>"
            + (2...200).map { "<row r=\"\($0)\"><c><v>1</v></c></row>" }.joined()
        let result = WorkbookReader.csv(PartsArchive(Sheets.parts(rows)), sheet: nil, path: "book.xlsx", csvLimit: 1 << 20)
        #expect(
            Sheets.describe(result)
                == "book.xlsx[Sheet1]:64:1: error: the sheet makes more than 1 MiB of CSV (empty cells padded to the header's width included); sendcheck reads sheets up to that size"
        )
    }

    @Test("a formula with no saved result is an empty cell, with a warning at the first such cell")
    func formulaWithoutResult() throws {
        let parts = Sheets.parts(
            "<row r=\"1\"><c r=\"A1\"><v>1</v></c><c r=\"B1\"><f>A1*2</f></c></row><row r=\"2\"><c r=\"B2\"><f>A2*2</f><v></v></c></row>")
        let csv = try Sheets.csv(parts).get()
        #expect(String(decoding: csv.bytes, as: UTF8.self) == "1\n")
        #expect(
            csv.warnings.map(\.description) == [
                "book.xlsx[Sheet1]:1:2: warning: this cell holds a formula with no saved result, read as empty (and 1 more cells like it); "
                    + "the program that wrote the workbook did not calculate it: open and save it in Excel"
            ])
    }

    @Test("missing parts: the sheet's, the workbook's relationships; missing shared strings and styles are no shared strings and no styles")
    func missingParts() {
        var parts = Sheets.parts("<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45366</v></c></row>", styles: [0, 14])
        parts.removeValue(forKey: "xl/styles.xml")
        parts.removeValue(forKey: "xl/sharedStrings.xml")
        #expect(Sheets.describe(Sheets.csv(parts)) == "45366\n")
        parts.removeValue(forKey: "xl/worksheets/sheet1.xml")
        #expect(
            Sheets.describe(Sheets.csv(parts))
                == "book.xlsx:1:1: error: the workbook has no part xl/worksheets/sheet1.xml for sheet 'Sheet1'; the workbook is damaged")
        parts.removeValue(forKey: "xl/_rels/workbook.xml.rels")
        #expect(
            Sheets.describe(Sheets.csv(parts))
                == "book.xlsx:1:1: error: the workbook has no xl/_rels/workbook.xml.rels, which says where its sheets are; the workbook is damaged")
        guard case .failure(let binary) = WorkbookReader.sheetNames(PartsArchive(["xl/workbook.bin": []]), path: "b.xlsb") else {
            Issue.record("a binary workbook was read")
            return
        }
        #expect(binary.message == "this is an Excel binary workbook (.xlsb), which sendcheck does not read: save it as .xlsx or CSV")
    }

    @Test("a sheet name not in the workbook names the sheets, with did you mean; no sheets at all")
    func sheetNames() {
        var parts = Sheets.parts("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>")
        #expect(Sheets.describe(Sheets.csv(parts, sheet: "sheet1")) == "1\n")
        #expect(
            Sheets.describe(Sheets.csv(parts, sheet: "Shet1"))
                == "book.xlsx:1:1: error: the workbook has no sheet 'Shet1'; did you mean 'Sheet1'? (its sheets: 'Sheet1')")
        parts["xl/workbook.xml"] = Array("<workbook><sheets/></workbook>".utf8)
        #expect(Sheets.describe(Sheets.csv(parts)) == "book.xlsx:1:1: error: the workbook has no sheets")
        parts["xl/workbook.xml"] = Array("<workbook><sheets><sheet name=\"X\" r:id=\"rId9\"/></sheets>".utf8)
        #expect(
            Sheets.describe(Sheets.csv(parts))
                == "book.xlsx:1:1: error: the workbook does not say which part holds sheet 'X'; the workbook is damaged")
        parts["xl/workbook.xml"] = Array("<workbook><sheets><sheet name=\"X\" r:id=\"rId1\"/></sheets".utf8)
        #expect(Sheets.describe(Sheets.csv(parts)).hasPrefix("book.xlsx:1:1: error: xl/workbook.xml in the workbook is not XML (line 1, column"))
        parts.removeValue(forKey: "xl/workbook.xml")
        #expect(Sheets.describe(Sheets.csv(parts)) == "book.xlsx:1:1: error: this ZIP archive is not an Excel workbook: it has no xl/workbook.xml")
    }
}
