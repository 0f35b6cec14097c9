#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file, a device or standard input (`-`), read front to back into the
/// caller's buffers: nothing here grows with the input, so a dump of any size
/// (or `/dev/zero`) is read in constant memory.
struct InputFile: ~Copyable {
    /// The name the user gave, for messages.
    let path: String
    private let descriptor: Int32

    /// Opens `path` for reading, or takes standard input for `-`.
    init(_ path: String) throws(ReadFailure) {
        self.path = path
        descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { throw ReadFailure(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { if descriptor != 0 { close(descriptor) } }

    /// The size of a regular file, nil for a pipe, a terminal or a device.
    var regularFileSize: UInt64? {
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        return UInt64(status.st_size)
    }

    /// Moves to byte `offset` from where reading starts: by seeking when the
    /// input can seek, else by reading and dropping the bytes in between.
    func skip(to offset: UInt64, scratch: UnsafeMutableRawBufferPointer) throws(ReadFailure) {
        guard offset > 0 else { return }
        if let size = regularFileSize, offset > size {
            throw ReadFailure(path: path, reason: "offset \(offset) is past its end (\(size) bytes)")
        }
        if lseek(descriptor, off_t(offset), SEEK_SET) >= 0 { return }
        var remaining = offset
        while remaining > 0 {
            let part = UnsafeMutableRawBufferPointer(rebasing: scratch[..<Int(min(remaining, UInt64(scratch.count)))])
            let count = try fill(part)
            if count == 0 {
                throw ReadFailure(path: path, reason: "offset \(offset) is past its end (\(offset - remaining) bytes)")
            }
            remaining -= UInt64(count)
        }
    }

    /// Reads until `buffer` is full or the input ends; returns the bytes read
    /// (fewer than `buffer.count` only at the end of the input).
    func fill(_ buffer: UnsafeMutableRawBufferPointer) throws(ReadFailure) -> Int {
        var filled = 0
        while filled < buffer.count {
            let count = read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadFailure(path: path, reason: String(cString: strerror(errno)))
            }
            filled += count
        }
        return filled
    }
}

/// Why an input could not be read.
struct ReadFailure: Error {
    let path: String
    let reason: String

    var message: String { "cannot read \(path): \(reason)" }
}
