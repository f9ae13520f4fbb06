import ArgumentParser
import PIIMaskCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The `piimask` command: a PII-masking stream filter. `mask` is the default subcommand.
struct PIIMask: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "piimask",
        abstract: "Mask personal data (PII) in JSON Lines, CSV/TSV and text streams.",
        discussion: """
            Reads records from files or standard input, masks what the rules and detectors find, and \
            writes the records to standard output in the same order and format.

            Examples:
              piimask app.log.jsonl > masked.jsonl
              kubectl logs api | piimask --format text
              piimask --rules rules.yaml --format csv customers.csv > customers.masked.csv
              piimask patterns list

            Exit status: 0 success; 1 a record failed under --on-error fail, an input is UTF-16 or \
            UTF-32, or reading/writing failed; 2 usage or configuration error. A closed standard \
            output (piimask ... | head) ends the run quietly with status 0.
            """,
        version: PIIMaskVersion.string,
        subcommands: [MaskCommand.self, PatternsCommand.self, RulesCommand.self, FirehoseCommand.self, LambdaCommand.self],
        defaultSubcommand: MaskCommand.self
    )
}

extension PIIMask {
    /// The arguments of a `mask` run, parsed by `MaskCommand` alone, or nil when they are not
    /// one or do not parse.
    ///
    /// Most runs are `mask` runs, and through the root command their parse costs a tenth more of
    /// start-up (about 2.5M of 24.6M instructions: the root builds mask's argument set once more to
    /// see whether its default subcommand takes passthrough arguments). Arguments that start with
    /// another subcommand's name, or `help`, are not tried. Whatever fails here (a usage error,
    /// `--help`, `--version`, a completion-script request) is parsed again through the root
    /// command, which reports it as it always has.
    static func parseDefaultCommand(_ arguments: [String]) -> MaskCommand? {
        var rest = arguments[...]
        if let first = rest.first {
            if first == MaskCommand._commandName {
                rest = rest.dropFirst()
            } else if first == "help" || configuration.subcommands.contains(where: { $0._commandName == first || $0.configuration.aliases.contains(first) }) {
                return nil
            }
        }
        return (try? MaskCommand.parseAsRoot(Array(rest))) as? MaskCommand
    }
}

/// The entry point: maps errors to the documented exit statuses.
@main
enum Main {
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        let arguments = DetectedEntitiesArgument.normalize(Array(CommandLine.arguments.dropFirst()))
        do {
            if let mask = PIIMask.parseDefaultCommand(arguments) {
                try mask.run()
            } else {
                var command = try PIIMask.parseAsRoot(arguments)
                try command.run()
            }
        } catch let error as ConfigError {
            Diagnostics.error(error.description)
            exit(2)
        } catch let error as PipelineError {
            Diagnostics.error(error.description)
            exit(1)
        } catch let error as CommandFailure {
            if !error.message.isEmpty { Diagnostics.error(error.message) }
            exit(error.status)
        } catch {
            let code = PIIMask.exitCode(for: error)
            if code == .success { PIIMask.exit(withError: error) }
            var message = PIIMask.fullMessage(for: error)
            // ArgumentParser starts its messages with "Error: "; ours already say "piimask: error:".
            if message.hasPrefix("Error: ") { message.removeFirst("Error: ".count) }
            if !message.isEmpty { Diagnostics.write("piimask: error: \(message)\n") }
            // Usage errors exit 2 as documented (ArgumentParser's own code is 64).
            exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}

/// A command that ends with a given status and (optionally) a message already worded.
struct CommandFailure: Error {
    let status: Int32
    let message: String
}

enum PIIMaskVersion {
    static let string = "0.1.0"
}

/// `--detected-entities` takes an optional name: `--detected-entities` alone means the AWS Glue
/// default `DetectedEntities`, `--detected-entities=NAME` another name.
enum DetectedEntitiesArgument {
    static let flag = "--detected-entities"
    static let defaultName = "DetectedEntities"

    static func normalize(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var afterTerminator = false
        for argument in arguments {
            if argument == "--" { afterTerminator = true }
            if !afterTerminator && argument == flag {
                result.append("\(flag)=\(defaultName)")
            } else {
                result.append(argument)
            }
        }
        return result
    }
}
