import ArgumentParser
import PIIMaskCore

/// `piimask rules check FILE`: validate a rules file and print the effective rules.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check rules files.",
        subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Validate a rules file (piimask's or an AWS Glue detectionParameters JSON) and print the effective rules; exit 2 on any error.")

        @Argument(help: "The rules file.") var file: String
        @Option(name: .long, help: ArgumentHelp("Also load pattern files from this directory; repeatable.", valueName: "dir"))
        var patternsDir: [String] = []
        @Option(name: .long, help: ArgumentHelp("The key file the run will use (checked, never printed).", valueName: "file"))
        var keyFile: String?

        func run() throws {
            var request = PlanRequest()
            request.rulesPath = file
            request.patternDirectories = patternsDir
            request.keyFile = keyFile
            request.environment = ProcessEnvironment.current()
            let plan = try PlanLoader.load(request)
            // Compiling checks patterns, classes and the key.
            _ = try MaskingEngine(plan: plan, options: MaskingOptions(format: .jsonl))
            for line in EffectiveRules.describe(plan) { Swift.print(line) }
            for warning in EffectiveRules.warnings(plan) { Diagnostics.warning(warning) }
        }
    }
}
