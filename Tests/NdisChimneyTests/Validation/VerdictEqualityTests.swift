import NdisChimney
import NdisChimneyFuzzing
import Testing

/// One host image of one kind, and the verdict every way in must reach on
/// its bytes.
struct VerdictRow: Sendable, CustomTestStringConvertible {
    let name: String
    let kind: CharacteristicsKind
    let bytes: [UInt8]
    var testDescription: String { "\(kind): \(name)" }

    /// `Header.Size`, when the header is there.
    var declaredSize: Int? { bytes.count >= 4 ? Int(bytes[2]) | Int(bytes[3]) << 8 : nil }

    /// Whether a pointer can present these bytes: a pointer's bytes are the
    /// `Header.Size` it declares (at least the header), so the image must
    /// hold them.
    var fitsPointer: Bool { declaredSize.map { bytes.count >= max($0, 4) } ?? false }

    static let all: [VerdictRow] = CharacteristicsKind.allCases.flatMap { kind in
        let valid = ImageBuilder(abi: .host, kind: kind)
        let full = valid.minimumSize
        func row(_ name: String, _ change: (inout ImageBuilder) -> Void) -> VerdictRow {
            var builder = valid
            change(&builder)
            return VerdictRow(name: name, kind: kind, bytes: builder.bytes)
        }
        return [
            row("valid") { _ in },
            row("all entry points NULL") { $0.addresses = $0.addresses.map { _ in 0 } },
            row("Revision 0") { $0.revision = 0 },
            row("Revision 2, least Size") { $0.revision = 2 },
            row("Size one byte short") { $0.size = full - 1 },
            row("Size 2, below the header") {
                $0.size = 2; $0.byteCount = full
            },
            row("Size one byte past the value's bytes") {
                $0.size = full + 1; $0.byteCount = full
            },
            row("Size 65535 over the value's bytes") {
                $0.size = 0xFFFF; $0.byteCount = full
            },
            row("Revision 2, larger Size, all of it there") {
                $0.revision = 2; $0.size = full + 8
            },
            row("Flags set") { $0.flags = 0x10 },
            row("OffloadType 2") { $0.offloadType = 2 },
            row("3 bytes") { $0.byteCount = 3 },
            row("empty") { $0.byteCount = 0 },
        ]
    }
}

/// The error of a result, nil on success.
private func failure<Success, Failure>(_ result: Result<Success, Failure>) -> Failure? {
    if case .failure(let error) = result { error } else { nil }
}

@Suite("One value, one verdict: every way in agrees on the same bytes")
struct VerdictEqualityTests {
    @Test(
        "Bytes by kind and by Type, typed pointer and value, NdisSetOptionalHandlers' pointer, C and registry",
        arguments: VerdictRow.all)
    func everyEntryAgrees(_ row: VerdictRow) throws {
        let verdict = row.bytes.withUnsafeBytes { Characteristics.verdict(on: $0, abi: .host, kind: row.kind) }
        let byType = row.bytes.withUnsafeBytes { bytes in
            Result { () throws(CharacteristicsError) in try Characteristics(validatingByType: bytes, abi: .host) }
        }
        #expect(byType == verdict, "Characteristics(validatingByType:abi:)")
        let typed = typedVerdicts(row.bytes, kind: row.kind)
        if row.fitsPointer {
            #expect(typed.pointer == verdict, "Characteristics(validating: typed pointer)")
            let viaHandlers = handlers(row.bytes) { pointer in
                Result { () throws(CharacteristicsError) in try Characteristics(validatingOptionalHandlers: pointer) }
            }
            #expect(viaHandlers == verdict, "Characteristics(validatingOptionalHandlers:)")
        }
        if let value = typed.value { #expect(value == verdict, "Characteristics(validating: value)") }
        let known = handlers(row.bytes) { pointer in
            Result { () throws(CharacteristicsError) in
                try Characteristics(validatingOptionalHandlers: pointer, available: row.bytes.count)
            }
        }
        #expect(known == verdict, "Characteristics(validatingOptionalHandlers:available:)")
        if row.kind == .clientGeneric { try clientGenericEntries(row, verdict) }
    }

    /// The C validator and the registry, which take the client generic
    /// structure.
    private func clientGenericEntries(_ row: VerdictRow, _ verdict: Result<Characteristics, CharacteristicsError>)
        throws
    {
        let expectedStatus = (try? verdict.get()) != nil ? NDIS_STATUS_SUCCESS : NDIS_STATUS_INVALID_PARAMETER
        let expectedInstall = failure(verdict).map { RegistryError.invalidCharacteristics($0) }

        var message = [CChar](repeating: 0x7F, count: 256)
        let status = row.bytes.withUnsafeBytes {
            NdisChimneyValidateImage($0.baseAddress, $0.count, NdisChimneyAbiHost, &message, message.count)
        }
        #expect(status == expectedStatus, "NdisChimneyValidateImage")
        if case .failure(let error) = verdict { #expect(cString(message) == error.description) }

        let registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 1)
        let driver = try registry.registerProtocolDriver()
        if row.fitsPointer {
            handlers(row.bytes) { handlers in
                let installed = Result { () throws(RegistryError) in
                    try registry.setOptionalHandlers(handlers, for: driver)
                }
                #expect(failure(installed) == expectedInstall, "ProtocolRegistry.setOptionalHandlers")
                #expect(
                    NdisSetOptionalHandlers(driver.ndisHandle, UnsafeMutablePointer(mutating: handlers))
                        == expectedStatus,
                    "NdisSetOptionalHandlers")
            }
        }
        if row.bytes.count == MemoryLayout<CChimneyCharacteristics>.size {
            let value = row.bytes.withUnsafeBytes { $0.loadUnaligned(as: CChimneyCharacteristics.self) }
            let installed = Result { () throws(RegistryError) in
                try registry.setChimneyCharacteristics(value, for: driver)
            }
            #expect(failure(installed) == expectedInstall, "ProtocolRegistry.setChimneyCharacteristics")
        }
    }

    /// `bytes` as a pointer NdisSetOptionalHandlers is given, in memory
    /// that holds any of the structures.
    private func handlers<T>(_ bytes: [UInt8], _ body: (UnsafePointer<CDriverOptionalHandlers>) -> T) -> T {
        withMemory(
            holding: bytes, capacity: MemoryLayout<CClientTCPCharacteristics>.size, as: CDriverOptionalHandlers.self,
            body)
    }

    @Test("The table reaches every entry: pointers and values see valid and invalid rows of every kind")
    func coverage() {
        for kind in CharacteristicsKind.allCases {
            let rows = VerdictRow.all.filter { $0.kind == kind }
            let valid = { (row: VerdictRow) in
                row.bytes.withUnsafeBytes { (try? Characteristics(validating: $0, abi: .host, kind: kind)) != nil }
            }
            let values = rows.filter { typedVerdicts($0.bytes, kind: kind).value != nil }
            #expect(rows.contains { $0.fitsPointer && valid($0) } && rows.contains { $0.fitsPointer && !valid($0) })
            #expect(values.contains(where: valid) && values.contains { !valid($0) }, "\(kind)")
            #expect(values.contains { !$0.fitsPointer }, "a Size past the value's bytes")
        }
    }
}
