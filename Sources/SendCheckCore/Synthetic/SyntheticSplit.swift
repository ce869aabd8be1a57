/// The synthetic cases as a council's three exports of the same children (for the join benchmark and
/// its equivalence test): the requests and plans without the review meetings and ceases, one row per
/// review meeting, and the list of ceased plans, each with the council's own headers, and the
/// configuration that reads them. Joined, they hold exactly what the one-file export holds.
public struct SyntheticSplit {
    /// The three files and the configuration, each as (name, text), written in chunks.
    public static let names = (requests: "requests.csv", meetings: "meetings.csv", ceases: "ceases.csv", config: "sendcheck.yaml")

    private static let meetingColumn = SyntheticCases.header.firstIndex(of: "review_meeting")!
    private static let ceaseColumn = SyntheticCases.header.firstIndex(of: "cease_date")!

    /// The configuration reading the three files, joined (with the rule packs compiled into sendcheck).
    public static let configuration = """
        # Synthetic cases split as a council's three exports (sendcheck generate --split).
        version: 1
        cases:
          - requests.csv
          - path: meetings.csv
            layout: events
            event: review_meeting
            columns: {case_id: Child Ref, date: Meeting Date}
          - path: ceases.csv
            columns: {case_id: Child Ref, cease_date: Date Ceased}

        """

    /// Splits one-file synthetic text (`SyntheticCases`, header first) into the three files' text.
    public static func split(_ wide: String, write: (String, String) -> Void) {
        var requests = ""
        var meetings = "Child Ref,Meeting Date\n"
        var ceases = "Child Ref,Date Ceased\n"
        var header = true
        for line in wide.split(separator: "\n", omittingEmptySubsequences: true) {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            var kept = cells
            kept.remove(at: ceaseColumn)
            kept.remove(at: meetingColumn)
            requests += kept.joined(separator: ",") + "\n"
            if !header {
                if !cells[meetingColumn].isEmpty { meetings += "\(cells[0]),\(cells[meetingColumn])\n" }
                if !cells[ceaseColumn].isEmpty { ceases += "\(cells[0]),\(cells[ceaseColumn])\n" }
            }
            header = false
            if requests.utf8.count > 1 << 20 {
                write(names.requests, requests)
                requests = ""
            }
            if meetings.utf8.count > 1 << 20 {
                write(names.meetings, meetings)
                meetings = ""
            }
        }
        write(names.requests, requests)
        write(names.meetings, meetings)
        write(names.ceases, ceases)
    }
}
