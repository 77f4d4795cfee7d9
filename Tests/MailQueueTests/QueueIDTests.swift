import MailQueue
import Testing

@Suite("Queue IDs")
struct QueueIDTests {
    @Test("a made ID is twelve characters of the alphabet and reads back as itself")
    func madeIDsAreValid() {
        for _ in 0..<1000 {
            let id = QueueID.make()
            #expect(id.rawValue.utf8.count == 12)
            #expect(QueueID(rawValue: id.rawValue) == id)
        }
    }

    @Test("IDs made one after another never repeat and sort in the order they were made")
    func madeIDsAreUniqueAndOrdered() {
        let ids = (0..<10_000).map { _ in QueueID.make() }
        #expect(Set(ids).count == ids.count)
        // The counter may wrap once from its random start; apart from that one step, each
        // ID sorts after the one before.
        let descents = zip(ids, ids.dropFirst()).filter { $0.1 < $0.0 }.count
        #expect(descents <= 1)
    }

    @Test("text that is not an ID is refused", arguments: ["", "0123456789A", "0123456789ABC", "0123456789AI", "0123456789ab"])
    func invalidIDs(_ text: String) {
        #expect(QueueID(rawValue: text) == nil)
    }
}
