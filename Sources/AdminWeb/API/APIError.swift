import Foundation
import Hummingbird

/// An error answered as JSON: `{"error": {"status": 404, "message": "..."}}`.
struct APIError: Error, HTTPResponseError {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.make(ErrorBody(error: .init(status: Int(status.code), message: message)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var status: Int
            var message: String
        }
        var error: Detail
    }
}

/// JSON in the API's style: snake_case keys, sorted, dates as seconds since 1970.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data + [0x0A]))
        )
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Decodes a JSON request body, turning every failure into a 400 that says what is wrong.
    static func decode<Value: Decodable>(_ type: Value.Type, from request: Request, context: AdminRequestContext) async throws -> Value {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: context.maxUploadSize)
        } catch {
            throw APIError(.contentTooLarge, "the request body is larger than \(context.maxUploadSize) bytes")
        }
        do {
            return try decoder.decode(Value.self, from: Data(body.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw APIError(.badRequest, "the JSON body needs \"\(key.stringValue.snakeCased)\"")
        } catch DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context) {
            let path = context.codingPath.map(\.stringValue.snakeCased).joined(separator: ".")
            throw APIError(.badRequest, "\"\(path)\" has the wrong type")
        } catch {
            throw APIError(.badRequest, "the body is not valid JSON")
        }
    }
}

extension String {
    /// `createdAt` → `created_at`, as the API spells its keys.
    var snakeCased: String {
        var result = ""
        for character in self {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }
}
