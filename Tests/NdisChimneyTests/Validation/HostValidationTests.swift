import NdisChimney
import Testing

private func chars(revision: UCHAR = 1, size: Int = MemoryLayout<CChimneyCharacteristics>.size, flags: ULONG = 0)
    -> CChimneyCharacteristics
{
    var value = CChimneyCharacteristics()
    value.Header = CObjectHeader(Type: 0x8E, Revision: revision, Size: USHORT(size))
    value.Flags = flags
    value.QueryOffloadCompleteHandler = { _, _ in }
    return value
}

@Suite("Validation of typed values and pointers (host ABI)")
struct HostValidationTests {
    @Test("A value: the same rules, with the value's own size as the bytes available")
    func value() throws {
        let valid = try Characteristics(validating: chars())
        #expect(valid.abi == .host)
        #expect(valid.address(of: .queryOffloadComplete) != 0)
        #expect(valid.address(of: .initiateOffloadComplete) == 0)
        #expect(throws: CharacteristicsError.revisionZero) { try Characteristics(validating: chars(revision: 0)) }
        let size = MemoryLayout<CChimneyCharacteristics>.size
        #expect(throws: CharacteristicsError.sizeExceedsBuffer(size: USHORT(size + 1), available: size)) {
            try Characteristics(validating: chars(size: size + 1))
        }
        #expect(throws: CharacteristicsError.reservedFlagsSet(2)) { try Characteristics(validating: chars(flags: 2)) }
    }

    @Test("A pointer: NULL refused; a larger future revision read through its revision-1 fields")
    func pointer() throws {
        #expect(throws: CharacteristicsError.nullPointer) { try Characteristics(validating: nil) }
        let size = MemoryLayout<CChimneyCharacteristics>.size
        let raw = UnsafeMutableRawPointer.allocate(byteCount: size + 24, alignment: 8)
        defer { raw.deallocate() }
        raw.initializeMemory(as: UInt8.self, repeating: 0xAB, count: size + 24)
        let pointer = raw.bindMemory(to: CChimneyCharacteristics.self, capacity: 1)
        pointer.pointee = chars(revision: 3, size: size + 24)
        let valid = try Characteristics(validating: UnsafePointer(pointer))
        #expect(valid.revision == 3)
        #expect(Int(valid.size) == size + 24)
        pointer.pointee.Header.Size = USHORT(size - 1)
        #expect(throws: CharacteristicsError.sizeTooSmall(size: USHORT(size - 1), minimum: size, abi: .host)) {
            try Characteristics(validating: UnsafePointer(pointer))
        }
    }

    @Test("A pointer whose Size is below the header's 4 bytes: Size too small, not a truncated header")
    func pointerWithTinySize() {
        // Found while writing the fuzz checks: the pointer path used to take
        // Size bytes as all there was, and called the header truncated.
        let size = MemoryLayout<CChimneyCharacteristics>.size
        for tiny: USHORT in [0, 1, 3] {
            var value = chars(size: Int(tiny))
            let error = withUnsafePointer(to: &value) { pointer in
                Result { () throws(CharacteristicsError) in try Characteristics(validating: pointer) }
            }
            #expect(throws: CharacteristicsError.sizeTooSmall(size: tiny, minimum: size, abi: .host)) {
                try error.get()
            }
        }
    }
}
