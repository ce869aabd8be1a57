import Testing

@testable import SendCheckCore

/// One rule for addresses: the configuration refuses, at its line, what the SMTP transport would
/// refuse, for the same reason.
@Suite("Mail addresses")
struct MailAddressTests {
    @Test(
        "sendable addresses pass the configuration and the transport alike",
        arguments: ["jo.bloggs@example.gov.uk", "sen.team+north@council.gov.uk", "a@b.fr", "x@xn--bcher-kva.example"])
    func sendable(address: String) throws {
        #expect(MailAddress.isSendable(address))
        #expect(AlertSettings.isAddress(address))
        #expect(try SMTPAddress.validated(address) == address)
    }

    @Test(
        "what the transport refuses, the configuration refuses, for the same reason",
        arguments: [
            ("jöe@example.gov.uk", "is not ASCII"), ("jo@exämple.gov.uk", "is not ASCII"), ("a b@example.gov.uk", "holds a space"),
            ("a@b", "has no domain"), ("@example.gov.uk", "nothing before"), ("a@b@example.gov.uk", "more than one '@'"),
            ("a@example.gov.uk>", "'<' or '>'"), ("a@example.gov.uk,b@example.gov.uk", "one address only"), ("no-at-sign", "has no '@'"),
            ("", "is empty"),
        ])
    func unsendable(address: String, reason: String) {
        let problem = MailAddress.problem(address)
        #expect(problem?.contains(reason) == true, "\(String(describing: problem))")
        #expect(!AlertSettings.isAddress(address))
        #expect(throws: SMTPProtocolError("the address '\(address)' \(problem ?? "")")) { try SMTPAddress.validated(address) }
    }

    @Test("a non-ASCII 'from', manager or caseworker address is a located configuration error")
    func configuration() {
        let yaml = """
            alerts:
              from: alerts@exämple.gov.uk
              teams:
                North: nörth@example.gov.uk
              caseworkers:
                CW1: "jo bloggs@example.gov.uk"
            """
        let (settings, problems) = AlertSettingsTests.parse(yaml)
        #expect(settings == nil)
        let ascii = "is not ASCII: sendcheck sends mail without SMTPUTF8"
        #expect(
            problems.contains { $0.hasPrefix("sendcheck.yaml:3:9: error: 'from' must be one email address") && $0.contains(ascii) }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("sendcheck.yaml:5:12: error: the manager of team 'North'") && $0.contains(ascii) }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("sendcheck.yaml:7:10: error: caseworker 'CW1'") && $0.contains("holds a space") }, "\(problems)")
    }

    @Test("a caseworker cell that is not a sendable address is not taken as one")
    func caseworkerCell() {
        var settings = AlertSettings(from: "alerts@example.gov.uk")
        settings.caseworkers = ["CW1": "jo@example.gov.uk"]
        #expect(settings.address(ofCaseworker: "sam@example.gov.uk") == "sam@example.gov.uk")
        #expect(settings.address(ofCaseworker: "CW1") == "jo@example.gov.uk")
        #expect(settings.address(ofCaseworker: "jöe@example.gov.uk") == nil)
    }
}
