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
    /// The largest offset a file can have (`off_t` is signed 64 bits): no
    /// input is read past it.
    static let largestOffset = UInt64(Int64.max)

    /// The name the user gave, escaped for messages.
    let name: String
    private let descriptor: Int32
    private let status: stat

    /// Opens the named input for reading (standard input for `-`).
    init(_ input: InputName) throws(ReadFailure) {
        name = input.display
        descriptor = input.isStandardInput ? 0 : input.path.withUnsafeBufferPointer { open($0.baseAddress!, O_RDONLY) }
        guard descriptor >= 0 else { throw ReadFailure(name: name, reason: String(cString: strerror(errno))) }
        var status = stat()
        if fstat(descriptor, &status) != 0 { status.st_mode = 0 }
        self.status = status
    }

    deinit { if descriptor != 0 { close(descriptor) } }

    /// The size of a regular file that states one; nil for a pipe, a terminal,
    /// a device, and a file whose size reads as 0 (procfs and sysfs files
    /// state 0 and still hold data, so 0 means "unknown").
    var statedSize: UInt64? {
        guard (status.st_mode & S_IFMT) == S_IFREG, status.st_size > 0 else { return nil }
        return UInt64(status.st_size)
    }

    /// Whether this is a character device (`/dev/zero`, `/dev/mem`): one that
    /// may never end.
    var isCharacterDevice: Bool { (status.st_mode & S_IFMT) == S_IFCHR }

    /// Moves to byte `offset` from where reading starts: by seeking when the
    /// input has a stated size or can seek, else (a pipe, or a file that
    /// states no size) by reading and dropping the bytes in between.
    func skip(to offset: UInt64, scratch: UnsafeMutableRawBufferPointer) throws(ReadFailure) {
        guard offset > 0 else { return }
        guard offset <= Self.largestOffset else {
            throw ReadFailure(
                name: name, reason: "offset \(offset) is beyond the largest file offset, \(Self.largestOffset)")
        }
        if let size = statedSize, offset > size {
            throw ReadFailure(name: name, reason: "offset \(offset) is past its end (\(size) bytes)")
        }
        // A regular file that states no size is read through: a seek past
        // its end would succeed and hide that the offset is past it.
        let seekable = statedSize != nil || (status.st_mode & S_IFMT) != S_IFREG
        if seekable, lseek(descriptor, off_t(offset), SEEK_SET) >= 0 { return }
        var remaining = offset
        while remaining > 0 {
            let part = UnsafeMutableRawBufferPointer(rebasing: scratch[..<Int(min(remaining, UInt64(scratch.count)))])
            let count = try fill(part)
            if count == 0 {
                throw ReadFailure(name: name, reason: "offset \(offset) is past its end (\(offset - remaining) bytes)")
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
                throw ReadFailure(name: name, reason: String(cString: strerror(errno)))
            }
            filled += count
        }
        return filled
    }
}

/// Why an input could not be read.
struct ReadFailure: ToolFailure {
    /// The input's name, escaped.
    let name: String
    let reason: String

    var message: String { "cannot read \(name): \(reason)" }
}
