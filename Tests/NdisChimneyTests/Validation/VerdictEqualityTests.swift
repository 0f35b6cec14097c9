import NdisChimney
import Testing

/// One host image, and the verdict every way in must reach on its bytes.
struct VerdictRow: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    var testDescription: String { name }

    /// `Header.Size`, when the header is there.
    var declaredSize: Int? { bytes.count >= 4 ? Int(bytes[2]) | Int(bytes[3]) << 8 : nil }

    /// Whether a pointer can present these bytes: a pointer's bytes are the
    /// `Header.Size` it declares (at least the header), so the image must
    /// hold them.
    var fitsPointer: Bool { declaredSize.map { bytes.count >= max($0, 4) } ?? false }

    /// Whether a `CChimneyCharacteristics` value holds exactly these bytes.
    var fitsValue: Bool { bytes.count == MemoryLayout<CChimneyCharacteristics>.size }

    static let all: [VerdictRow] = {
        let valid = ImageBuilder(abi: .host)
        let full = valid.revision1Size
        func row(_ name: String, _ change: (inout ImageBuilder) -> Void) -> VerdictRow {
            var builder = valid
            change(&builder)
            return VerdictRow(name: name, bytes: builder.bytes)
        }
        return [
            row("valid") { _ in },
            row("all entry points NULL") { $0.addresses = Array(repeating: 0, count: 6) },
            row("Revision 0") { $0.revision = 0 },
            row("Revision 2, revision-1 Size") { $0.revision = 2 },
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
            row("3 bytes") { $0.byteCount = 3 },
            row("empty") { $0.byteCount = 0 },
        ]
    }()
}

/// The error of a result, nil on success.
private func failure<Success, Failure>(_ result: Result<Success, Failure>) -> Failure? {
    if case .failure(let error) = result { error } else { nil }
}

@Suite("One value, one verdict: every way in agrees on the same bytes")
struct VerdictEqualityTests {
    @Test(
        "Swift bytes, pointer and value; C NdisChimneyValidateImage and NdisSetOptionalHandlers",
        arguments: VerdictRow.all)
    func everyEntryAgrees(_ row: VerdictRow) throws {
        let verdict = row.bytes.withUnsafeBytes { Characteristics.verdict(on: $0, abi: .host) }
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
            // A copy in memory aligned and long enough for the structure type,
            // holding the row's bytes.
            let capacity = max(row.bytes.count, MemoryLayout<CChimneyCharacteristics>.size)
            let memory = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            defer { memory.deallocate() }
            memory.initializeMemory(as: UInt8.self, repeating: 0, count: capacity)
            memory.copyMemory(from: row.bytes, byteCount: row.bytes.count)
            let pointer = UnsafePointer(memory.bindMemory(to: CChimneyCharacteristics.self, capacity: 1))
            let viaPointer = Result { () throws(CharacteristicsError) in try Characteristics(validating: pointer) }
            #expect(viaPointer == verdict, "Characteristics(validating: pointer)")
            let handlers = UnsafeRawPointer(pointer).assumingMemoryBound(to: CDriverOptionalHandlers.self)
            let installed = Result { () throws(RegistryError) in
                try registry.setOptionalHandlers(handlers, for: driver)
            }
            #expect(failure(installed) == expectedInstall, "ProtocolRegistry.setOptionalHandlers")
            #expect(
                NdisSetOptionalHandlers(driver.ndisHandle, UnsafeMutablePointer(mutating: handlers)) == expectedStatus,
                "NdisSetOptionalHandlers")
        }

        if row.fitsValue {
            let value = row.bytes.withUnsafeBytes { $0.loadUnaligned(as: CChimneyCharacteristics.self) }
            let viaValue = Result { () throws(CharacteristicsError) in try Characteristics(validating: value) }
            #expect(viaValue == verdict, "Characteristics(validating: value)")
            let installed = Result { () throws(RegistryError) in
                try registry.setChimneyCharacteristics(value, for: driver)
            }
            #expect(failure(installed) == expectedInstall, "ProtocolRegistry.setChimneyCharacteristics")
        }
    }

    @Test("The table reaches every entry: pointers and values see valid and invalid rows")
    func coverage() {
        let rows = VerdictRow.all
        let valid = { (row: VerdictRow) in
            row.bytes.withUnsafeBytes { (try? Characteristics(validating: $0, abi: .host)) != nil }
        }
        #expect(rows.contains { $0.fitsPointer && valid($0) } && rows.contains { $0.fitsPointer && !valid($0) })
        #expect(rows.contains { $0.fitsValue && valid($0) } && rows.contains { $0.fitsValue && !valid($0) })
        #expect(rows.contains { !$0.fitsPointer && $0.fitsValue }, "a Size past the value's bytes")
    }
}
