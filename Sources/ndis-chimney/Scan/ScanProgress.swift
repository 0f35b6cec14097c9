#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The progress line `scan` keeps on stderr while it runs, when stderr is a
/// terminal (and only then: a log or a pipe gets nothing extra). Drawn once
/// the scan has run half a second, redrawn at most every half second, erased
/// before each match is printed and at the end.
struct ScanProgress {
    private let enabled = Process.standardErrorIsTerminal
    private let total: UInt64?
    private var lastDrawn = ScanProgress.seconds()
    private var drawn = false

    init(total: UInt64?) { self.total = total }

    mutating func update(scanned: UInt64, found: Int) {
        guard enabled else { return }
        let now = Self.seconds()
        guard now - lastDrawn >= 0.5 else { return }
        lastDrawn = now
        var line = "\rscan: \(scanned >> 20) MiB"
        if let total, total > 0 { line += " of \(total >> 20) MiB (\(scanned * 100 / total)%)" }
        Process.writeError(line + ", \(found) found\u{1B}[K")
        drawn = true
    }

    /// Erases the line, so that a match printed on the same terminal starts
    /// on a clean line; the next update draws it again.
    mutating func erase() {
        if drawn { Process.writeError("\r\u{1B}[K") }
        drawn = false
    }

    private static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
