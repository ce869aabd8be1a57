import Foundation
import Testing

/// Installing like a real tool: `make install` under a PREFIX, with shell completions, and a version
/// that matches the repository's tag and the README's pre-commit example.
@Suite("Install", .serialized)
struct InstallTests {
    typealias CLI = CLITests

    /// Runs a shell command line; standard error is kept apart.
    static func shell(_ command: String) throws -> (status: Int32, output: String) {
        let r = try CLI.run(["-c", command], executable: "/bin/sh")
        return (r.status, r.stdout + r.stderr)
    }

    static var version: String { (try? CLI.run(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? "" }

    @Test("make install puts the binary and bash, zsh and fish completions under PREFIX")
    func makeInstall() throws {
        let prefix = try CLI.temporaryFolder() + "/prefix"
        let r = try Self.shell("make install PREFIX='\(prefix)' SENDCHECK_BIN='\(CLI.binary)'")
        #expect(r.status == 0, "\(r.output)")
        for file in [
            "bin/sendcheck", "share/bash-completion/completions/sendcheck", "share/zsh/site-functions/_sendcheck",
            "share/fish/vendor_completions.d/sendcheck.fish",
        ] {
            #expect(FileManager.default.fileExists(atPath: "\(prefix)/\(file)"), "\(file)")
        }
        let bash = try String(contentsOfFile: "\(prefix)/share/bash-completion/completions/sendcheck", encoding: .utf8)
        #expect(bash.contains("validate") && bash.contains("columns"))
        let installed = try Self.shell("'\(prefix)/bin/sendcheck' --version")
        #expect(installed.output.trimmingCharacters(in: .whitespacesAndNewlines) == Self.version)
        #expect(try Self.shell("make uninstall PREFIX='\(prefix)'").status == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(prefix)/bin/sendcheck"))
    }

    @Test("the version matches the README's pre-commit rev and, where tags were cloned, the latest version tag")
    func versionMatchesTag() throws {
        let version = Self.version
        #expect(version.split(separator: ".").count == 3)
        let readme = try String(contentsOfFile: CLI.root + "/README.md", encoding: .utf8)
        #expect(readme.contains("    rev: v\(version) "))
        let tags = try Self.shell("git tag --list 'v*' --sort=-version:refname 2>/dev/null | head -n 1")
        let latest = tags.output.trimmingCharacters(in: .whitespacesAndNewlines)
        if !latest.isEmpty { #expect(latest == "v\(version)") }
    }
}
