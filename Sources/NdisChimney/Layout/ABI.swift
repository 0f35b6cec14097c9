/// An application binary interface whose structure layout this library models.
///
/// Windows lays the NDIS structures out with natural alignment on all of its
/// ABIs (every field aligned to its own size, the structure to its largest
/// field), so for these structures the ABIs differ only in pointer width.
/// Raw images of every Windows ABI are little-endian.
///
/// A value holds only which ABI it is, so copying one costs no reference
/// counting: validation carries it in every result and error.
public struct ABI: Hashable, Sendable, CustomStringConvertible {
    /// Which ABI; the raw value is the C `NDIS_CHIMNEY_ABI` naming it.
    enum Kind: UInt32, CaseIterable {
        case host = 0, x86, x64, arm64, arm
    }

    let kind: Kind

    /// The short name used on the command line: `x86`, `x64`, `arm64`, `arm`, `host`.
    public var name: String { staticName.description }

    /// `name` as constant text, which messages write without allocating.
    var staticName: StaticString {
        switch kind {
        case .host: "host"
        case .x86: "x86"
        case .x64: "x64"
        case .arm64: "arm64"
        case .arm: "arm"
        }
    }

    /// The clang target triple that compiles code for this ABI.
    public var target: String {
        switch kind {
        case .host: hostTarget
        case .x86: "i686-pc-windows-msvc"
        case .x64: "x86_64-pc-windows-msvc"
        case .arm64: "aarch64-pc-windows-msvc"
        case .arm: "armv7-pc-windows-msvc"
        }
    }

    /// Bytes in a pointer (and so in `PVOID`, `NDIS_HANDLE` and every handler).
    public var pointerSize: Int {
        switch kind {
        case .host: MemoryLayout<UnsafeRawPointer>.size
        case .x86, .arm: 4
        case .x64, .arm64: 8
        }
    }

    /// 32-bit x86 Windows (ILP32). Handlers are `__stdcall`.
    public static let x86 = ABI(.x86)
    /// 64-bit x86 Windows (LLP64).
    public static let x64 = ABI(.x64)
    /// 64-bit ARM Windows (LLP64).
    public static let arm64 = ABI(.arm64)
    /// 32-bit ARM (Thumb-2) Windows (ILP32).
    public static let arm = ABI(.arm)

    /// The machine this code runs on. The header keeps Windows widths
    /// (`ULONG` is 32 bits) here too, so only the pointer width varies.
    public static let host = ABI(.host)

    /// The four Windows ABIs, in the order tables list them.
    public static let windows: [ABI] = [.x86, .x64, .arm64, .arm]

    /// Every ABI a command line may name.
    public static let all: [ABI] = windows + [.host]

    /// The ABI with this command-line name, if there is one.
    public init?(name: String) {
        guard let abi = ABI.all.first(where: { $0.name == name }) else { return nil }
        self = abi
    }

    init(_ kind: Kind) { self.kind = kind }

    /// The name and target, for example `x64 (x86_64-pc-windows-msvc)`.
    public var description: String { "\(name) (\(target))" }
}

private var hostTarget: String {
    #if arch(x86_64)
        let arch = "x86_64"
    #elseif arch(arm64)
        let arch = "aarch64"
    #elseif arch(i386)
        let arch = "i686"
    #elseif arch(arm)
        let arch = "armv7"
    #else
        let arch = "unknown"
    #endif
    #if os(Linux)
        return arch + "-unknown-linux-gnu"
    #elseif os(Windows)
        return arch + "-pc-windows-msvc"
    #elseif canImport(Darwin)
        return arch + "-apple-darwin"
    #else
        return arch + "-unknown"
    #endif
}
