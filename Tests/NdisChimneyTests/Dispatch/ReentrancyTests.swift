import NdisChimney
import NdisChimneyFuzzing
import Testing

/// What the re-entrant handler works on, and the statuses it got.
private struct Work {
    let registry: OpaquePointer
    let driver: NDIS_HANDLE?
    let other: NDIS_HANDLE?
    let otherRecorder: UnsafeMutablePointer<Recorder>
    var statuses: [NDIS_STATUS] = []
}

/// Characteristics whose query handler does, from inside the handler, each
/// thing Docs/C-API.md allows; the other five entry points record.
private func reentrantCharacteristics() -> CChimneyCharacteristics {
    var chars = recordingCharacteristics(set: 1)
    chars.QueryOffloadCompleteHandler = { context, _ in
        let work = context!.assumingMemoryBound(to: Work.self)
        let (registry, driver, other) = (work.pointee.registry, work.pointee.driver, work.pointee.other)
        var opened: NDIS_HANDLE?
        var replacement = reentrantCharacteristics()
        let install = withUnsafeMutablePointer(to: &replacement) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(driver, $0) }
        }
        work.pointee.statuses = [
            NdisChimneyOpenBinding(driver, nil, &opened),
            install,
            NdisChimneyDispatch(registry, other, ULONG(NdisChimneyInitiateOffloadComplete.rawValue), nil, 0),
            NdisChimneyCloseBinding(other),
            NdisChimneyCloseBinding(opened),
        ]
    }
    return chars
}

@Suite("Handlers that call back into the registry")
struct ReentrancyTests {
    @Test("A handler may open, install, dispatch elsewhere and close bindings none of its thread's handlers run on")
    func allowedReentrancy() throws {
        var registry: OpaquePointer?
        var driver: NDIS_HANDLE?
        var binding: NDIS_HANDLE?
        var other: NDIS_HANDLE?
        #expect(NdisChimneyCreateRegistry(1, 3, &registry) == NDIS_STATUS_SUCCESS)
        defer { NdisChimneyDestroyRegistry(registry) }
        #expect(NdisChimneyRegisterProtocolDriver(registry, &driver) == NDIS_STATUS_SUCCESS)
        var chars = reentrantCharacteristics()
        let installed = withUnsafeMutablePointer(to: &chars) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(driver, $0) }
        }
        #expect(installed == NDIS_STATUS_SUCCESS)
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        #expect(NdisChimneyOpenBinding(driver, recorder, &other) == NDIS_STATUS_SUCCESS)
        let work = UnsafeMutablePointer<Work>.allocate(capacity: 1)
        defer { work.deallocate() }
        work.initialize(to: Work(registry: registry!, driver: driver, other: other, otherRecorder: recorder))
        defer { work.deinitialize(count: 1) }
        #expect(NdisChimneyOpenBinding(driver, work, &binding) == NDIS_STATUS_SUCCESS)

        #expect(NdisChimneyDispatch(registry, binding, 4, nil, 0) == NDIS_STATUS_SUCCESS)
        #expect(work.pointee.statuses == Array(repeating: NDIS_STATUS_SUCCESS, count: 5))
        #expect(recorder.pointee.calls == 1 && recorder.pointee.entryPoint == 0)
        #expect(NdisChimneyDispatch(registry, other, 4, nil, 0) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(NdisChimneyCloseBinding(binding) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDeregisterProtocolDriver(driver) == NDIS_STATUS_SUCCESS)
    }
}
