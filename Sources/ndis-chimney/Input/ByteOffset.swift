import ArgumentParser

/// `--offset N`: where in the input a structure starts, in decimal (`4096`)
/// or hexadecimal with `0x` (`0x1000`), as dumps and debuggers give offsets.
struct ByteOffset: ExpressibleByArgument {
    let value: UInt64

    init(_ value: UInt64) { self.value = value }

    init?(argument: String) {
        let lowered = argument.lowercased()
        let parsed =
            lowered.hasPrefix("0x") ? UInt64(lowered.dropFirst(2), radix: 16) : UInt64(lowered, radix: 10)
        guard let parsed else { return nil }
        value = parsed
    }

    var defaultValueDescription: String { String(value) }
}
