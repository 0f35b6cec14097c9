import NdisChimney
import Testing

/// One row of the validation table: how to spoil (or not) a valid image, and
/// what the validator must answer.
struct ImageCase: Sendable, CustomTestStringConvertible {
    let name: String
    let abi: ABI
    let bytes: [UInt8]
    let expected: Result<Expected, CharacteristicsError>
    var testDescription: String { "\(abi.name): \(name)" }

    struct Expected: Sendable, Equatable {
        var type: UInt8 = 0x8E
        var revision: UInt8 = 1
        var size: Int
        var addresses: [UInt64]
    }

    static func all(for abi: ABI) -> [ImageCase] {
        let valid = ImageBuilder(abi: abi)
        let minimum = valid.revision1Size
        func ok(_ name: String, _ builder: ImageBuilder, type: UInt8 = 0x8E, revision: UInt8 = 1, size: Int? = nil)
            -> ImageCase
        {
            ImageCase(
                name: name, abi: abi, bytes: builder.bytes,
                expected: .success(
                    Expected(
                        type: type, revision: revision, size: size ?? minimum, addresses: builder.addresses)))
        }
        func bad(_ name: String, _ bytes: [UInt8], _ error: CharacteristicsError) -> ImageCase {
            ImageCase(name: name, abi: abi, bytes: bytes, expected: .failure(error))
        }
        var cases = [ok("valid revision 1", valid)]

        var nulls = valid
        nulls.addresses = Array(repeating: 0, count: 6)
        cases.append(ok("all entry points NULL", nulls))
        var noEvent = valid
        noEvent.addresses[5] = 0
        cases.append(ok("NULL event handler, as real drivers register", noEvent))

        var wrongType = valid
        wrongType.type = 0x80
        cases.append(ok("Type is not significant: NDIS_OBJECT_TYPE_DEFAULT accepted", wrongType, type: 0x80))

        var future = valid
        future.revision = 2
        future.size = minimum + 16
        var futureBytes = future.bytes
        for index in minimum..<futureBytes.count { futureBytes[index] = 0xEE }
        cases.append(
            ImageCase(
                name: "future revision 2, larger Size: revision-1 fields read", abi: abi, bytes: futureBytes,
                expected: .success(
                    Expected(revision: 2, size: minimum + 16, addresses: valid.addresses))))

        var longer = valid
        longer.byteCount = minimum + 32
        cases.append(ok("buffer longer than Size: trailing bytes ignored", longer))

        cases.append(bad("empty", [], .truncatedHeader(available: 0)))
        cases.append(bad("3 bytes", Array(valid.bytes.prefix(3)), .truncatedHeader(available: 3)))

        var revisionZero = valid
        revisionZero.revision = 0
        cases.append(bad("Revision 0", revisionZero.bytes, .revisionZero))

        var short = valid
        short.size = minimum - 1
        short.byteCount = minimum
        cases.append(
            bad(
                "Size one byte short", short.bytes, .sizeTooSmall(size: USHORT(minimum - 1), minimum: minimum, abi: abi)
            ))

        var tiny = valid
        tiny.size = 4
        tiny.byteCount = minimum
        cases.append(bad("Size 4 (header only)", tiny.bytes, .sizeTooSmall(size: 4, minimum: minimum, abi: abi)))

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
        return cases
    }
}

@Suite("Validation of raw images, every ABI")
struct ImageValidationTests {
    @Test("Table: good and bad images", arguments: ABI.all.flatMap(ImageCase.all(for:)))
    func table(_ row: ImageCase) {
        let result = Result { () throws(CharacteristicsError) in
            try Characteristics(validating: row.bytes, abi: row.abi)
        }
        switch (result, row.expected) {
        case (.success(let found), .success(let expected)):
            #expect(found.abi == row.abi)
            #expect(found.type.rawValue == expected.type)
            #expect(found.revision == expected.revision)
            #expect(Int(found.size) == expected.size)
            #expect(found.flags == 0)
            #expect(Array(found.entryPoints) == expected.addresses)
            #expect(found.addresses == expected.addresses)
            #expect(found.address(of: .indicateOffloadEvent) == expected.addresses[5])
        case (.failure(let found), .failure(let expected)):
            #expect(found == expected)
            #expect(found.status == .invalidParameter)
            #expect(found.description.hasPrefix(found.field), "the message starts with the field: \(found)")
        default:
            Issue.record("expected \(row.expected), got \(result)")
        }
    }

    @Test("Messages name the field, the value and the expectation")
    func messages() {
        #expect(
            CharacteristicsError.sizeTooSmall(size: 55, minimum: 56, abi: .x64).description
                == "Header.Size is 55, expected at least 56 "
                + "(NDIS_SIZEOF_CLIENT_CHIMNEY_OFFLOAD_GENERIC_CHARACTERISTICS_REVISION_1 on x64)")
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
    }

    @Test("Reads stay inside the buffer: every prefix of a valid image is judged without a crash")
    func everyPrefix() {
        for abi in ABI.all {
            let bytes = ImageBuilder(abi: abi).bytes
            for count in 0..<bytes.count {
                // A copy of exactly `count` bytes: ASan would flag any read past it.
                let prefix = Array(bytes.prefix(count))
                #expect(throws: CharacteristicsError.self) { try Characteristics(validating: prefix, abi: abi) }
            }
        }
    }
}
