import SendCheckCore
import Testing

@Suite("Sheet to CSV")
struct SheetConverterTests {
    @Test("every cell type: shared, inline and formula strings, booleans, errors, numbers, ISO dates")
    func cellTypes() {
        let rows = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>\
            <c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>C0001</t></is></c><c r="B2" t="str"><f>UPPER("x")</f><v>X</v></c>\
            <c r="C2" t="b"><v>1</v></c><c r="D2" t="b"><v>0</v></c><c r="E2" t="e"><f>NA()</f><v>#N/A</v></c>\
            <c r="F2" t="n"><v>12.5</v></c><c r="G2" t="d"><v>2024-03-15T09:30:00</v></c></row>
            <row r="3"><c r="A3"><v>2027</v></c><c r="F3"><f>SUM(F2,1)</f><v>13.5</v></c><c r="G3" t="d"><v>2024-03-16</v></c></row>
            """
        let csv = Sheets.text(rows, strings: ["<t>case_id</t>", "<t>b</t>", "<t>c</t>", "<t>d</t>", "<t>e</t>", "<t>f</t>", "<t>g</t>"])
        #expect(csv == "case_id,b,c,d,e,f,g\nC0001,X,TRUE,FALSE,#N/A,12.5,2024-03-15\n2027,,,,,13.5,2024-03-16\n")
    }

    @Test("shared strings: rich-text runs joined, phonetic runs left out, spaces kept, entities and _xHHHH_ decoded")
    func sharedStrings() {
        let strings = [
            "<t>id</t>", "<r><rPr><b/><sz val=\"11\"/></rPr><t>Synthetic </t></r><r><t xml:space=\"preserve\">Child A</t></r>",
            "<t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh><phoneticPr fontId=\"1\"/>", "<t xml:space=\"preserve\">  padded  </t>",
            "<t>Tom &amp; Jerry &lt;3 &gt; &quot;x&quot; &apos;y&apos; &#65;&#x42;</t>", "<t>a_x000D_b_x005F_x0041_</t>",
            "<t>a</t><rPh><t>x</t></rPh>", "<rPh><t>y</t></rPh><t>b</t>", "<r><t>c</t></r>",
        ]
        let rows =
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
            + (1..<9).map { "<row r=\"\($0 + 1)\"><c r=\"A\($0 + 1)\" t=\"s\"><v>\($0)</v></c></row>" }.joined()
        #expect(
            Sheets.text(rows, strings: strings)
                == "id\nSynthetic Child A\n東京\n  padded  \n\"Tom & Jerry <3 > \"\"x\"\" 'y' AB\"\na b_x0041_\na\nb\nc\n")
    }

    @Test("CSV quoting only where needed: commas and quotes; a line break in a cell is a space, so line N stays row N")
    func quoting() {
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>a,b</t></is></c><c r="B1" t="inlineStr"><is><t>say "hi"</t></is></c>\
            <c r="C1" t="inlineStr"><is><t>line1
            line2</t></is></c><c r="D1" t="inlineStr"><is><t>cr&#13;&#10;lf, too</t></is></c><c r="E1" t="inlineStr"><is><t>plain</t></is></c></row>
            <row r="2"><c r="A2"><v>1</v></c></row>
            """
        #expect(Sheets.text(rows) == "\"a,b\",\"say \"\"hi\"\"\",line1 line2,\"cr lf, too\",plain\n1,,,,\n")
        #expect(Sheets.text("<row r=\"1\"><c t=\"inlineStr\"><is><t>a&#0;b_x0000_</t></is></c></row>") == "a\u{FFFD}b\u{FFFD}\n")
    }

    @Test("skipped cells and rows: empty fields and empty lines, so every line is its row; rows padded to the header's width")
    func gaps() {
        let rows = """
            <row r="2"><c r="A2" t="inlineStr"><is><t>id</t></is></c><c r="C2" t="inlineStr"><is><t>c</t></is></c></row>
            <row r="3" spans="1:3"><c r="B3"><v>5</v></c></row>
            <row r="6"><c r="A6"><v>1</v></c><c r="B6" s="0"/><c r="C6" t="inlineStr"><is><t></t></is></c></row>
            <row r="7"><c r="B7" s="1"/></row>
            <row r="8"><c r="A8"><v>8</v></c></row>
            """
        #expect(Sheets.text(rows, styles: [0, 14]) == "\nid,,c\n,5,\n\n\n1,,\n\n8,,\n")
    }

    @Test("cells and rows without r follow the one before; large column letters")
    func implicitPositions() {
        let rows = """
            <row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>
            <row><c r="AA2"><v>27</v></c></row>
            """
        let csv = Sheets.text(rows)
        #expect(csv.hasPrefix("1,2,,,5,6\n"))
        // Row 2 has its value in column AA (27): beyond the header's six columns, written whole.
        #expect(csv.hasSuffix("\n" + String(repeating: ",", count: 26) + "27\n"))
    }

    @Test("a value beyond the header's width is written, for the CSV reader to reject the row")
    func beyondHeader() {
        let rows = """
            <row r="1"><c r="A1" t="inlineStr"><is><t>case_id</t></is></c><c r="B1" t="inlineStr"><is><t>team</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>C1</t></is></c><c r="D2"><v>9</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>C2</t></is></c></row>
            """
        #expect(Sheets.text(rows) == "case_id,team\nC1,,,9\nC2,\n")
    }

    @Test("numbers are written as Excel stored them")
    func numbers() {
        let rows = "<row r=\"1\"><c><v>2027</v></c><c><v>2027.0</v></c><c><v>12.5</v></c><c><v>-0.25</v></c><c><v>1.5E-3</v></c></row>"
        #expect(Sheets.text(rows, styles: [0]) == "2027,2027.0,12.5,-0.25,1.5E-3\n")
    }

    @Test("XML around the data: comments, processing instructions, CDATA, prefixes, a byte-order mark")
    func xmlForms() {
        let rows = """
            <!-- a comment --><?pi x?><row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a&b]]></t></is></c>\
            <c r="B1"><!-- c --><v>4</v></c></row>
            """
        #expect(Sheets.text(rows) == "a&b,4\n")
        var parts = Sheets.parts("")
        parts["xl/worksheets/sheet1.xml"] =
            [0xEF, 0xBB, 0xBF]
            + Array(
                "<x:worksheet xmlns:x=\"\(Sheets.main)\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>p</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>"
                    .utf8)
        #expect(Sheets.describe(Sheets.csv(parts)) == "p\n")
    }
}
