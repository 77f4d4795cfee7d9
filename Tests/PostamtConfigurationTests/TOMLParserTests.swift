import Testing

@testable import PostamtConfiguration

@Suite("TOML subset: values, keys and tables")
struct TOMLParserTests {
    @Test("reads every kind of value", arguments: [
        (#"a = "hello""#, Plain.string("hello")),
        (#"a = """#, .string("")),
        (#"a = "tab\there""#, .string("tab\there")),
        (#"a = "say \"hi\"""#, .string("say \"hi\"")),
        (#"a = "back\\slash""#, .string("back\\slash")),
        (#"a = "line\nbreak""#, .string("line\nbreak")),
        (#"a = "\b\f\r""#, .string("\u{08}\u{0C}\r")),
        (#"a = "caf\u00e9""#, .string("café")),
        (#"a = "\U0001F4EE""#, .string("📮")),
        (#"a = "Grüße, 郵便""#, .string("Grüße, 郵便")),
        (#"a = 'C:\mail\new'"#, .string(#"C:\mail\new"#)),
        (#"a = 'say "hi"'"#, .string("say \"hi\"")),
        (##"a = "# not a comment""##, .string("# not a comment")),
        ("a = 42", .integer(42)),
        ("a = 0", .integer(0)),
        ("a = -17", .integer(-17)),
        ("a = +5", .integer(5)),
        ("a = 1_000_000", .integer(1_000_000)),
        ("a = 9223372036854775807", .integer(Int.max)),
        ("a = true", .boolean(true)),
        ("a = false", .boolean(false)),
        ("a = []", .array([])),
        (#"a = ["x", 'y']"#, .array([.string("x"), .string("y")])),
        ("a = [1, 2, 3,]", .array([.integer(1), .integer(2), .integer(3)])),
        (#"a = [ [1], ["b", true] ]"#, .array([.array([.integer(1)]), .array([.string("b"), .boolean(true)])])),
        ("a=1", .integer(1)),
        ("\ta\t=\t1\t", .integer(1)),
    ])
    func values(text: String, expected: Plain) {
        let document = parse(text)
        #expect(document.errors == [])
        #expect(document.root["a"]?.kind.plain == expected)
        #expect(document.root["a"]?.line == 1)
    }

    @Test("reads bare and quoted keys", arguments: [
        ("bare_key-1 = 1", "bare_key-1"),
        ("1234 = 1", "1234"),
        (#""info@example.com" = 1"#, "info@example.com"),
        (#""quoted \"key\"" = 1"#, "quoted \"key\""),
        ("'literal key' = 1", "literal key"),
        (#""" = 1"#, ""),
    ])
    func keys(text: String, key: String) {
        let document = parse(text)
        #expect(document.errors == [])
        #expect(document.root.keys == [key])
    }

    @Test("comments, blank lines and CRLF line endings keep line numbers right")
    func lineNumbers() {
        let text = "# comment\r\n\r\n  a = 1 # after a value\r\n\r\n# another\r\nb = \"x\"\r\n"
        let document = parse(text)
        #expect(document.errors == [])
        #expect(document.root["a"]?.line == 3)
        #expect(document.root["b"]?.line == 6)
    }

    @Test("an empty file, one of only comments, and a byte order mark are fine", arguments: [
        "", "\n\n", "# nothing here\n   # nor here", "\u{FEFF}a = 1\n",
    ])
    func emptyish(text: String) {
        #expect(parse(text).errors == [])
    }

    @Test("arrays span lines, with comments, and each element keeps its line")
    func multiLineArray() throws {
        let text = """
            domains = [
                "a.example",   # first
                # a comment line

                "b.example",
            ]
            after = 1
            """
        let document = parse(text)
        #expect(document.errors == [])
        guard case .array(let elements)? = document.root["domains"]?.kind else {
            Issue.record("not an array")
            return
        }
        #expect(elements.map(\.line) == [2, 5])
        #expect(document.root["domains"]?.line == 1)
        #expect(document.root["after"]?.line == 7)
    }

    @Test("keys after a [table] header belong to that table")
    func tables() throws {
        let text = """
            top = 1
            [limits]
            max = 2
            [retry]
            lifetime = "5d"
            """
        let document = parse(text)
        #expect(document.errors == [])
        #expect(document.root.keys == ["top", "limits", "retry"])
        guard case .table(let limits)? = document.root["limits"]?.kind else { throw Missing() }
        #expect(limits.line == 2)
        #expect(limits["max"]?.kind == .integer(2))
        #expect(limits["max"]?.line == 3)
        guard case .table(let retry)? = document.root["retry"]?.kind else { throw Missing() }
        #expect(retry["lifetime"]?.kind == .string("5d"))
    }

    @Test("[[listener]] headers make an array of tables, each with its own keys and line")
    func arraysOfTables() throws {
        let text = """
            [[listener]]
            role = "mx"

            [[listener]]
            role = "submission"
            [[transport]]
            domain = "*"
            """
        let document = parse(text)
        #expect(document.errors == [])
        guard case .tableArray(let listeners)? = document.root["listener"]?.kind else { throw Missing() }
        #expect(listeners.map(\.line) == [1, 4])
        #expect(listeners.map { $0["role"]?.kind } == [.string("mx"), .string("submission")])
        guard case .tableArray(let transports)? = document.root["transport"]?.kind else { throw Missing() }
        #expect(transports.count == 1)
    }

    @Test("dotted headers nest tables, and an implied table may be defined later")
    func dottedHeaders() throws {
        let text = """
            [a.b]
            x = 1
            [a]
            y = 2
            [[a.list]]
            z = 3
            [[a.list]]
            z = 4
            """
        let document = parse(text)
        #expect(document.errors == [])
        guard case .table(let a)? = document.root["a"]?.kind, case .table(let b)? = a["b"]?.kind,
            case .tableArray(let list)? = a["list"]?.kind
        else { throw Missing() }
        #expect(b["x"]?.kind == .integer(1))
        #expect(a["y"]?.kind == .integer(2))
        #expect(list.map { $0["z"]?.kind } == [.integer(3), .integer(4)])
    }

    @Test("keys keep the order of the file")
    func order() {
        #expect(parse("c = 1\na = 2\nb = 3").root.keys == ["c", "a", "b"])
    }

    struct Missing: Error {}
}
