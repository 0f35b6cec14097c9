import NdisChimney
import Testing

/// The sizes and offsets of the facts file (PDB dumps and the ILP32 rules),
/// written out as numbers so that a wrong model cannot agree with itself.
@Suite("Windows layouts: the model against the facts")
struct WindowsLayoutTests {
    @Test("Characteristics: 56 bytes on 64-bit Windows, 32 on 32-bit", arguments: ABI.windows)
    func characteristics(abi: ABI) {
        let layout = StructureDescription.chimneyCharacteristics.layout(for: abi)
        let pointer = abi.pointerSize
        #expect(layout.size == (pointer == 8 ? 0x38 : 32))
        #expect(layout.revision1Size == layout.size)
        #expect(layout.alignment == pointer)
        #expect(layout[field: "Header"].offset == 0)
        #expect(layout[field: "Flags"].offset == 4)
        #expect(layout[field: "Flags"].size == 4)
        let handlers = [
            "InitiateOffloadCompleteHandler", "TerminateOffloadCompleteHandler",
            "UpdateOffloadCompleteHandler", "InvalidateOffloadCompleteHandler",
            "QueryOffloadCompleteHandler", "IndicateOffloadEventHandler",
        ]
        let expectedOffsets = pointer == 8 ? [8, 16, 24, 32, 40, 48] : [8, 12, 16, 20, 24, 28]
        #expect(handlers.map { layout[field: $0].offset } == expectedOffsets)
        #expect(handlers.allSatisfy { layout[field: $0].size == pointer })
        #expect(layout.fields.allSatisfy { $0.paddingAfter == 0 })
    }

    @Test("Block list: 0x98 bytes on 64-bit Windows, 76 on 32-bit", arguments: ABI.windows)
    func blockList(abi: ABI) {
        let layout = StructureDescription.offloadBlockList.layout(for: abi)
        let x64: [String: Int] = [
            "Header": 0, "NextBlock": 8, "DependentBlockList": 16, "Status": 24, "NdisReserved": 32,
            "OffloadHandle": 56, "ProtocolReserved": 64, "MiniportReserved": 80, "ImReserved": 96,
            "Scratch": 112, "SourceHandle": 128, "PortNumber": 136, "NetBufferListChain": 144,
        ]
        let x86: [String: Int] = [
            "Header": 0, "NextBlock": 4, "DependentBlockList": 8, "Status": 12, "NdisReserved": 16,
            "OffloadHandle": 28, "ProtocolReserved": 32, "MiniportReserved": 40, "ImReserved": 48,
            "Scratch": 56, "SourceHandle": 64, "PortNumber": 68, "NetBufferListChain": 72,
        ]
        let expected = abi.pointerSize == 8 ? x64 : x86
        #expect(layout.size == (abi.pointerSize == 8 ? 0x98 : 76))
        #expect(layout.fields.count == expected.count)
        for field in layout.fields {
            #expect(field.offset == expected[field.name], "\(abi.name) \(field.name)")
        }
        #expect(layout.revision1Size == nil)
    }

    @Test("Object header and offload handle", arguments: ABI.windows)
    func smallStructures(abi: ABI) {
        let header = StructureDescription.objectHeader.layout(for: abi)
        #expect(header.size == 4)
        #expect(header.fields.map(\.offset) == [0, 1, 2])
        #expect(header.fields.map(\.size) == [1, 1, 2])
        let handle = StructureDescription.offloadHandle.layout(for: abi)
        #expect(handle.size == 2 * abi.pointerSize)
        #expect(handle[field: "MiniportOffloadContext"].offset == abi.pointerSize)
    }

    @Test("ABI names round-trip and unknown names are refused")
    func abiNames() {
        for abi in ABI.all { #expect(ABI(name: abi.name) == abi) }
        #expect(ABI(name: "amd64") == nil)
        #expect(ABI.windows.map(\.pointerSize) == [4, 8, 8, 4])
    }
}
