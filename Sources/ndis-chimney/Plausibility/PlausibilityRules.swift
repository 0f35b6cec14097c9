import NdisChimney

/// What a structure in real memory also looks like, beyond what the
/// validator requires, for one ABI: the one implementation of these rules
/// for `scan` (which requires them of every match), and `validate` and
/// `decode` (which report a broken one as a warning, an error under
/// `--strict`). They hold for the entry points of every kind of structure.
///
/// - **pointer-alignment**: the structure starts at an offset that is a
///   multiple of the ABI's pointer size, its alignment: every compiler and
///   allocator places it so.
/// - **canonical-address**: on a 64-bit ABI every entry point is NULL or a
///   canonical address (bits 63 to 47 all equal: user space below
///   0x0000800000000000, kernel space from 0xffff800000000000); no CPU can
///   jump anywhere else. On a 32-bit ABI any value can be an address.
struct PlausibilityRules {
    let abi: ABI

    /// Whether the ABI's addresses have a canonical form to check: 64-bit
    /// pointers do.
    private var checksAddresses: Bool { abi.pointerSize == 8 }

    /// A 64-bit address is canonical when bits 63..47 are all equal.
    static func isCanonical(_ address: UInt64) -> Bool {
        let top = address >> 47
        return top == 0 || top == 0x1ffff
    }

    /// Whether an entry point may hold `address`: any value on a 32-bit ABI,
    /// NULL or a canonical address on a 64-bit one.
    func isPlausible(address: UInt64) -> Bool {
        !checksAddresses || Self.isCanonical(address)
    }

    /// Whether a structure may start at `offset`: a multiple of the pointer size.
    func isAligned(_ offset: UInt64) -> Bool { misalignment(of: offset) == 0 }

    /// How many bytes `offset` lies past the last offset a structure may
    /// start at (0 when it may start there). Pointer sizes are powers of two.
    func misalignment(of offset: UInt64) -> Int {
        Int(truncatingIfNeeded: offset & UInt64(abi.pointerSize - 1))
    }

    /// Whether every entry point of the structure at `start`, at
    /// `pointerOffsets`, is plausible, read in place (for `scan`, which
    /// checks candidates without copying them). Those bytes must be there.
    func entryPointsArePlausible(at start: UnsafeRawPointer, pointerOffsets: [Int]) -> Bool {
        guard checksAddresses else { return true }
        return pointerOffsets.allSatisfy { offset in
            isPlausible(address: start.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian)
        }
    }

    /// The rules `decoded`, found at `offset` of its input, breaks: the
    /// alignment first, then each entry point the bytes hold, in field order.
    func warnings(for decoded: DecodedImage, at offset: UInt64) -> [PlausibilityWarning] {
        var warnings: [PlausibilityWarning] = []
        if !isAligned(offset) {
            warnings.append(
                PlausibilityWarning(
                    rule: .pointerAlignment, field: "offset", value: .number(offset),
                    message: "the structure starts at offset \(offset) (\(hex(offset))), expected a multiple of "
                        + "\(abi.pointerSize), its alignment on \(abi.name)"))
        }
        for field in decoded.fields where field.storage == .pointer {
            guard let address = field.value, !isPlausible(address: address) else { continue }
            warnings.append(
                PlausibilityWarning(
                    rule: .canonicalAddress, field: field.name, value: .address(address, digits: 16),
                    message: "\(field.name) is \(hex(address, digits: 16)), expected NULL or a canonical address "
                        + "on \(abi.name) (bits 63 to 47 all equal: below 0x0000800000000000 or from "
                        + "0xffff800000000000), as every address a CPU can jump to is"))
        }
        return warnings
    }
}
