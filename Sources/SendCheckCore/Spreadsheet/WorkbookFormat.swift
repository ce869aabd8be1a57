/// Tells an Excel workbook (`.xlsx`, a ZIP archive) from the files that are often named or mistaken
/// for one, by their first bytes, so the error names the real problem: an old `.xls` workbook or a
/// password-protected one (both OLE compound files, which begin D0 CF 11 E0), an Excel 2003 XML
/// spreadsheet, or text such as a CSV file.
public enum WorkbookFormat {
    /// Why `bytes` are not a workbook sendcheck reads; nil when they begin as a ZIP archive does.
    public static func problem(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard !bytes.isEmpty else { return "the file is empty; an Excel workbook (.xlsx) is a ZIP archive" }
        if starts(bytes, [0x50, 0x4B, 0x03, 0x04]) || starts(bytes, [0x50, 0x4B, 0x05, 0x06]) { return nil }
        if starts(bytes, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            if contains(bytes, Array("EncryptedPackage".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) {
                return "this workbook is encrypted with a password, which sendcheck cannot read: open it in Excel, remove the password "
                    + "(File > Info > Protect Workbook > Encrypt with Password) and save it, or save it as CSV"
            }
            return "this is an Excel 97-2003 .xls workbook; save it as .xlsx or CSV"
        }
        let head = UnsafeRawBufferPointer(rebasing: bytes.prefix(4096))
        if contains(head, Array("urn:schemas-microsoft-com:office:spreadsheet".utf8)) {
            return "this is an Excel 2003 XML spreadsheet; save it as .xlsx or CSV"
        }
        if !head.contains(0), TextEncoding.isValidUTF8(UnsafeRawBufferPointer(rebasing: head.prefix(max(0, head.count - 4)))) {
            return "this is text, not an Excel workbook (a CSV file named .xlsx?): an .xlsx file is a ZIP archive; name a CSV file .csv"
        }
        return "this is not an Excel workbook: an .xlsx file is a ZIP archive, and this file is not one"
    }

    private static func starts(_ bytes: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        bytes.count >= prefix.count && zip(bytes, prefix).allSatisfy { $0 == $1 }
    }

    /// Whether `needle` occurs in `bytes`.
    private static func contains(_ bytes: UnsafeRawBufferPointer, _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first {
                var k = 1
                while k < needle.count, bytes[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }
}
