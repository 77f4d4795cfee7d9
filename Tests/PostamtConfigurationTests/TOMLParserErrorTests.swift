import Testing

@testable import PostamtConfiguration

@Suite("TOML subset: every syntax error names its line")
struct TOMLParserErrorTests {
    /// Each case is put on line 3, after two good lines, so a wrong line number shows.
    @Test("a syntax error on line 3 is reported on line 3", arguments: [
        (#"a = "open"#, "unterminated string"),
        ("a = 'open", "unterminated string"),
        (#"a = "x\"#, "unterminated string"),
        ("a = ", "missing value"),
        ("a = # comment", "missing value"),
        ("a 1", "expected '=' after the key 'a', found '1'"),
        ("a", "expected '=' after the key 'a', found the end of the file"),
        ("= 1", "expected a key, found '='"),
        ("a.b = 1", "dotted keys are not supported"),
        ("a = {x = 1}", "inline tables"),
        ("a = 1.5", "floating-point numbers are not supported"),
        ("a = 1e3", "floating-point numbers are not supported"),
        ("a = nan", "floating-point numbers are not supported"),
        ("a = 1979-05-27", "dates and times are not supported"),
        ("a = 07:32:00", "dates and times are not supported"),
        ("a = 0x1F", "hexadecimal, octal and binary integers are not supported"),
        ("a = 012", "leading zeros are not allowed"),
        ("a = 1__000", "is not an integer"),
        ("a = 1000_", "is not an integer"),
        ("a = 99999999999999999999", "out of range"),
        ("a = 25M", "text needs quotes: \"25M\""),
        ("a = info", "text needs quotes: \"info\""),
        ("a = True", "text needs quotes"),
        (#"a = "x" y"#, "expected the end of the line after the value, found 'y'"),
        ("a = 1 2", "expected the end of the line after the value, found '2'"),
        (#"a = "bad \q""#, #"invalid escape '\q'"#),
        (#"a = "\uD800""#, "is not a Unicode scalar value"),
        (#"a = "\u12""#, "needs exactly 4 hexadecimal digits"),
        ("a = \"x\u{01}y\"", "control character 0x1"),
        (#"a = """x""""#, "multi-line strings"),
        ("a = '''x'''", "multi-line strings"),
        ("[t", "expected ']' to close the table header"),
        ("[[t]", "expected ']]' to close the table header"),
        ("[t] x", "expected the end of the line after the table header"),
        ("[]", "expected a key, found ']'"),
        ("a = [1, 2", "array is not closed"),
        ("a = [1 2]", "expected ',' or ']' after an array element, found '2'"),
        ("a = [1,,2]", "expected a value, found ','"),
        ("a = 1\rb = 2", "a carriage return must be followed by a line feed"),
    ])
    func syntaxError(text: String, message: String) {
        let document = parse("good = 1\n# fine\n" + text)
        #expect(document.errors.count == 1, "\(document.errors)")
        #expect(document.errors.first?.line == 3)
        #expect(document.errors.first?.message.contains(message) == true, "\(document.errors)")
    }

    @Test("conflicting keys and tables name both lines", arguments: [
        ("a = 1\nb = 2\na = 3", 3, "duplicate key 'a' (already set on line 1)"),
        ("[t]\nx = 1\nx = 2", 3, "duplicate key 'x' (already set on line 2)"),
        ("[t]\nx = 1\n[t]", 3, "table [t] is already defined on line 1"),
        ("a = 1\n\n[a]", 3, "'a' is already a value on line 1, not a table"),
        ("[[t]]\n\n[t]", 3, "[t] is an array of tables since line 1; write [[t]]"),
        ("[t]\n\n[[t]]", 3, "[[t]] conflicts with the table [t] on line 1"),
        ("[a.b]\n\n[a.b]", 3, "table [a.b] is already defined on line 1"),
        ("[t.x]\n[t]\nx = 1", 3, "duplicate key 'x' (already a table on line 1)"),
    ] as [(String, Int, String)])
    func conflicts(text: String, line: Int, message: String) {
        let document = parse(text)
        #expect(document.errors == [TOMLSyntaxError(line: line, message: message)])
    }

    @Test("every error in a file is reported, not only the first")
    func collectsAll() {
        let text = """
            a = 1
            b = "open
            c = 3
            d = nope
            e = 5
            [f
            g = 7
            """
        #expect(parse(text).errors.map(\.line) == [2, 4, 6])
    }

    @Test("a multi-line array without its ']' is reported where it opens, and what follows still counts")
    func unclosedArrayRecovers() {
        let text = """
            domains = [
                "a.example",
                "b.example"
            hostname = "mail.example"
            [limits]
            x = 1
            """
        let document = parse(text)
        #expect(document.errors == [TOMLSyntaxError(line: 1, message: "array is not closed: missing ']'")])
        #expect(document.root["hostname"]?.kind == .string("mail.example"))
        #expect(document.root["limits"] != nil)
    }

    @Test("an unclosed array at the end of the file is reported where it opens")
    func unclosedAtEnd() {
        #expect(parse("a = 1\nb = [\n 1,\n 2,\n").errors == [TOMLSyntaxError(line: 2, message: "array is not closed: missing ']'")])
    }

    @Test("a missing comma between lines of an array is reported on the second line")
    func missingComma() {
        #expect(parse("a = [\n  1\n  2\n]").errors == [TOMLSyntaxError(line: 3, message: "missing ',' between array elements")])
    }

    @Test("the rest of a broken multi-line array does not produce more errors")
    func brokenArrayRemains() {
        let text = """
            a = [1, oops,
                2,
                3,
            ]
            b = "fine"
            c =
            """
        let document = parse(text)
        #expect(document.errors.map(\.line) == [1, 6])
        #expect(document.root["b"]?.kind == .string("fine"))
    }

    @Test("keys under a broken header are checked but not put into the table before it")
    func brokenHeader() throws {
        let text = """
            [limits]
            a = 1
            [retry
            b = 2
            [tls]
            c = 3
            """
        let document = parse(text)
        #expect(document.errors.map(\.line) == [3])
        guard case .table(let limits)? = document.root["limits"]?.kind else {
            Issue.record("no limits table")
            return
        }
        #expect(limits.keys == ["a"])
        #expect(document.root["tls"] != nil)
    }

    @Test("an unterminated string names the line it starts on even inside an array")
    func unterminatedInArray() {
        let document = parse("a = [\n  \"x\",\n  \"y\n]")
        #expect(document.errors.first == TOMLSyntaxError(line: 3, message: "unterminated string: missing '\"' before the end of the line"))
    }
}
