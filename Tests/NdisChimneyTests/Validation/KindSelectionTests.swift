import NdisChimney
import NdisChimneyFuzzing
import Testing

/// `bytes` in memory that holds any of the structures, as the pointer
/// NdisSetOptionalHandlers is given.
private func withMemory<T>(
    _ bytes: [UInt8], _ body: (UnsafePointer<CDriverOptionalHandlers>) throws -> T
) throws -> T {
    try withMemory(
        holding: bytes, capacity: MemoryLayout<CClientTCPCharacteristics>.size, as: CDriverOptionalHandlers.self
    ) {
        pointer in Result { try body(pointer) }
    }.get()
}

@Suite("The structure chosen by Header.Type: raw bytes and NdisSetOptionalHandlers' pointer")
struct KindSelectionTests {
    @Test(
        "Each kind's Type picks its rules, its entry points and its offload type",
        arguments: CharacteristicsKind.allCases)
    func byType(kind: CharacteristicsKind) throws {
        for abi in ABI.all {
            let builder = ImageBuilder(abi: abi, kind: kind)
            let validated = try builder.bytes.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: abi) }
            #expect(validated.kind == kind)
            #expect(validated.type == kind.objectType)
            #expect(Array(validated.entryPoints) == builder.addresses)
            #expect(validated.offloadType == (kind.hasOffloadType ? .tcp : nil))
        }
        let host = ImageBuilder(abi: .host, kind: kind)
        let viaPointer = try withMemory(host.bytes) { try Characteristics(validatingOptionalHandlers: $0) }
        #expect(viaPointer.kind == kind && Array(viaPointer.entryPoints) == host.addresses)
    }

    @Test("A Type that names none of the four is NOT_SUPPORTED, before any other rule")
    func unsupportedTypes() {
        for type: UInt8 in [0x00, 0x80, 0x8D, 0x90, 0x92, 0x95, 0xFF] {
            var builder = ImageBuilder(abi: .x64)
            builder.type = type
            builder.revision = 0
            let expected = CharacteristicsError.unsupportedObjectType(NDISObjectType(rawValue: type))
            #expect(throws: expected) {
                try builder.bytes.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: .x64) }
            }
            #expect(expected.status == .notSupported)
            let host = ImageBuilder(abi: .host)
            var bytes = host.bytes
            bytes[0] = type
            #expect(throws: expected) { try withMemory(bytes) { try Characteristics(validatingOptionalHandlers: $0) } }
        }
    }

    @Test("Fewer than 4 bytes: a truncated header, whatever the Type byte says")
    func truncatedHeader() {
        for bytes: [UInt8] in [[], [0x93], [0x94, 0], [0x8E, 1, 0x38]] {
            #expect(throws: CharacteristicsError.truncatedHeader(available: bytes.count)) {
                try bytes.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: .x64) }
            }
            #expect(throws: CharacteristicsError.truncatedHeader(available: bytes.count)) {
                try withMemory(bytes) { try Characteristics(validatingOptionalHandlers: $0, available: bytes.count) }
            }
        }
    }

    @Test(
        "The pointer takes Header.Size bytes to be there; a known count is held to",
        arguments: CharacteristicsKind.allCases)
    func available(kind: CharacteristicsKind) throws {
        var builder = ImageBuilder(abi: .host, kind: kind)
        let minimum = builder.minimumSize
        builder.size = minimum + 24
        builder.revision = 3
        try withMemory(builder.bytes) { handlers in
            let grown = try Characteristics(validatingOptionalHandlers: handlers)
            #expect(Int(grown.size) == minimum + 24 && grown.revision == 3)
            #expect(throws: CharacteristicsError.sizeExceedsBuffer(size: USHORT(minimum + 24), available: minimum)) {
                try Characteristics(validatingOptionalHandlers: handlers, available: minimum)
            }
        }
        builder.size = 2
        builder.byteCount = minimum
        let tiny: CharacteristicsError =
            kind == .clientGeneric
            ? .sizeTooSmall(size: 2, minimum: minimum, abi: .host)
            : .sizeBelowMinimum(kind: kind, size: 2, minimum: minimum, abi: .host)
        #expect(throws: tiny, "a pointer has its header: Size 2 is too small, not a truncated header") {
            try withMemory(builder.bytes) { try Characteristics(validatingOptionalHandlers: $0) }
        }
    }

    @Test("The rules of the kind the Type names: OffloadType of TCP, Revision of the clients only")
    func rulesOfTheKind() {
        var tcp = ImageBuilder(abi: .x86, kind: .providerTCP)
        tcp.offloadType = 3
        #expect(throws: CharacteristicsError.unsupportedOffloadType(.rdma)) {
            try tcp.bytes.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: .x86) }
        }
        var client = ImageBuilder(abi: .x86, kind: .clientTCP)
        client.revision = 0
        #expect(throws: CharacteristicsError.revisionZero) {
            try client.bytes.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: .x86) }
        }
        var provider = ImageBuilder(abi: .x86, kind: .providerGeneric)
        provider.revision = 0
        #expect(throws: Never.self) {
            try provider.bytes.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: .x86) }
        }
    }
}
