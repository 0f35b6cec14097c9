@testable import NdisChimney
import Testing

@Suite("EntryPoints: six addresses inline")
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
