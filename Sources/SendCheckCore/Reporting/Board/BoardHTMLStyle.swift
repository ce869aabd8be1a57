/// The board report's styles, inline (a self-contained file): readable on screen, printed on A4
/// without clipping a table, and RAG colours whose text contrasts at least 4.5:1 (WCAG 2.2 AA).
enum BoardHTMLStyle {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.4; color: #0b0c0c; background: #ffffff; }
        main { max-width: 1100px; margin: 0 auto; padding: 16px 24px 48px; }
        h1 { font-size: 1.9rem; margin: 0.5rem 0; }
        h2 { font-size: 1.45rem; margin: 2rem 0 0.5rem; padding-top: 0.5rem; border-top: 3px solid #1d70b8; }
        h3 { font-size: 1.15rem; margin: 1.25rem 0 0.5rem; }
        a { color: #1d70b8; }
        .meta { color: #3b3b3b; }
        nav ol { columns: 2; padding-left: 1.5rem; }
        table { width: 100%; border-collapse: collapse; table-layout: fixed; margin: 0.5rem 0 1.25rem; font-size: 0.9rem; }
        caption { text-align: left; font-weight: bold; padding: 0.25rem 0; }
        th, td { border: 1px solid #b1b4b6; padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
        thead th { background: #f3f2f1; }
        tbody th { font-weight: normal; }
        .num { text-align: right; }
        table.values { font-size: 0.7rem; }
        table.values th, table.values td { padding: 2px 2px; }
        table.values tbody th { width: 24%; }
        .small { font-size: 0.85em; color: #3b3b3b; }
        .rag { display: inline-block; padding: 0 6px; border-radius: 3px; font-weight: bold; font-size: 0.85em; border: 1px solid #0b0c0c; }
        .rag-red { background: #b10e1e; color: #ffffff; }
        .rag-amber { background: #ffdd00; color: #0b0c0c; }
        .rag-green { background: #00703c; color: #ffffff; }
        .rag-blue { background: #1d70b8; color: #ffffff; }
        .rag-none { background: #ffffff; color: #0b0c0c; }
        .overall { font-size: 1.25rem; }
        .counts { display: flex; flex-wrap: wrap; gap: 1.5rem; list-style: none; padding: 0; font-weight: bold; }
        .more { font-style: italic; }
        .commentary { display: block; min-height: 2.5em; }
        figure { margin: 1rem 0 0.25rem; }
        figcaption { font-size: 0.9rem; }
        .chart { width: 100%; max-width: 640px; height: auto; }
        .chart .grid { stroke: #b1b4b6; stroke-width: 1; }
        .chart .line { fill: none; stroke: #1d70b8; stroke-width: 2.5; }
        .chart .point { fill: #1d70b8; }
        .chart .axis { font-size: 11px; fill: #3b3b3b; }
        .chart .value { font-size: 11px; fill: #0b0c0c; }
        .chart .england { stroke: #505a5f; stroke-width: 1.5; stroke-dasharray: 6 4; }
        .chart .england-label { font-size: 11px; fill: #3b3b3b; }
        .chart .target { stroke: #00703c; stroke-width: 1.5; stroke-dasharray: 2 3; }
        .chart .target-label { font-size: 11px; fill: #00703c; font-weight: bold; }
        .spark { width: 120px; height: 28px; }
        .spark .line { fill: none; stroke: #1d70b8; stroke-width: 1.5; }
        .spark .point { fill: #0b0c0c; }
        .council { font-size: 1.1rem; font-weight: bold; margin: 0.25rem 0 0; }
        .id { font-size: 0.8em; color: #3b3b3b; font-family: monospace; }
        .charts { display: grid; grid-template-columns: 1fr 1fr; gap: 12px; }
        .charts figure { margin: 0.5rem 0; }
        @page { size: A4; margin: 14mm; }
        @media print {
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          nav { display: none; }
          .front { break-after: page; }
          table { font-size: 8.5pt; }
          table.values { font-size: 7pt; }
          .charts figure { break-inside: avoid; }
          h2 { break-before: auto; break-after: avoid; }
          h3, caption { break-after: avoid; }
          thead { display: table-header-group; }
          tr, figure { break-inside: avoid; }
          a { color: #0b0c0c; text-decoration: none; }
          .rag { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
        }

        """
}
