import NdisChimney
import Testing

/// One row of the validation table: how to spoil (or not) a valid image of
/// one kind, and what the validator must answer.
struct ImageCase: Sendable, CustomTestStringConvertible {
    let name: String
    let abi: ABI
    let kind: CharacteristicsKind
    let bytes: [UInt8]
    let expected: Result<Expected, CharacteristicsError>
    var testDescription: String { "\(kind) \(abi.name): \(name)" }

    struct Expected: Sendable, Equatable {
        var type: UInt8
        var revision: UInt8
        var size: Int
        var addresses: [UInt64]
    }

    static let all = ABI.all.flatMap { abi in CharacteristicsKind.allCases.flatMap { all(for: abi, kind: $0) } }

    static func all(for abi: ABI, kind: CharacteristicsKind) -> [ImageCase] {
        let valid = ImageBuilder(abi: abi, kind: kind)
        let minimum = valid.minimumSize
        func ok(_ name: String, _ builder: ImageBuilder, revision: UInt8? = nil, size: Int? = nil) -> ImageCase {
            let expected = Expected(
                type: builder.type, revision: revision ?? builder.revision, size: size ?? minimum,
                addresses: builder.addresses)
            return ImageCase(name: name, abi: abi, kind: kind, bytes: builder.bytes, expected: .success(expected))
        }
        func bad(_ name: String, _ bytes: [UInt8], _ error: CharacteristicsError) -> ImageCase {
            ImageCase(name: name, abi: abi, kind: kind, bytes: bytes, expected: .failure(error))
        }
        func tooSmall(_ size: Int) -> CharacteristicsError {
            kind == .clientGeneric
                ? .sizeTooSmall(size: USHORT(size), minimum: minimum, abi: abi)
                : .sizeBelowMinimum(kind: kind, size: USHORT(size), minimum: minimum, abi: abi)
        }
        var cases = [ok("valid", valid)]

        var nulls = valid
        nulls.addresses = nulls.addresses.map { _ in 0 }
        cases.append(ok("all entry points NULL", nulls))
        var lastNull = valid
        lastNull.addresses[lastNull.addresses.count - 1] = 0
        cases.append(ok("last entry point NULL", lastNull))

        var wrongType = valid
        wrongType.type = 0x80
        cases.append(ok("Type is not checked once the kind is chosen: NDIS_OBJECT_TYPE_DEFAULT", wrongType))

        var future = valid
        future.revision = 2
        future.size = minimum + 16
        var futureBytes = future.bytes
        for index in minimum..<futureBytes.count { futureBytes[index] = 0xEE }
        let grown = Expected(type: valid.type, revision: 2, size: minimum + 16, addresses: valid.addresses)
        cases.append(
            ImageCase(
                name: "revision 2, larger Size: the known fields read", abi: abi, kind: kind, bytes: futureBytes,
                expected: .success(grown)))

        var longer = valid
        longer.byteCount = minimum + 32
        cases.append(ok("buffer longer than Size: trailing bytes ignored", longer))

        cases.append(bad("empty", [], .truncatedHeader(available: 0)))
        cases.append(bad("3 bytes", Array(valid.bytes.prefix(3)), .truncatedHeader(available: 3)))

        var revisionZero = valid
        revisionZero.revision = 0
        if kind.definesRevision1 {
            cases.append(bad("Revision 0", revisionZero.bytes, .revisionZero))
        } else {
            cases.append(ok("Revision 0, as WDK samples register it", revisionZero, revision: 0))
            var any = valid
            any.revision = 0xFF
            cases.append(ok("Revision 255: no revision constant, any accepted", any, revision: 0xFF))
        }

        var short = valid
        short.size = minimum - 1
        short.byteCount = minimum
        cases.append(bad("Size one byte short", short.bytes, tooSmall(minimum - 1)))

        var tiny = valid
        tiny.size = 4
        tiny.byteCount = minimum
        cases.append(bad("Size 4 (header only)", tiny.bytes, tooSmall(4)))

        var past = valid
        past.size = minimum + 8
        past.byteCount = minimum
        cases.append(
            bad("Size past the buffer", past.bytes, .sizeExceedsBuffer(size: USHORT(minimum + 8), available: minimum)))

        cases.append(
            bad(
                "truncated: buffer one byte short of Size", Array(valid.bytes.prefix(minimum - 1)),
                .sizeExceedsBuffer(size: USHORT(minimum), available: minimum - 1)))

        var flagged = valid
        flagged.flags = 0x8000_0001
        cases.append(bad("reserved Flags set", flagged.bytes, .reservedFlagsSet(0x8000_0001)))

        if kind.hasOffloadType {
            for type: UInt32 in [0, 2, 4, 0xFFFF_FFFF] {
                var other = valid
                other.offloadType = type
                cases.append(
                    bad(
                        "OffloadType \(type)", other.bytes,
                        .unsupportedOffloadType(ChimneyOffloadType(rawValue: type))))
            }
        } else {
            var generic = valid
            generic.offloadType = 2
            cases.append(ok("no OffloadType in a generic structure: the bytes at 8 are an entry point", generic))
        }
        return cases
    }
}

