import Foundation
import Testing

/// The built binary over hostile and accidental bad input: a located message and an honest exit
/// code, never a crash, a hang or a report lost with exit 0.
@Suite("Bad input, end to end", .serialized)
struct BadInputCLITests {
    typealias CLI = CLITests

    static func sh(_ command: String, in folder: String = CLI.root) throws -> CLI.Run {
        try CLI.run(["-c", command], in: folder, executable: "/bin/sh")
    }

    @Test("a failed write is a message and exit 74, for every command; a closed pipe is quiet")
    func outputFailures() throws {
        let bin = "'\(CLI.binary)'"
        for command in [
            "\(bin) check --as-of 2026-11-29 --fail-on never > /dev/full", "\(bin) check --as-of 2026-11-29 --fail-on never >&-",
            "\(bin) rules > /dev/full", "\(bin) functions >&-", "\(bin) validate --as-of 2022-09-01 > /dev/full",
            "\(bin) generate --count 100 > /dev/full", "\(bin) explain C0002 --as-of 2026-11-29 > /dev/full",
        ] {
            let r = try Self.sh(command)
            #expect(r.status == 74, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("sendcheck: cannot write the report to standard output:"), "\(command)")
            #expect(!r.stderr.contains("Fatal error"), "\(command)")
        }
        // The reader stops early: no message, and the status a process killed by SIGPIPE would have.
        let closed = try CLI.run(["-c", "\(bin) generate --count 200000 | head -c 10 > /dev/null; echo ${PIPESTATUS[0]}"], executable: "/bin/bash")
        #expect(closed.stderr.isEmpty, "\(closed.stderr)")
        #expect(closed.stdout == "141\n")
    }

    @Test("a named pipe with no writer is refused at once; a device is named as one")
    func notRegularFiles() throws {
        let folder = try CLI.temporaryFolder()
        #expect(mkfifo(folder + "/cases.csv", 0o600) == 0)
        let r = try CLI.run(["check", "--no-config", "--cases", "cases.csv"], in: folder)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("cases.csv:1:1: error: this is a named pipe (FIFO), not a regular file"))
        let device = try CLI.run(["check", "--no-config", "--cases", "/dev/zero"])
        #expect(device.status == 2)
        #expect(device.stderr.hasPrefix("/dev/zero:1:1: error: this is a device, not a regular file"))
    }

    @Test("a configuration of aliases is refused at the first anchor, at once")
    func aliasBombConfiguration() throws {
        let folder = try CLI.temporaryFolder()
        var yaml = "version: 1\na: &a [x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"] {
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
            previous = name
        }
        try yaml.write(toFile: folder + "/sendcheck.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["check"], in: folder)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("sendcheck.yaml:2:4: error: YAML anchors and aliases"))
    }

    @Test("a return cut short exits 2 with the reason")
    func sen2CutShort() throws {
        let folder = try CLI.temporaryFolder()
        let whole = try String(contentsOfFile: CLI.root + "/examples/sen2/sen2-2026-sample.xml", encoding: .utf8)
        let cut = String(whole[..<whole.range(of: "</Person>", options: .backwards)!.upperBound]) + "\n"
        try cut.write(toFile: folder + "/sen2.xml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", "--no-config", "--sen2", "sen2.xml"], in: folder, environment: ["SENDCHECK_SEN2_KEY": "a long random secret"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("error: the file ends here, before the return does (no </Message>): it is cut short"))
        // Exit 2 means the run could not be completed: no report that could pass for a whole one.
        #expect(r.stdout.isEmpty)
    }

    @Test("the same file named twice is read once; a key of spaces is refused")
    func namedTwiceAndBlankKey() throws {
        let r = try CLI.run(["check", "--no-config", "--cases", "examples/cases.csv", "--cases", "./examples/cases.csv", "--as-of", "2026-11-29"])
        #expect(r.stderr.contains("./examples/cases.csv:1:1: warning: this case file is named twice (also as examples/cases.csv): it is read once"))
        #expect(r.stdout.contains("examples/cases.csv: 20 rows read, 20 evaluated, 0 rejected, 1 invalid cell"))
        #expect(!r.stdout.contains("40 rows read"))
        let key = try CLI.run(
            ["check", "--no-config", "--sen2", "examples/sen2/sen2-2026-sample.xml"],
            environment: ["SENDCHECK_SEN2_KEY": String(repeating: " ", count: 20)])
        #expect(key.status == 2)
        #expect(key.stderr.contains("the SEN2 key in SENDCHECK_SEN2_KEY is too short"))
    }

    @Test("every row rejected is exit 2, never a clean all-clear; a file name cannot forge report lines")
    func allRejectedAndNames() throws {
        let folder = try CLI.temporaryFolder()
        let name = "evil\nexamples.csv: 0 rows read.csv"
        try "case_id,request_received,request_outcome_date\nC1,2024-01-01\nC2\n".write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        let r = try CLI.run(["check", "--no-config", "--cases", name, "--as-of", "2024-06-30"], in: folder)
        #expect(r.status == 2)
        #expect(r.stderr.contains("evil\\nexamples.csv: 0 rows read.csv:1:1: error: every one of the 2 rows of this file was rejected"))
        #expect(!r.stderr.contains("\nexamples.csv: 0 rows read.csv:"))
    }
}
