import PostamtCLI

@main
enum PostamtMain {
    static func main() async {
        await PostamtCommand.main()
    }
}
