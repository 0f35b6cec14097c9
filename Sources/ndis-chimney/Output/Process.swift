#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few process services the tool needs, through file descriptors rather
/// than C's global FILE streams (which strict concurrency rightly refuses, and
/// whose write errors `print` drops).
enum Process {
    /// Writes text to standard output, or throws when it cannot all be
    /// written (`layout > /dev/full`): a tool whose output was lost must not
    /// exit 0.
    static func write(_ text: String) throws(OutputFailure) {
        if let error = write(text, to: 1) { throw OutputFailure(errorNumber: error) }
    }

    /// Writes a line to standard error.
    static func printError(_ line: String) {
        writeError(line + "\n")
    }

    /// Writes text to standard error as it is; a failure there has nowhere
    /// left to be reported, so it is ignored.
    static func writeError(_ text: String) {
        _ = write(text, to: 2)
    }

    /// Writes all of `text` to `descriptor`; nil when done, else the errno.
    private static func write(_ text: String, to descriptor: Int32) -> Int32? {
        var text = text
        return text.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = systemWrite(descriptor, rest.baseAddress, rest.count)
                if written < 0, errno == EINTR { continue }
                if written <= 0 { return written < 0 ? errno : EIO }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
            return nil
        }
    }

    /// Ends the process with `status`.
    static func exit(_ status: Int32) -> Never {
        #if canImport(Glibc)
            Glibc.exit(status)
        #elseif canImport(Musl)
            Musl.exit(status)
        #else
            Darwin.exit(status)
        #endif
    }

    /// Whether standard error is a terminal (and so may carry a progress line).
    static var standardErrorIsTerminal: Bool { isatty(2) == 1 }
}

/// The C library's `write`, named apart from `Process.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
        Glibc.write(descriptor, bytes, count)
    #elseif canImport(Musl)
        Musl.write(descriptor, bytes, count)
    #else
        Darwin.write(descriptor, bytes, count)
    #endif
}

/// A failure the tool reports in one line on stderr, `ndis-chimney: MESSAGE`,
/// and answers with exit status 2 (an I/O or usage error).
protocol ToolFailure: Error {
    /// What went wrong, naming the file or stream and the reason.
    var message: String { get }
}

/// Standard output could not be written.
struct OutputFailure: ToolFailure {
    /// The errno of the failed write.
    let errorNumber: Int32

    var message: String { "cannot write standard output: \(String(cString: strerror(errorNumber)))" }
}
