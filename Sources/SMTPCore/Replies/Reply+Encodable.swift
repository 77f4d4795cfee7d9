/// A reply in JSON output: `{"code": 451, "enhancedCode": "4.3.0", "text": "..."}`.
extension Reply: Encodable {
    private enum CodingKeys: String, CodingKey {
        case code, enhancedCode, text
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Int(code.rawValue), forKey: .code)
        try container.encodeIfPresent(enhancedCode?.description, forKey: .enhancedCode)
        try container.encode(text, forKey: .text)
    }
}
