import Foundation
import NdisChimney
import NdisChimneyFuzzing
import Testing

/// A registry driven through the C entry points, as a buggy or hostile C
/// driver would drive it: one driver with set 1 installed and one open
/// binding whose context is a Recorder.
private final class CFixture {
    var registry: OpaquePointer?
    var driver: NDIS_HANDLE?
    var binding: NDIS_HANDLE?
    let recorder = Recorder.make()

    init(drivers: ULONG = 2, bindings: ULONG = 2) {
        #expect(NdisChimneyCreateRegistry(drivers, bindings, &registry) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRegisterProtocolDriver(registry, &driver) == NDIS_STATUS_SUCCESS)
        #expect(install(set: 1, for: driver) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyOpenBinding(driver, recorder, &binding) == NDIS_STATUS_SUCCESS)
    }

    deinit {
        NdisChimneyDestroyRegistry(registry)
        recorder.deallocate()
    }

    /// NdisSetOptionalHandlers with recording set `set`.
    func install(set: Int, for handle: NDIS_HANDLE?) -> NDIS_STATUS {
        var chars = recordingCharacteristics(set: set)
        return withUnsafeMutablePointer(to: &chars) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(handle, $0) }
        }
    }

    /// Every handle-taking entry point given `handle` as a binding: statuses
    /// of dispatch and close, and what a batch of it delivered.
    func useAsBinding(_ handle: NDIS_HANDLE?) -> (dispatch: NDIS_STATUS, batch: ULONG, close: NDIS_STATUS) {
        let dispatch = NdisChimneyDispatch(registry, handle, ULONG(NdisChimneyQueryOffloadComplete.rawValue), nil, 0)
        let batch = [Completion(BindingHandle: handle, OffloadBlockList: nil, EntryPoint: 4, IndicationCode: 0)]
        let delivered = NdisChimneyDispatchBatch(registry, batch, 1)
        return (dispatch, delivered, NdisChimneyCloseBinding(handle))
    }

    /// Every handle-taking entry point given `handle` as a driver.
    func useAsDriver(_ handle: NDIS_HANDLE?) -> [NDIS_STATUS] {
        var opened: NDIS_HANDLE?
        return [
            install(set: 2, for: handle), NdisChimneyOpenBinding(handle, nil, &opened),
            NdisChimneyDeregisterProtocolDriver(handle),
        ]
    }
}

private let refused = NDIS_STATUS_INVALID_PARAMETER

/// The value of `handle` with bit `bit` flipped.
private func flip(_ handle: NDIS_HANDLE?, bit: Int) -> NDIS_HANDLE? {
    NDIS_HANDLE(bitPattern: UInt(bitPattern: handle) ^ (1 << UInt(bit)))
}

@Suite("Registry: handles that are forged, altered, stale or NULL are refused")
struct HostileHandleTests {
    @Test("NULL, and every value with tag and generation bits zero, is refused by every entry")
    func nullIsNoHandle() {
        let fixture = CFixture()
        for value: UInt in [0, 0x40, 0x80, 0x3F_FFC0] {
            let handle = NDIS_HANDLE(bitPattern: value)
            let asBinding = fixture.useAsBinding(handle)
            #expect(asBinding.dispatch == refused && asBinding.batch == 0 && asBinding.close == refused)
            #expect(fixture.useAsDriver(handle) == [refused, refused, refused])
        }
        #expect(fixture.recorder.pointee.calls == 0)
    }

