@testable import NdisChimney
import Testing

@Suite("EntryPoints: six or five addresses inline")
struct EntryPointsTests {
    @Test("Its count is the C NdisChimneyEntryPointCount, and its storage holds that many")
    func count() {
        let count = Int(NdisChimneyEntryPointCount.rawValue)
        #expect(EntryPoints.Storage.count == count)
        #expect(EntryPoints { _ in 0 }.count == count)
        #expect(EntryPoint.allCases.count == count)
    }

    @Test("Indexed by position and by entry point, in field order")
    func subscripts() {
        let entryPoints = EntryPoints { UInt64($0.rawValue + 1) * 0x1000 }
        #expect(Array(entryPoints) == [0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000])
        #expect(entryPoints[.indicateOffloadEvent] == 0x6000)
        #expect(entryPoints[0] == 0x1000)
        #expect(entryPoints.description == "[0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000]")
    }

    @Test("Equal and hashed by all six addresses")
    func hashable() {
        let base = EntryPoints { UInt64($0.rawValue) }
        #expect(base == EntryPoints { UInt64($0.rawValue) })
        #expect(base.hashValue == EntryPoints { UInt64($0.rawValue) }.hashValue)
        for changed in EntryPoint.allCases {
            let other = EntryPoints { $0 == changed ? 99 : UInt64($0.rawValue) }
            #expect(other != base, "differs at \(changed)")
        }
        #expect(Set([base, base, EntryPoints { _ in 0 }]).count == 2)
    }

    @Test("A provider structure's five: counted, compared and printed as five; the sixth slot reads 0")
    func five() throws {
        let storage = EntryPoints.Storage { UInt64($0 + 1) }
        let five = EntryPoints(EntryPoints.Storage { $0 < 5 ? UInt64($0 + 1) : 0 }, count: 5)
        #expect(five.count == 5 && Array(five) == [1, 2, 3, 4, 5])
        #expect(five[5] == 0)
        #expect(five.description == "[0x1, 0x2, 0x3, 0x4, 0x5]")
        #expect(five != EntryPoints(storage), "six differ from five, whatever the sixth slot holds")
        #expect(five == EntryPoints(EntryPoints.Storage { $0 < 5 ? UInt64($0 + 1) : 0 }, count: 5))
        let validated = try Characteristics(
            validating: ImageBuilder(abi: .x64, kind: .providerTCP).bytes, abi: .x64, kind: .providerTCP)
        #expect(validated.entryPoints.count == 5 && validated.addresses.count == 5)
    }

    @Test("ABI values are the C NDIS_CHIMNEY_ABI values")
    func abiValues() {
        #expect(ABI(NdisChimneyAbiHost) == .host)
        #expect(ABI(NdisChimneyAbiX86) == .x86)
        #expect(ABI(NdisChimneyAbiX64) == .x64)
        #expect(ABI(NdisChimneyAbiArm64) == .arm64)
        #expect(ABI(NdisChimneyAbiArm) == .arm)
        #expect(ABI(NDIS_CHIMNEY_ABI(rawValue: 5)) == nil)
    }
}
