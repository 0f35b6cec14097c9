@testable import NdisChimney
import Testing

/// The validator works its offsets out from the pointer width alone
/// (CharacteristicsOffsets), so that nothing is built on first use; these
/// are the checks that it reads exactly where the one description, proven
/// against the compilers by the other layout tests, puts each field.
@Suite("Validator offsets: the description's layout on every ABI")
struct OffsetsTests {
    @Test("Every field the validator reads, and the revision-1 size", arguments: ABI.all)
    func matchDescription(abi: ABI) {
        let layout = StructureDescription.chimneyCharacteristics.layout(for: abi)
        let header = StructureDescription.objectHeader.layout(for: abi)
        let offsets = CharacteristicsOffsets(abi)
        #expect(layout[field: "Header"].offset == 0)
        #expect(offsets.type == header[field: "Type"].offset)
        #expect(offsets.revision == header[field: "Revision"].offset)
        #expect(offsets.size == header[field: "Size"].offset)
        #expect(offsets.headerEnd == layout[field: "Header"].size)
        #expect(offsets.flags == layout[field: "Flags"].offset)
        #expect(offsets.pointerSize == abi.pointerSize)
        for entryPoint in EntryPoint.allCases {
            let field = layout[field: entryPoint.fieldName]
            #expect(offsets.entryPoint(entryPoint.rawValue) == field.offset, "\(entryPoint)")
            #expect(field.size == offsets.pointerSize)
        }
        #expect(offsets.revision1Size == layout.revision1Size)
    }
}
