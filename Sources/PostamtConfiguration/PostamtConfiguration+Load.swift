import Foundation

extension PostamtConfiguration {
    /// Builds the configuration from the defaults, then the file (if any), then the
    /// `POSTAMT_*` variables of `environment`, then `flags`: each later source overrides
    /// the earlier ones setting by setting.
    ///
    /// Every error of every source is collected, with the line and key (file) or the
    /// variable or flag it comes from, so one run of `postamt config check` shows all.
    ///
    /// - Parameters:
    ///   - fileText: the file's content, or nil to run without a file.
    ///   - fileName: the file as errors name it, e.g. `/etc/postamt/postamt.toml`.
    public static func load(
        fileText: String?,
        fileName: String = "postamt.toml",
        environment: [String: String],
        flags: ConfigurationOverrides = ConfigurationOverrides()
    ) -> Result<PostamtConfiguration, ConfigurationErrors> {
        load(fileText: fileText, fileName: fileName, environment: environment, flags: flags, defaults: PostamtConfiguration())
    }

    /// Like ``load(fileText:fileName:environment:flags:)``, reading the file at `filePath`;
    /// pass `ProcessInfo.processInfo.environment` as `environment` to use the real one.
    /// Without a path there is no file and the defaults apply; a path that cannot be read
    /// is an error, since a configuration someone asked for must not be silently ignored.
    public static func load(
        filePath: String?,
        environment: [String: String],
        flags: ConfigurationOverrides = ConfigurationOverrides()
    ) -> Result<PostamtConfiguration, ConfigurationErrors> {
        guard let filePath else { return load(fileText: nil, environment: environment, flags: flags) }
        let text: String
        do {
            text = try String(contentsOfFile: filePath, encoding: .utf8)
        } catch {
            var isDirectory: ObjCBool = false
            let reason =
                if !FileManager.default.fileExists(atPath: filePath, isDirectory: &isDirectory) { "does not exist" }
                else if isDirectory.boolValue { "is a directory" }
                else if !FileManager.default.isReadableFile(atPath: filePath) { "cannot be read (permission denied)" }
                else { "is not UTF-8 text" }
            return .failure(ConfigurationErrors(errors: [ConfigurationError(source: .file(filePath), message: "the configuration file \(reason)")]))
        }
        return load(fileText: text, fileName: filePath, environment: environment, flags: flags)
    }

    /// The same with the defaults given, so tests do not depend on the machine's name.
    static func load(
        fileText: String?, fileName: String, environment: [String: String], flags: ConfigurationOverrides,
        defaults: PostamtConfiguration
    ) -> Result<PostamtConfiguration, ConfigurationErrors> {
        var builder = ConfigurationBuilder(defaults: defaults)
        if let fileText {
            let document = TOMLParser.parse(fileText)
            builder.errors += document.errors.map { ConfigurationError(source: .file(fileName), line: $0.line, message: $0.message) }
            var reader = FileReader(name: fileName)
            reader.read(document.root, into: &builder)
            builder.errors += reader.errors
        }
        builder.rejectMistypedVariables(in: environment)
        builder.apply(ConfigurationOverrides(environment: environment)) { .environment($0.environmentVariable) }
        builder.apply(flags) { .flag($0.flag) }
        return builder.build()
    }
}