@Suite("Validation of raw images, every kind on every ABI")
struct ImageValidationTests {
    @Test("Table: good and bad images", arguments: ImageCase.all)
    func table(_ row: ImageCase) {
        let result = Result { () throws(CharacteristicsError) in
            try Characteristics(validating: row.bytes, abi: row.abi, kind: row.kind)
        }
        switch (result, row.expected) {
        case (.success(let found), .success(let expected)):
            #expect(found.kind == row.kind)
            #expect(found.abi == row.abi)
            #expect(found.type.rawValue == expected.type)
            #expect(found.revision == expected.revision)
            #expect(Int(found.size) == expected.size)
            #expect(found.flags == 0)
            #expect(found.offloadType == (row.kind.hasOffloadType ? .tcp : nil))
            #expect(Array(found.entryPoints) == expected.addresses)
            #expect(found.addresses == expected.addresses)
            #expect(found.entryPoints.count == row.kind.entryPointCount)
        case (.failure(let found), .failure(let expected)):
            #expect(found == expected)
            #expect(found.status == .invalidParameter)
            #expect(found.description.hasPrefix(found.field), "the message starts with the field: \(found)")
        default:
            Issue.record("expected \(row.expected), got \(result)")
        }
    }

    @Test("The client generic structure by default, as in version 1.0", arguments: ABI.all)
    func defaultKind(abi: ABI) throws {
        var builder = ImageBuilder(abi: abi)
        let validated = try Characteristics(validating: builder.bytes, abi: abi)
        #expect(validated.kind == .clientGeneric && validated.offloadType == nil)
        #expect(validated.address(of: .indicateOffloadEvent) == builder.addresses[5])
        builder.size = builder.minimumSize - 1
        builder.byteCount = builder.minimumSize
        let short = builder.bytes.withUnsafeBytes { Characteristics.verdict(on: $0, abi: abi) }
        let minimum = builder.minimumSize
        #expect(throws: CharacteristicsError.sizeTooSmall(size: USHORT(minimum - 1), minimum: minimum, abi: abi)) {
            try short.get()
        }
    }

    @Test("Messages name the field, the value and the expectation")
    func messages() {
        #expect(
            CharacteristicsError.sizeTooSmall(size: 55, minimum: 56, abi: .x64).description
                == "Header.Size is 55, expected at least 56 "
                + "(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 on x64)")
        #expect(
            CharacteristicsError.sizeBelowMinimum(kind: .providerGeneric, size: 40, minimum: 48, abi: .x64).description
                == "Header.Size is 40, expected at least 48 "
                + "(sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS) on x64)")
        #expect(
            CharacteristicsError.sizeBelowMinimum(kind: .clientTCP, size: 32, minimum: 36, abi: .x86).description
                == "Header.Size is 32, expected at least 36 "
                + "(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS_REVISION_1 on x86)")
        #expect(
            CharacteristicsError.sizeBelowMinimum(kind: .providerTCP, size: 0, minimum: 32, abi: .arm).description
                == "Header.Size is 0, expected at least 32 "
                + "(sizeof(NDIS_PROVIDER_CHIMNEY_OFFLOAD_TCP_CHARACTERISTICS) on arm)")
        #expect(CharacteristicsError.revisionZero.description == "Header.Revision is 0, expected 1 or higher")
        #expect(
            CharacteristicsError.sizeExceedsBuffer(size: 60, available: 56).description
                == "Header.Size is 60, expected at most 56 (the bytes available)")
        #expect(
            CharacteristicsError.reservedFlagsSet(0x10).description
                == "Flags is 0x00000010, expected 0 (reserved for system use)")
        #expect(
            CharacteristicsError.truncatedHeader(available: 1).description
                == "Header is truncated: 1 byte available, expected at least 4")
        #expect(
            CharacteristicsError.unsupportedOffloadType(.ipsec).description
                == "OffloadType is 2, expected 1 (NdisTcpChimneyOffload)")
        let unsupported = CharacteristicsError.unsupportedObjectType(.default)
        #expect(
            unsupported.description
                == "Header.Type is 0x80, expected 0x8e, 0x8f, 0x93 or 0x94 (a chimney offload characteristics structure)"
        )
        #expect(unsupported.status == .notSupported && unsupported.field == "Header.Type")
    }

    @Test("Reads stay inside the buffer: every prefix of a valid image is judged without a crash")
    func everyPrefix() {
        for abi in ABI.all {
            for kind in CharacteristicsKind.allCases {
                let bytes = ImageBuilder(abi: abi, kind: kind).bytes
                for count in 0..<bytes.count {
                    // A copy of exactly `count` bytes: ASan would flag any read past it.
                    let prefix = Array(bytes.prefix(count))
                    #expect(throws: CharacteristicsError.self) {
                        try Characteristics(validating: prefix, abi: abi, kind: kind)
                    }
                    #expect(throws: CharacteristicsError.self) {
                        try prefix.withUnsafeBytes { try Characteristics(validatingByType: $0, abi: abi) }
                    }
                }
            }
        }
    }
}
