import Foundation
import SendCheckCore
import Testing

@Suite("Day and date parsing")
struct DayTests {
    @Test(
        "civil dates round-trip through day numbers",
        arguments: [
            (1970, 1, 1, 0), (2024, 2, 29, 19782), (2000, 3, 1, 11017), (1969, 12, 31, -1), (2030, 12, 31, 22279),
        ])
    func roundTrip(y: Int, m: Int, d: Int, number: Int) throws {
        let day = try #require(Day(year: y, month: m, day: d))
        #expect(day.number == number)
        #expect(day.civil == (y, m, d))
    }

    @Test("every day 2014-2031 round-trips and weekdays advance by one")
    func exhaustive() throws {
        var day = try #require(Day(year: 2014, month: 1, day: 1))
        #expect(day.weekday == 3)  // Wednesday
        for _ in 0..<(18 * 366) {
            let c = day.civil
            #expect(Day(year: c.year, month: c.month, day: c.day) == day)
            let next = day.adding(days: 1)
            #expect(next.weekday == day.weekday % 7 + 1)
            day = next
        }
    }

    @Test("ISO and UK forms parse to the same day")
    func forms() {
        #expect(DateParser.parse("2024-03-15") == DateParser.parse("15/03/2024"))
        #expect(DateParser.parse(" 2024-03-15 ") == .success(Fixtures.day("2024-03-15")))
        #expect(Fixtures.day("08/01/2024").iso == "2024-01-08")
    }

    @Test(
        "real-world export forms: a time of day is dropped, one-digit day and month are read",
        arguments: [
            ("15/03/2024 09:30", "2024-03-15"), ("15/03/2024 00:00:00", "2024-03-15"), ("2024-03-15T09:30", "2024-03-15"),
            ("2024-03-15T23:59:59", "2024-03-15"), ("2024-03-15 00:00:00.000", "2024-03-15"), ("5/5/2010", "2010-05-05"),
            ("5/12/2010 8:05", "2010-12-05"), ("05/5/2010", "2010-05-05"),
        ])
    func exportForms(_ text: String, _ iso: String) {
        #expect(DateParser.parse(text) == .success(Fixtures.day(iso)))
        // The cell reader's fast path agrees with the general parser.
        var copy = text
        let value = copy.withUTF8 { CellParser(type: .date).value(UnsafeRawBufferPointer($0)) }
        #expect(value == .date(Fixtures.day(iso)))
    }

    @Test(
        "two-digit years, time zones and impossible times are errors with their reason",
        arguments: [
            ("5/5/10", "has a two-digit year"), ("15/03/24 09:30", "has a two-digit year"), ("2024-03-15T09:30Z", "has a time zone"),
            ("2024-03-15T09:30:00+01:00", "has a time zone"), ("2024-03-15 24:00", "time of day that does not exist"),
            ("15/03/2024T09:30", "is not a date"), ("2024-03-15 9", "is not a date"), ("2024-03-15T", "is not a date"),
        ])
    func exportFormErrors(_ text: String, _ reason: String) {
        guard case .failure(let f) = DateParser.parse(text) else {
            Issue.record("'\(text)' parsed")
            return
        }
        #expect(f.message(for: text).contains(reason))
    }

    @Test(
        "anything else is an error, never a guess",
        arguments: [
            "31/02/2024", "2024-02-30", "2023-02-29", "03/15/2024", "45366", "15 March 2024", "2024/03/15", "2024-3-15",
            "15-03-2024", "", "yesterday", "2024-13-01", "00/01/2024",
        ])
    func rejects(_ text: String) {
        if case .success(let d) = DateParser.parse(text) { Issue.record("'\(text)' parsed as \(d)") }
    }

    @Test("the message names the problem")
    func messages() {
        guard case .failure(let f) = DateParser.parse("31/02/2024") else {
            Issue.record("parsed")
            return
        }
        #expect(f.message(for: "31/02/2024") == "'31/02/2024' is not a real day (2024-2-31 does not exist)")
        guard case .failure(let g) = DateParser.parse("03/15/2024") else {
            Issue.record("parsed")
            return
        }
        #expect(g.message(for: "03/15/2024") == "'03/15/2024' is not a date; use ISO 2024-03-15 or UK 15/03/2024 (a time of day after it is allowed)")
    }
}

/// The fast paths (`DateParser.day` when reading cells, `ISODates` when writing reports) must agree
/// with the general code they stand in front of.
@Suite("Date fast paths")
struct DateFastPathTests {
    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test("DateParser.day reads exactly what DateParser.parse reads, day by day from 1899 to 2101")
    func dayAgreesWithParse() {
        var day = Day(year: 1899, month: 1, day: 1)!
        let end = Day(year: 2101, month: 12, day: 31)!
        var checked = 0
        while day <= end {
            let c = day.civil
            let uk = String(format: "%02d/%02d/%04d", c.day, c.month, c.year)
            for form in [day.iso, uk] {
                let bytes = Self.text(form)
                let fast = bytes.withUnsafeBytes { DateParser.day($0) }
                // Within the years dates may take, the day; outside them, neither reads it.
                #expect(fast == (DateParser.years.contains(c.year) ? day : nil), "\(form)")
                #expect(fast == (try? DateParser.parse(form).get()), "\(form)")
                checked += 1
            }
            day = day.adding(days: 1)
        }
        #expect(checked > 147_000)
    }

    @Test(
        "DateParser.day refuses what parse refuses (or leaves parse to explain)",
        arguments: [
            "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-00", "31/04/2024", "03/15/2024", "2024/03/15",
            "2024-3-15", "15-03-2024", "2O24-03-15", "2024-03-1:", "2024-03-1/", ":024-03-15", "20240315", "2024-03-15 ", "",
        ])
    func refuses(_ form: String) {
        let bytes = Self.text(form)
        let fast = bytes.withUnsafeBytes { DateParser.day($0) }
        let parsed = bytes.withUnsafeBytes { try? DateParser.parse($0).get() }
        #expect(fast == nil || fast == parsed, "\(form)")
        if parsed == nil { #expect(fast == nil, "\(form)") }
    }

    @Test("a report writes every day from 1980 to 2070 in ISO form, inside the table's range and out of it")
    func isoWriting() {
        var day = Day(year: 1980, month: 1, day: 1)!
        var expected = ""
        var collected: [UInt8] = []
        let out = OutputBuffer { collected.append(contentsOf: $0) }
        while day <= Day(year: 2070, month: 12, day: 31)! {
            out.write(day)
            expected += day.iso
            day = day.adding(days: 1)
        }
        out.finish()
        #expect(String(decoding: collected, as: UTF8.self) == expected)
    }
}
