import NdisChimney

extension ImageBuilder {
    /// An image whose entry points are kernel addresses, as a registered
    /// structure's are, and one NULL: no plausibility rule or heuristic
    /// objects to it. On 64-bit ABIs 0xfffff805_1234_5xx0, on 32-bit ones
    /// 0x8123_4xx0.
    static func kernel(_ abi: ABI, kind: CharacteristicsKind = .clientGeneric) -> ImageBuilder {
        var builder = ImageBuilder(abi: abi, kind: kind)
        let base: UInt64 = abi.pointerSize == 8 ? 0xffff_f805_1234_5000 : 0x8123_4000
        let addresses = [base + 0x10, base + 0x20, 0, base + 0x40, base + 0x50, base + 0x60]
        builder.addresses = Array(addresses.prefix(builder.addresses.count))
        return builder
    }
}

/// A dump of `size` bytes of 0xcc (which never reads as a structure) with
/// `images` written at their offsets.
func dump(size: Int, _ images: [(offset: Int, bytes: [UInt8])]) -> [UInt8] {
    var bytes = [UInt8](repeating: 0xcc, count: size)
    for image in images {
        bytes.replaceSubrange(image.offset..<image.offset + image.bytes.count, with: image.bytes)
    }
    return bytes
}

/// The `rule` of each warning in a JSON object of the tool.
func warningRules(_ object: [String: Any]) -> [String] {
    (object["warnings"] as? [[String: Any]] ?? []).compactMap { $0["rule"] as? String }
}

extension CharacteristicsKind {
    /// The name `--type` and `scan`'s text give the structure, as the
    /// documentation spells them (written out here, apart from the tool's).
    var argument: String {
        let names = ["client-generic", "provider-generic", "client-tcp", "provider-tcp"]
        return names[CharacteristicsKind.allCases.firstIndex(of: self)!]
    }
}
