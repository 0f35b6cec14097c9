import NdisChimney
import Testing

@Suite("Constants")
struct ConstantTests {
    @Test("NDIS_STATUS values are the NTSTATUS bit patterns")
    func statusValues() {
        let expected: [(NDISStatus, UInt32, String)] = [
            (.success, 0x0000_0000, "NDIS_STATUS_SUCCESS"),
            (.pending, 0x0000_0103, "NDIS_STATUS_PENDING"),
            (.failure, 0xC000_0001, "NDIS_STATUS_FAILURE"),
            (.resources, 0xC000_009A, "NDIS_STATUS_RESOURCES"),
            (.notSupported, 0xC000_00BB, "NDIS_STATUS_NOT_SUPPORTED"),
            (.invalidParameter, 0xC000_000D, "NDIS_STATUS_INVALID_PARAMETER"),
            (.invalidDeviceRequest, 0xC000_0010, "NDIS_STATUS_INVALID_DEVICE_REQUEST"),
        ]
        for (status, bits, name) in expected {
            #expect(UInt32(bitPattern: status.rawValue) == bits, "\(name)")
            #expect(status.name == name)
        }
        #expect(NDISStatus.invalidParameter.description == "NDIS_STATUS_INVALID_PARAMETER (0xc000000d)")
        #expect(NDISStatus(rawValue: 7).description == "0x00000007")
        #expect(MemoryLayout<NDIS_STATUS>.size == 4 && NDIS_STATUS(-1) < 0)
    }

    @Test("Object types, revision and indication codes")
    func objectTypes() {
        #expect(NDISObjectType.default.rawValue == 0x80)
        #expect(NDISObjectType.clientChimneyOffloadGenericCharacteristics.rawValue == 0x8E)
        #expect(NDISObjectType.providerChimneyOffloadGenericCharacteristics.rawValue == 0x8F)
        #expect(chimneyCharacteristicsRevision1 == 1)
        #expect(OffloadEvent.neighborReachabilityInDoubt.rawValue == 1)
        #expect(OffloadEvent.neighborReachabilityQuery.rawValue == 2)
        #expect(OffloadEvent.maxOffloadEvent.rawValue == 3)
        #expect(NDISObjectType.clientChimneyOffloadCharacteristics.rawValue == 0x93)
        #expect(NDISObjectType.providerChimneyOffloadCharacteristics.rawValue == 0x94)
        #expect(
            NDISObjectType.clientChimneyOffloadCharacteristics.description
                == "NDIS_OBJECT_TYPE_CLIENT_CHIMNEY_OFFLOAD_CHARACTERISTICS (0x93)")
        #expect(
            NDISObjectType.providerChimneyOffloadCharacteristics.name
                == "NDIS_OBJECT_TYPE_PROVIDER_CHIMNEY_OFFLOAD_CHARACTERISTICS")
        #expect(MemoryLayout<INDICATE_OFFLOAD_EVENT>.size == 4)
        #expect([ChimneyOffloadType.tcp, .ipsec, .rdma, .max].map(\.rawValue) == [1, 2, 3, 4])
        #expect(MemoryLayout<NDIS_CHIMNEY_OFFLOAD_TYPE>.size == 4)
        #expect(MemoryLayout<ULONG>.size == 4 && MemoryLayout<USHORT>.size == 2)
    }
}