    @Test("On a fresh registry NULL plants nothing and takes no slot")
    func nullOnFreshRegistry() {
        var registry: OpaquePointer?
        #expect(NdisChimneyCreateRegistry(2, 2, &registry) == NDIS_STATUS_SUCCESS)
        defer { NdisChimneyDestroyRegistry(registry) }
        var chars = recordingCharacteristics(set: 1)
        let planted = withUnsafeMutablePointer(to: &chars) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(nil, $0) }
        }
        #expect(planted == refused)
        #expect(NdisChimneyDeregisterProtocolDriver(nil) == refused)
        #expect(NdisChimneyCloseBinding(nil) == refused)
        // Capacity 2 takes exactly 2 registrations, however often NULL was freed.
        var drivers: [NDIS_HANDLE?] = [nil, nil, nil]
        #expect(NdisChimneyRegisterProtocolDriver(registry, &drivers[0]) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRegisterProtocolDriver(registry, &drivers[1]) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyRegisterProtocolDriver(registry, &drivers[2]) == NDIS_STATUS_RESOURCES)
        #expect(drivers[0] != drivers[1])
        // A new driver starts with no entry points: nothing NULL planted, nothing inherited.
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        var binding: NDIS_HANDLE?
        #expect(NdisChimneyOpenBinding(drivers[0], recorder, &binding) == NDIS_STATUS_SUCCESS)
        for entryPoint in 0..<ULONG(6) {
            #expect(NdisChimneyDispatch(registry, binding, entryPoint, nil, 0) == NDIS_STATUS_NOT_SUPPORTED)
        }
        #expect(recorder.pointee.calls == 0)
    }

    @Test("Closing NULL does not let a driver with an open binding deregister")
    func nullCloseKeepsCounts() {
        let fixture = CFixture()
        #expect(NdisChimneyCloseBinding(nil) == refused)
        #expect(NdisChimneyDeregisterProtocolDriver(fixture.driver) == NDIS_STATUS_FAILURE)
        #expect(NdisChimneyDispatch(fixture.registry, fixture.binding, 4, nil, 0) == NDIS_STATUS_SUCCESS)
    }

    @Test("A driver re-registered in a freed slot has no entry points of the one before")
    func registerStartsEmpty() {
        let fixture = CFixture(drivers: 1)
        #expect(NdisChimneyCloseBinding(fixture.binding) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDeregisterProtocolDriver(fixture.driver) == NDIS_STATUS_SUCCESS)
        var driver: NDIS_HANDLE?
        var binding: NDIS_HANDLE?
        #expect(NdisChimneyRegisterProtocolDriver(fixture.registry, &driver) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyOpenBinding(driver, fixture.recorder, &binding) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDispatch(fixture.registry, binding, 4, nil, 0) == NDIS_STATUS_NOT_SUPPORTED)
    }

    @Test("Every single-bit change of a live handle is refused by every entry, at once")
    func flippedBits() {
        let fixture = CFixture()
        for bit in 0..<64 {
            let binding = flip(fixture.binding, bit: bit)
            // Bit 1 once made dispatch spin until the binding closed: run each
            // on a thread of its own and give it five seconds.
            let done = DispatchSemaphore(value: 0)
            let result = ResultBox()
            // Bits, as a pointer is not Sendable; the fixture outlives the thread.
            let (registryBits, bindingBits) = (UInt(bitPattern: fixture.registry), UInt(bitPattern: binding))
            Thread.detachNewThread {
                let (registry, binding) = (
                    OpaquePointer(bitPattern: registryBits), NDIS_HANDLE(bitPattern: bindingBits)
                )
                let dispatch = NdisChimneyDispatch(registry, binding, 4, nil, 0)
                let batch = [
                    Completion(BindingHandle: binding, OffloadBlockList: nil, EntryPoint: 4, IndicationCode: 0)
                ]
                result.set(dispatch, NdisChimneyDispatchBatch(registry, batch, 1))
                done.signal()
            }
            guard done.wait(timeout: .now() + 5) == .success else {
                Issue.record("dispatch to the handle with bit \(bit) flipped did not return")
                #expect(NdisChimneyCloseBinding(fixture.binding) == NDIS_STATUS_SUCCESS)
                return
            }
            #expect(result.get() == (refused, 0), "bit \(bit)")
            #expect(NdisChimneyCloseBinding(binding) == refused, "bit \(bit)")
            #expect(fixture.useAsDriver(flip(fixture.driver, bit: bit)) == [refused, refused, refused], "bit \(bit)")
        }
        #expect(fixture.recorder.pointee.calls == 0)
        // And the real handles still work.
        #expect(NdisChimneyDispatch(fixture.registry, fixture.binding, 4, nil, 0) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyCloseBinding(fixture.binding) == NDIS_STATUS_SUCCESS)
    }

    @Test("A single-bit change of a live handle never reaches another registry's live handle")
    func flippedBitsAcrossRegistries() {
        // Made in the same order, so their handles differ where ids differ.
        let first = CFixture()
        let second = CFixture()
        for bit in 0..<64 {
            let asBinding = second.useAsBinding(flip(first.binding, bit: bit))
            #expect(asBinding.dispatch == refused && asBinding.batch == 0 && asBinding.close == refused, "bit \(bit)")
            #expect(second.useAsDriver(flip(first.driver, bit: bit)) == [refused, refused, refused], "bit \(bit)")
        }
        #expect(second.recorder.pointee.calls == 0)
        #expect(NdisChimneyDispatch(second.registry, second.binding, 4, nil, 0) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDeregisterProtocolDriver(second.driver) == NDIS_STATUS_FAILURE, "its binding is still open")
    }

    @Test("A driver handle is no binding handle, and a binding handle no driver handle")
    func kindsApart() {
        let fixture = CFixture()
        let asBinding = fixture.useAsBinding(fixture.driver)
        #expect(asBinding.dispatch == refused && asBinding.batch == 0 && asBinding.close == refused)
        #expect(fixture.useAsDriver(fixture.binding) == [refused, refused, refused])
        #expect(fixture.recorder.pointee.calls == 0)
    }

    @Test("A closed handle stays refused after its slot is reused, and reaches the new binding never")
    func closedStaysClosed() {
        let fixture = CFixture(bindings: 1)
        let old = fixture.binding
        #expect(NdisChimneyCloseBinding(old) == NDIS_STATUS_SUCCESS)
        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        var reused: NDIS_HANDLE?
        #expect(NdisChimneyOpenBinding(fixture.driver, recorder, &reused) == NDIS_STATUS_SUCCESS)
        #expect(reused != old)
        let asBinding = fixture.useAsBinding(old)
        #expect(asBinding.dispatch == refused && asBinding.batch == 0 && asBinding.close == refused)
        #expect(recorder.pointee.calls == 0 && fixture.recorder.pointee.calls == 0)
        #expect(NdisChimneyDispatch(fixture.registry, reused, 4, nil, 0) == NDIS_STATUS_SUCCESS)
    }
}

/// A result handed from a worker thread to the test. `@unchecked Sendable`:
/// written once by the worker before it signals, read by the test after.
private final class ResultBox: @unchecked Sendable {
    private var dispatch: NDIS_STATUS = 0
    private var batch: ULONG = 0
    func set(_ dispatch: NDIS_STATUS, _ batch: ULONG) { (self.dispatch, self.batch) = (dispatch, batch) }
    func get() -> (NDIS_STATUS, ULONG) { (dispatch, batch) }
}
