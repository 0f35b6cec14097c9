import NdisChimney
import Testing

/// One structure as the facts give it: every field's offset and `sizeof`,
/// with 64-bit pointers (the x64 PDB dumps) and with 32-bit ones (ILP32,
/// checked with `clang -target i686-pc-windows-msvc`).
struct LayoutFact: Sendable, CustomTestStringConvertible {
    let structure: StructureDescription
    let wide: (size: Int, offsets: [Int])
    let narrow: (size: Int, offsets: [Int])
    var testDescription: String { structure.name }

    /// The facts, written out as numbers so that a wrong model cannot agree
    /// with itself.
    static let all: [LayoutFact] = [
        LayoutFact(structure: .objectHeader, wide: (4, [0, 1, 2]), narrow: (4, [0, 1, 2])),
        LayoutFact(structure: .driverOptionalHandlers, wide: (4, [0]), narrow: (4, [0])),
        LayoutFact(structure: .offloadHandle, wide: (16, [0, 8]), narrow: (8, [0, 4])),
        LayoutFact(
            structure: .offloadBlockList,
            wide: (0x98, [0, 8, 16, 24, 32, 56, 64, 80, 96, 112, 128, 136, 144]),
            narrow: (76, [0, 4, 8, 12, 16, 28, 32, 40, 48, 56, 64, 68, 72])),
        LayoutFact(
            structure: .miniportOffloadBlockList,
            wide: (0x98, [0, 0x8, 0x10, 0x18, 0x20, 0x30, 0x38, 0x40, 0x50, 0x60, 0x70, 0x80, 0x88, 0x90]),
            narrow: (76, [0, 4, 8, 12, 16, 24, 28, 32, 40, 48, 56, 64, 68, 72])),
        LayoutFact(
            structure: .chimneyCharacteristics,
            wide: (0x38, [0, 4, 8, 16, 24, 32, 40, 48]), narrow: (32, [0, 4, 8, 12, 16, 20, 24, 28])),
        LayoutFact(
            structure: .providerGenericCharacteristics,
            wide: (0x30, [0, 4, 0x8, 0x10, 0x18, 0x20, 0x28]), narrow: (28, [0, 4, 8, 12, 16, 20, 24])),
        LayoutFact(
            structure: .clientTCPCharacteristics,
            wide: (0x40, [0, 4, 8, 0x10, 0x18, 0x20, 0x28, 0x30, 0x38]),
            narrow: (36, [0, 4, 8, 12, 16, 20, 24, 28, 32])),
        LayoutFact(
            structure: .providerTCPCharacteristics,
            wide: (0x38, [0, 4, 8, 0x10, 0x18, 0x20, 0x28, 0x30]), narrow: (32, [0, 4, 8, 12, 16, 20, 24, 28])),
    ]
}

@Suite("Windows layouts: the model against the facts")
struct WindowsLayoutTests {
    @Test("Every field's offset and sizeof, on every Windows ABI", arguments: LayoutFact.all)
    func offsetsAndSizes(fact: LayoutFact) {
        for abi in ABI.windows {
            let layout = fact.structure.layout(for: abi)
            let expected = abi.pointerSize == 8 ? fact.wide : fact.narrow
            #expect(layout.fields.map(\.offset) == expected.offsets, "\(abi.name)")
            #expect(layout.size == expected.size, "\(abi.name)")
        }
    }

    @Test("Every structure of the description has its facts here")
    func everyStructure() {
        #expect(LayoutFact.all.map(\.structure) == StructureDescription.all)
    }

    @Test("Handlers are pointer-wide, and the characteristics have no padding but after a TCP OffloadType")
    func handlersAndPadding() {
        for abi in ABI.windows {
            for structure in [
                StructureDescription.chimneyCharacteristics, .providerGenericCharacteristics,
                .clientTCPCharacteristics, .providerTCPCharacteristics,
            ] {
                let layout = structure.layout(for: abi)
                let handlers = layout.fields.filter { $0.name.hasSuffix("Handler") }
                #expect(handlers.allSatisfy { $0.size == abi.pointerSize && $0.storage == .pointer })
                let padded = layout.fields.filter { $0.paddingAfter > 0 }.map(\.name)
                let tcp = layout.fields.contains { $0.name == "OffloadType" }
                #expect(padded == (abi.pointerSize == 8 && tcp ? ["OffloadType"] : []), "\(layout.name)")
            }
        }
    }

    @Test("Revision-1 sizes: through the last entry point of the client structures; none for the providers")
    func revision1Sizes() {
        for abi in ABI.windows {
            let wide = abi.pointerSize == 8
            #expect(StructureDescription.chimneyCharacteristics.layout(for: abi).revision1Size == (wide ? 0x38 : 32))
            #expect(StructureDescription.clientTCPCharacteristics.layout(for: abi).revision1Size == (wide ? 0x40 : 36))
            #expect(StructureDescription.providerGenericCharacteristics.layout(for: abi).revision1Size == nil)
            #expect(StructureDescription.providerTCPCharacteristics.layout(for: abi).revision1Size == nil)
            #expect(StructureDescription.offloadBlockList.layout(for: abi).revision1Size == nil)
        }
    }

    @Test("ABI names round-trip and unknown names are refused")
    func abiNames() {
        for abi in ABI.all { #expect(ABI(name: abi.name) == abi) }
        #expect(ABI(name: "amd64") == nil)
        #expect(ABI.windows.map(\.pointerSize) == [4, 8, 8, 4])
    }
}
