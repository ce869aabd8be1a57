/// The ISO form (`2024-03-15`) of every day from 1990 to 2059, built once: a report writes hundreds of
/// thousands of dates, and copying ten bytes beats converting a day number each time. Raw memory,
/// so threads rendering at once share it without reference counting.
enum ISODates {
    private static let firstYear = 1990
    private static let endYear = 2060
    private static let first = Day(year: firstYear, month: 1, day: 1)!.number
    private static let count = Day(year: endYear, month: 1, day: 1)!.number - first

    nonisolated(unsafe) private static let table: UnsafeRawPointer = {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: count * 10, alignment: 8)
        var offset = 0
        for year in firstYear..<endYear {
            for month in 1...12 {
                for day in 1...Day.daysIn(year: year, month: month) {
                    let digits: [Int] = [year / 1000, year / 100 % 10, year / 10 % 10, year % 10, -3, month / 10, month % 10, -3, day / 10, day % 10]
                    for (i, d) in digits.enumerated() { bytes.storeBytes(of: UInt8(48 + d), toByteOffset: offset + i, as: UInt8.self) }
                    offset += 10
                }
            }
        }
        return UnsafeRawPointer(bytes)
    }()

    /// The ten bytes of `day`'s ISO form, if it is in the table's range.
    @inline(__always) static func bytes(_ day: Day) -> UnsafeRawBufferPointer? {
        let i = day.number - first
        guard i >= 0, i < count else { return nil }
        return UnsafeRawBufferPointer(start: table + 10 * i, count: 10)
    }
}
