import Testing

@testable import PasswordHashing

@Suite("ConstantTime.equals")
struct ConstantTimeTests {
    @Test(
        "equals is plain byte equality, whatever the lengths",
        arguments: [
            ([], []), ([1], [1]), ([1, 2, 3], [1, 2, 3]), ([1, 2, 3], [1, 2, 4]), ([1, 2], [1, 2, 3]),
            ([], [0]), ([0], []), ([0, 0], [0]), (Array(repeating: 7, count: 256), Array(repeating: 7, count: 0)),
        ] as [([UInt8], [UInt8])]
    )
    func matchesEquality(a: [UInt8], b: [UInt8]) {
        #expect(ConstantTime.equals(a, b) == (a == b))
    }
}
