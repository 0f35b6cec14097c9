import NdisChimney

/// Whether an image read with one Windows ABI looks like a structure of the
/// other pointer width: heuristics, not rules, so they only ever warn. An x86
/// scan of an x64 dump otherwise reports every x64 structure as an x86 one,
/// with the halves of 64-bit addresses as its entry points.
///
/// Read with 32-bit pointers (x86, arm), an image looks 64-bit when
/// - **split-64-bit-address**: an entry point at an offset of 4 modulo 8
///   (where the high half of an x64 entry point lies: every 64-bit entry
///   point is 8-aligned) holds 1 to 0x7fff or 0xffff8000 and above: the high
///   half of a canonical 64-bit address, and no 32-bit Windows handler's
///   address (the first 64 KiB are never mapped; the top 32 KiB hold no
///   driver code);
/// - **fits-64-bit-layout**: the same bytes are valid and plausible as the
///   same structure with the 64-bit layout too (Size covers its least size
///   there, the offset is 8-aligned, every entry point NULL or canonical).
///
/// Read with 64-bit pointers (x64, arm64), an image looks 32-bit when
/// - **addresses-below-4-gib**: every non-NULL entry point is below 4 GiB,
///   where 64-bit Windows loads no kernel code; two 32-bit pointers read as
///   one give that when the second is NULL.
///
/// Limits: a 32-bit structure whose handlers all sit below 0xffff8000 and
/// whose Size is its 32-bit least size never looks 64-bit, as it should; an
/// x64 structure with every entry point NULL looks 64-bit to an x86 reading
/// only through its Size. A user-mode image (an emulator's, a test's) may
/// hold low addresses on purpose. The host ABI is not Windows, and is not
/// judged; an image read as no structure (an unknown Type) has no entry
/// points to judge.
enum WidthResemblance {
    /// The Windows ABI with the same layout but the other pointer width, or
    /// nil for the host.
    static func otherWidth(of abi: ABI) -> ABI? {
        switch abi {
        case .x86: .x64
        case .x64: .x86
        case .arm: .arm64
        case .arm64: .arm
        default: nil
        }
    }

    /// The heuristics `decoded` (read from `bytes`, found at `offset` of its
    /// input) meets.
    static func warnings(
        for decoded: DecodedImage, bytes: UnsafeRawBufferPointer, at offset: UInt64
    ) -> [PlausibilityWarning] {
        guard let other = otherWidth(of: decoded.abi) else { return [] }
        let pointers = decoded.fields.filter { $0.storage == .pointer && $0.value != nil }
        guard decoded.abi.pointerSize == 4 else { return narrowAddresses(pointers, abi: decoded.abi, other: other) }
        var warnings = splitAddresses(pointers, abi: decoded.abi, other: other)
        guard let kind = decoded.kind else { return warnings }
        if case .success(let wide) = Characteristics.verdict(on: bytes, abi: other, kind: kind) {
            let rules = PlausibilityRules(abi: other)
            if rules.isAligned(offset), wide.entryPoints.allSatisfy(rules.isPlausible(address:)) {
                let layout = kind.structure.layout(for: decoded.abi)
                let narrow = layout.revision1Size ?? layout.size
                warnings.append(
                    PlausibilityWarning(
                        rule: .fits64BitLayout, field: "Header.Size", value: .number(UInt64(wide.size)),
                        message: "Header.Size is \(wide.size), expected \(narrow) (\(kind.minimumSizeName) on "
                            + "\(decoded.abi.name)); it covers the \(other.name) layout, and the bytes are valid and "
                            + "plausible as \(other.name) too, so they may be a 64-bit structure"))
            }
        }
        return warnings
    }

    /// split-64-bit-address, on a 32-bit reading.
    private static func splitAddresses(
        _ pointers: [DecodedImage.Field], abi: ABI, other: ABI
    ) -> [PlausibilityWarning] {
        pointers.compactMap { field in
            guard let value = field.value, field.offset % 8 == 4,
                (1...0x7fff).contains(value) || value >= 0xffff_8000
            else { return nil }
            return PlausibilityWarning(
                rule: .split64BitAddress, field: field.name, value: .address(value, digits: 8),
                message: "\(field.name) is \(hex(value, digits: 8)), expected NULL or 0x00010000 to 0xffff7fff "
                    + "on \(abi.name); it is the high half of a canonical 64-bit address, so the bytes look "
                    + "like a 64-bit structure (\(other.name))")
        }
    }

    /// addresses-below-4-gib, on a 64-bit reading.
    private static func narrowAddresses(
        _ pointers: [DecodedImage.Field], abi: ABI, other: ABI
    ) -> [PlausibilityWarning] {
        let nonNull = pointers.filter { $0.value != 0 }
        guard let first = nonNull.first, let value = first.value, nonNull.allSatisfy({ ($0.value ?? 0) >> 32 == 0 })
        else { return [] }
        return [
            PlausibilityWarning(
                rule: .addressesBelow4GiB, field: first.name, value: .address(value, digits: 16),
                message: "\(first.name) is \(hex(value, digits: 16)) and every non-NULL entry point is below "
                    + "4 GiB, expected kernel addresses (from 0xffff800000000000) on \(abi.name); the bytes "
                    + "look like a 32-bit structure (\(other.name)) read with 64-bit pointers")
        ]
    }
}
