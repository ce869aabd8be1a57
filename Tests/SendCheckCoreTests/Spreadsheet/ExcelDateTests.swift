import SendCheckCore
import Testing

@Suite("Excel dates")
struct ExcelDateTests {
    static func dates(_ serials: [String], style: Int = 14, date1904: String? = nil) -> String {
        let cells = serials.map { "<c s=\"1\"><v>\($0)</v></c>" }.joined()
        return Sheets.text("<row r=\"1\">\(cells)</row>", styles: [0, style], date1904: date1904)
    }

    @Test("the 1900 system, with Excel's phantom 29 February 1900")
    func system1900() {
        #expect(
            Self.dates(["1", "59", "60", "61", "45366", "45366.99", "2958465"])
                == "1900-01-01,1900-02-28,1900-02-29,1900-03-01,2024-03-15,2024-03-15,9999-12-31\n")
        #expect(ExcelDateSystem.from1900.day(serial: 60) == nil)
        #expect(ExcelDateSystem.from1900.day(serial: 59)?.iso == "1900-02-28")
        #expect(ExcelDateSystem.from1900.day(serial: 61)?.iso == "1900-03-01")
        #expect(ExcelDateSystem.from1900.day(serial: 45366)?.iso == "2024-03-15")
    }

    @Test("the 1904 system, however the workbook says so")
    func system1904() {
        for flag in ["1", "true"] {
            #expect(Self.dates(["0", "1", "59", "60", "43904"], date1904: flag) == "1904-01-01,1904-01-02,1904-02-29,1904-03-01,2024-03-15\n")
        }
        #expect(Self.dates(["0"], date1904: "0") == "0\n")
        #expect(ExcelDateSystem.from1904.day(serial: 0)?.iso == "1904-01-01")
    }

    @Test("a serial Excel shows as no date is written as written, for the CSV reader to report")
    func outOfRange() {
        #expect(Self.dates(["-1", "0", "2958466", "1e300", "abc", "45366.5E0"]) == "-1,0,2958466,1e300,abc,2024-03-15\n")
    }

    @Test("a day's serial and back, in both systems", arguments: [ExcelDateSystem.from1900, .from1904])
    func roundTrip(system: ExcelDateSystem) {
        for serial in [1, 2, 59, 61, 366, 45366, 2_957_003] {
            guard let day = system.day(serial: serial) else { continue }
            #expect(system.serial(of: day) == serial)
        }
        #expect(system.serial(of: Day(year: 1800, month: 1, day: 1)!) == nil)
    }

    @Test("custom formats: day, month or year outside quotes and brackets make a date; elapsed time and plain numbers do not")
    func customFormats() {
        let dates = ["dd/mm/yyyy", "d-mmm-yy", "mmmm", "yyyy-mm-dd h:mm", "[$-809]dd mmmm yyyy;@", "[Red]dd/mm/yy", "mm/dd/yyyy h:mm AM/PM"]
        let notDates = [
            "0.00", "@", "General", "[h]:mm", "h:mm", "mm:ss", "[mm]:ss", "\"day \"0", "#,##0\" days\"", "0 \\d\\a\\y", "[Red]0.00", "h:mm AM/PM",
            "0.00E+00", "_(* #,##0_)",
        ]
        for code in dates { #expect(NumberFormats.isDateCode(code), "\(code)") }
        for code in notDates { #expect(!NumberFormats.isDateCode(code), "\(code)") }
    }

    @Test("a style's number format decides: built-in date formats, custom codes, and a custom code replacing a built-in id")
    func styles() {
        let formats = [164: "dd/mm/yyyy", 165: "0.00", 166: "[h]:mm", 167: "\"day \"0", 14: "0.0"]
        let rows = "<row r=\"1\">" + (0..<8).map { "<c s=\"\($0)\"><v>45366</v></c>" }.joined() + "<c s=\"99\"><v>45366</v></c></row>"
        // Styles: General, 22 (built-in date and time), 164, 165, 166, 167, 14 (replaced by 0.0), 49 (text).
        #expect(
            Sheets.text(rows, formats: formats, styles: [0, 22, 164, 165, 166, 167, 14, 49])
                == "45366,2024-03-15,2024-03-15,45366,45366,45366,45366,45366,45366\n")
        for id in [14, 15, 16, 17, 22, 27, 36, 45, 47, 50, 58] { #expect(NumberFormats.isBuiltInDate(id)) }
        for id in [0, 1, 2, 10, 13, 23, 26, 37, 44, 48, 49, 59, 164] { #expect(!NumberFormats.isBuiltInDate(id)) }
    }

    @Test("a date typed as text stays text; a date-styled boolean or string is not a date")
    func typedText() {
        let rows = """
            <row r="1"><c s="1" t="s"><v>0</v></c><c s="1" t="inlineStr"><is><t>15/03/2024</t></is></c><c s="1" t="b"><v>1</v></c>\
            <c s="1" t="str"><v>45366</v></c></row>
            """
        #expect(Sheets.text(rows, strings: ["<t>2024-03-15</t>"], styles: [0, 14]) == "2024-03-15,15/03/2024,TRUE,45366\n")
    }
}
