import Foundation

/// The path of a file in the repository, found from this file's place in it
/// (Tests/Support/RepositoryFile.swift).
public func repositoryFile(_ relativePath: String) -> String {
    var components = #filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)
    return components.joined(separator: "/") + "/" + relativePath
}
