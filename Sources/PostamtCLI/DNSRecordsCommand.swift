import ArgumentParser
import PostamtConfiguration
import SMTPCore

/// `postamt dns-records DOMAIN`: what to publish in DNS for a domain this server handles.
struct DNSRecordsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dns-records",
        abstract: "Print the DNS records to publish for a domain: MX, SPF, DMARC, SRV, autoconfig and Autodiscover.",
        discussion: "The host name is autoconfig.hostname, else hostname; the ports are those of the configured listeners."
    )

    @OptionGroup var options: ConfigurationOptions
    @Argument(help: "The mail domain, e.g. example.com.") var domain: String
    @Option(help: "Time to live of the records in seconds.") var ttl = 3600

    func validate() throws {
        guard DomainName.isValid(domain) else { throw ValidationError("'\(domain)' is not a domain name") }
        guard ttl > 0 else { throw ValidationError("--ttl must be positive") }
    }

    func run() throws {
        let suggestions = DNSRecordSuggestions(domain: domain, configuration: try options.load(), ttl: ttl)
        print(suggestions.render())
    }
}
