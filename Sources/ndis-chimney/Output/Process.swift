#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few process services the tool needs, through file descriptors rather
/// than C's global FILE streams (which strict concurrency rightly refuses).
enum Process {
    /// Writes a line to standard error.
    static func printError(_ line: String) {
        var text = line + "\n"
        text.withUTF8 { bytes in
            var rest = UnsafeRawBufferPointer(bytes)
            while !rest.isEmpty {
                let written = write(2, rest.baseAddress, rest.count)
                if written <= 0 { return }
                rest = UnsafeRawBufferPointer(rebasing: rest[written...])
            }
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

    /// Every byte of a file, or of standard input for "-"; on failure, the
    /// reason (the system's error message).
    static func readAll(_ path: String) -> Result<[UInt8], ReadFailure> {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { return .failure(ReadFailure(path: path, errorNumber: errno)) }
        defer { if descriptor != 0 { close(descriptor) } }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return .success(bytes) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadFailure(path: path, errorNumber: errno))
            }
            bytes += chunk[0..<count]
        }
    }

    /// Why a file could not be read.
    struct ReadFailure: Error {
        let path: String
        let errorNumber: Int32

        var message: String { "cannot read \(path): \(String(cString: strerror(errorNumber)))" }
    }
}
