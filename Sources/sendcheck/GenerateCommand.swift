import ArgumentParser
import Foundation
import SendCheckCore
import SendCheckRuntime

/// `sendcheck generate`: write synthetic case data (no real person in it) for trials and benchmarks.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write synthetic case data in the wide layout (made-up references, no names).")

    @Option(name: .long, help: "Number of cases.")
    var count: Int = 1000

    @Option(name: .long, help: "Random seed; the same seed gives the same file.")
    var seed: UInt64 = 1

    @Option(
        name: .customLong("as-of"), help: ArgumentHelp("Dates are spread around this date. Default: today.", valueName: "date"),
        transform: Day.argument)
    var asOf: Day?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Write to this file instead of standard output (a name ending .xlsx writes an Excel workbook).", valueName: "path"))
    var output: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Write the cases as a council's three exports of the same children into this folder (requests, one row per review meeting, "
                + "ceases) with the sendcheck.yaml that joins them.", valueName: "folder"))
    var split: String?

    @Option(help: ArgumentHelp("Write a synthetic SEN2 XML return in this year's layout (2023 to 2026); --count is then persons.", valueName: "year"))
    var sen2: Int?

    @Option(
        name: .long,
        help: ArgumentHelp("With --sen2: write the return as a COLLECT Blade CSV export (nine module files) into this folder.", valueName: "folder"))
    var blade: String?

    func validate() throws {
        guard count >= 0 else { throw ValidationError("--count must not be negative") }
        if let sen2, !(2023...2026).contains(sen2) { throw ValidationError("--sen2 takes a return year from 2023 to 2026") }
        if blade != nil, sen2 == nil { throw ValidationError("--blade needs --sen2 YEAR") }
        if asOf != nil, sen2 != nil { throw ValidationError("--as-of does not apply to --sen2: the return's year sets its dates") }
        if blade != nil, output != nil { throw ValidationError("use --blade FOLDER or --output FILE, not both") }
        if split != nil, output != nil || sen2 != nil { throw ValidationError("--split writes its own files: it takes neither --output nor --sen2") }
    }

    func run() throws {
        if let blade, let sen2 {
            guard let problem = SyntheticFiles.writeBlade(blade, count: count, seed: seed, year: sen2) else { return }
            Console.error("\(blade):1:1: error: cannot write the Blade export: \(problem)")
            throw ExitCode(Exit.couldNotRun)
        }
        var generator = SyntheticCases(seed: seed, asOf: asOf ?? SystemClock.today())
        if let output, output.lowercased().hasSuffix(".xlsx"), sen2 == nil {
            // An Excel workbook, as a case-management system exports one.
            guard let problem = SyntheticFiles.writeWorkbook(output, count: count, generator: &generator) else { return }
            Console.error("\(output):1:1: error: cannot write the workbook: \(problem)")
            throw ExitCode(Exit.couldNotRun)
        }
        if let split {
            guard let problem = SyntheticFiles.writeSplit(split, count: count, generator: &generator) else { return }
            Console.error("\(split):1:1: error: cannot write the split export: \(problem)")
            throw ExitCode(Exit.couldNotRun)
        }
        var descriptor = STDOUT_FILENO
        if let output {
            descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else {
                Console.error("\(output):1:1: error: cannot create the file: \(String(cString: strerror(errno)))")
                throw ExitCode(Exit.couldNotRun)
            }
        }
        defer { if descriptor != STDOUT_FILENO { close(descriptor) } }
        let out = Console.stdoutBuffer(descriptor)
        if let sen2 {
            var sen2Generator = SyntheticSEN2(seed: seed, year: sen2)
            sen2Generator.generate(count: count) { out.write($0) }
        } else {
            generator.generate(count: count) { out.write($0) }
        }
        try Console.finish(out)
    }
}
