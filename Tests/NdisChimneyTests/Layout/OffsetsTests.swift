@testable import NdisChimney
import Testing

/// One kind on one ABI.
struct KindOnABI: Sendable, CustomTestStringConvertible {
    let kind: CharacteristicsKind
    let abi: ABI
    var testDescription: String { "\(kind) on \(abi.name)" }

    static let all = CharacteristicsKind.allCases.flatMap { kind in ABI.all.map { KindOnABI(kind: kind, abi: $0) } }
}

/// The validator works its offsets out from the kind and the pointer width
/// alone (CharacteristicsOffsets, CharacteristicsKind), so that nothing is
/// built on first use; these are the checks that it reads exactly where the
/// one description, proven against the compilers by the other layout tests,
/// puts each field of each structure.
@Suite("Validator offsets: the description's layout of every kind on every ABI")
struct OffsetsTests {
    @Test("Every field the validator reads, and the least Size", arguments: KindOnABI.all)
    func matchDescription(_ row: KindOnABI) {
        let layout = row.kind.structure.layout(for: row.abi)
        let header = StructureDescription.objectHeader.layout(for: row.abi)
        let offsets = CharacteristicsOffsets(row.abi, kind: row.kind)
        #expect(layout[field: "Header"].offset == 0)
        #expect(offsets.type == header[field: "Type"].offset)
        #expect(offsets.revision == header[field: "Revision"].offset)
        #expect(offsets.size == header[field: "Size"].offset)
        #expect(offsets.headerEnd == layout[field: "Header"].size)
        #expect(offsets.flags == layout[field: "Flags"].offset)
        let offloadType = layout.fields.first { $0.name == "OffloadType" }
        #expect(row.kind.hasOffloadType == (offloadType != nil))
        if let offloadType {
            #expect(offsets.offloadType == offloadType.offset)
            #expect(offloadType.size == 4)
        }
        #expect(offsets.pointerSize == row.abi.pointerSize)
        let entryPoints = layout.fields.filter { $0.storage == .pointer }
        #expect(entryPoints.count == row.kind.entryPointCount)
        #expect(entryPoints.map(\.offset) == (0..<row.kind.entryPointCount).map(offsets.entryPoint))
        #expect(entryPoints.allSatisfy { $0.size == offsets.pointerSize })
        #expect(layout.fields.suffix(entryPoints.count).map(\.name) == entryPoints.map(\.name), "they end it")
        #expect(offsets.minimumSize == (layout.revision1Size ?? layout.size))
        #expect(offsets.minimumSize == layout.size, "no tail padding: the least Size is sizeof")
    }

    @Test("The client generic entry points are the C NDIS_CHIMNEY_ENTRY_POINT order", arguments: ABI.all)
    func entryPointNames(abi: ABI) {
        let layout = StructureDescription.chimneyCharacteristics.layout(for: abi)
        let offsets = CharacteristicsOffsets(abi)
        #expect(offsets.kind == .clientGeneric, "the default: what NdisChimneyValidateImage validates")
        for entryPoint in EntryPoint.allCases {
            #expect(offsets.entryPoint(entryPoint.rawValue) == layout[field: entryPoint.fieldName].offset)
        }
    }

    @Test(
        "Each kind's type, structure, revision and the name of its least Size", arguments: CharacteristicsKind.allCases)
    func kinds(kind: CharacteristicsKind) {
        #expect(CharacteristicsKind(objectType: kind.objectType) == kind)
        #expect(kind.description == kind.structure.name)
        #expect(kind.definesRevision1 == (kind.structure.revision1LastField != nil))
        let name = kind.minimumSizeName.description
        #expect(name == kind.structure.revision1SizeMacro ?? "sizeof(\(kind.structure.name))")
    }

    @Test("Types that name none of the four kinds")
    func otherTypes() {
        let kinds = (0...255).compactMap { CharacteristicsKind(objectType: NDISObjectType(rawValue: UInt8($0))) }
        #expect(kinds == CharacteristicsKind.allCases)
        #expect(CharacteristicsKind.allCases.map(\.objectType.rawValue) == [0x8E, 0x8F, 0x93, 0x94])
    }

    @Test("The offload loop's SourceHandle offset is where the compiler and the description put it")
    func sourceHandleOffset() throws {
        #expect(
            RegistryTables.sourceHandleOffset
                == MemoryLayout<CMiniportOffloadBlockList>.offset(of: \CMiniportOffloadBlockList.SourceHandle))
        #expect(
            RegistryTables.sourceHandleOffset
                == MemoryLayout<COffloadBlockList>.offset(of: \COffloadBlockList.SourceHandle))
        for abi in ABI.all {
            let layout = StructureDescription.miniportOffloadBlockList.layout(for: abi)
            let field = try #require(layout.fields.first { $0.name == "SourceHandle" })
            #expect(field.offset == 16 * abi.pointerSize, "\(abi.name)")
        }
    }
}
