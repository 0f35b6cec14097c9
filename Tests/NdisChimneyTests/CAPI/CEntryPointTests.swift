@testable import NdisChimney
import NdisChimneyFuzzing
import Testing

/// The C string in a buffer, up to its terminating NUL.
private func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The C entry points, called through their declarations in
/// ndischimney_registry.h (imported by Swift), so each call crosses the C ABI
/// exactly as a C driver's does.
@Suite("C entry points")
struct CEntryPointTests {
    @Test("Each @c implementation has exactly its header prototype's type")
    func prototypesMatchHeader() {
        // Each assignment compiles only if the Swift implementation's type
        // equals the type Swift imports from the C prototype.
        var createRegistry = NdisChimneyCreateRegistry
        createRegistry = cCreateRegistry
        var destroyRegistry = NdisChimneyDestroyRegistry
        destroyRegistry = cDestroyRegistry
        var register = NdisChimneyRegisterProtocolDriver
        register = cRegisterProtocolDriver
        var deregister = NdisChimneyDeregisterProtocolDriver
        deregister = cDeregisterProtocolDriver
        var setOptionalHandlers = NdisSetOptionalHandlers
        setOptionalHandlers = cSetOptionalHandlers
        var openBinding = NdisChimneyOpenBinding
        openBinding = cOpenBinding
        var closeBinding = NdisChimneyCloseBinding
        closeBinding = cCloseBinding
        var validateImage = NdisChimneyValidateImage
        validateImage = cValidateImage
        var dispatch = NdisChimneyDispatch
        dispatch = cDispatch
        var dispatchBatch = NdisChimneyDispatchBatch
        dispatchBatch = cDispatchBatch
        var dispatchBatchEx = NdisChimneyDispatchBatchEx
        dispatchBatchEx = cDispatchBatchEx
        var statusText = NdisChimneyStatusText
        statusText = cStatusText
        _ = (createRegistry, destroyRegistry, register, deregister, setOptionalHandlers)
        _ = (openBinding, closeBinding, validateImage, dispatch, dispatchBatch, dispatchBatchEx, statusText)
        // The C enumerations agree with the Swift ones.
        #expect(
            EntryPoint.allCases.map(\.rawValue)
                == [
                    NdisChimneyInitiateOffloadComplete, NdisChimneyTerminateOffloadComplete,
                    NdisChimneyUpdateOffloadComplete, NdisChimneyInvalidateOffloadComplete,
                    NdisChimneyQueryOffloadComplete, NdisChimneyIndicateOffloadEvent,
                ].map { Int($0.rawValue) })
        #expect(Int(NdisChimneyEntryPointCount.rawValue) == EntryPoint.allCases.count)
    }

    @Test("Lifecycle and statuses through C")
    func lifecycle() {
        var registry: OpaquePointer?
        #expect(NdisChimneyCreateRegistry(0, 1, &registry) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(registry == nil)
        #expect(NdisChimneyCreateRegistry(1, 1, nil) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(NdisChimneyCreateRegistry(1, 1, &registry) == NDIS_STATUS_SUCCESS)
        defer { NdisChimneyDestroyRegistry(registry) }

        var driver: NDIS_HANDLE?
        #expect(NdisChimneyRegisterProtocolDriver(registry, &driver) == NDIS_STATUS_SUCCESS)
        #expect(driver != nil)
        var second: NDIS_HANDLE?
        #expect(NdisChimneyRegisterProtocolDriver(registry, &second) == NDIS_STATUS_RESOURCES)
        #expect(NdisChimneyRegisterProtocolDriver(nil, &second) == NDIS_STATUS_INVALID_PARAMETER)

        var chars = recordingCharacteristics(set: 1)
        let install = { (chars: inout CChimneyCharacteristics, handle: NDIS_HANDLE?) -> NDIS_STATUS in
            withUnsafeMutablePointer(to: &chars) {
                $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) {
                    NdisSetOptionalHandlers(handle, $0)
                }
            }
        }
        #expect(install(&chars, driver) == NDIS_STATUS_SUCCESS)
        #expect(NdisSetOptionalHandlers(driver, nil) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(install(&chars, nil) == NDIS_STATUS_INVALID_PARAMETER)
        chars.Header.Type = UCHAR(NDIS_OBJECT_TYPE_DEFAULT)
        #expect(install(&chars, driver) == NDIS_STATUS_NOT_SUPPORTED)
        chars = recordingCharacteristics(set: 1)
        chars.Header.Revision = 0
        #expect(install(&chars, driver) == NDIS_STATUS_INVALID_PARAMETER)

        let recorder = Recorder.make()
        defer { recorder.deallocate() }
        var binding: NDIS_HANDLE?
        #expect(NdisChimneyOpenBinding(driver, recorder, &binding) == NDIS_STATUS_SUCCESS)
        var extra: NDIS_HANDLE?
        #expect(NdisChimneyOpenBinding(driver, nil, &extra) == NDIS_STATUS_RESOURCES)
        #expect(NdisChimneyOpenBinding(driver, nil, nil) == NDIS_STATUS_INVALID_PARAMETER)

        #expect(NdisChimneyDispatch(registry, binding, 4, nil, 0) == NDIS_STATUS_SUCCESS)
        #expect(recorder.pointee.entryPoint == 4)
        #expect(NdisChimneyDispatch(registry, binding, 6, nil, 0) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(NdisChimneyDispatch(nil, binding, 4, nil, 0) == NDIS_STATUS_INVALID_PARAMETER)

        #expect(NdisChimneyDeregisterProtocolDriver(driver) == NDIS_STATUS_FAILURE)
        #expect(NdisChimneyCloseBinding(binding) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyCloseBinding(binding) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(NdisChimneyDispatch(registry, binding, 4, nil, 0) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(recorder.pointee.calls == 1)
        #expect(NdisChimneyDeregisterProtocolDriver(driver) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyDeregisterProtocolDriver(driver) == NDIS_STATUS_INVALID_PARAMETER)
    }

    @Test("Validating images through C writes the one-line reason, truncated and terminated")
    func validateImage() {
        let good = ImageBuilder(abi: .x86).bytes
        #expect(NdisChimneyValidateImage(good, good.count, NdisChimneyAbiX86, nil, 0) == NDIS_STATUS_SUCCESS)
        var message = [CChar](repeating: 0x7F, count: 128)
        #expect(
            NdisChimneyValidateImage(good, good.count, NdisChimneyAbiX64, &message, 128)
                == NDIS_STATUS_INVALID_PARAMETER)
        #expect(text(message).hasPrefix("Header.Size is 32, expected at least 56"))
        var tiny = [CChar](repeating: 0x7F, count: 8)
        #expect(NdisChimneyValidateImage(good, 2, NdisChimneyAbiX86, &tiny, 8) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(text(tiny) == "Header ")
        #expect(tiny[7] == 0)
        #expect(NdisChimneyValidateImage(nil, 0, NdisChimneyAbiHost, nil, 0) == NDIS_STATUS_INVALID_PARAMETER)
        #expect(
            NdisChimneyValidateImage(good, good.count, NDIS_CHIMNEY_ABI(rawValue: 9), &message, 128)
                == NDIS_STATUS_INVALID_PARAMETER)
        #expect(text(message) == "Abi is 9, expected 0 to 4 (NDIS_CHIMNEY_ABI)")
    }

    @Test("Batch dispatch through C counts deliveries and skips the rest")
    func batch() throws {
        var registry: OpaquePointer?
        #expect(NdisChimneyCreateRegistry(1, 2, &registry) == NDIS_STATUS_SUCCESS)
        defer { NdisChimneyDestroyRegistry(registry) }
        var driver: NDIS_HANDLE?
        #expect(NdisChimneyRegisterProtocolDriver(registry, &driver) == NDIS_STATUS_SUCCESS)
        var chars = recordingCharacteristics(set: 2)
        chars.IndicateOffloadEventHandler = nil
        _ = withUnsafeMutablePointer(to: &chars) {
            $0.withMemoryRebound(to: CDriverOptionalHandlers.self, capacity: 1) { NdisSetOptionalHandlers(driver, $0) }
        }
        let first = Recorder.make(), second = Recorder.make()
        defer { first.deallocate(); second.deallocate() }
        var a: NDIS_HANDLE?, b: NDIS_HANDLE?
        #expect(NdisChimneyOpenBinding(driver, first, &a) == NDIS_STATUS_SUCCESS)
        #expect(NdisChimneyOpenBinding(driver, second, &b) == NDIS_STATUS_SUCCESS)
        let queue = [
            Completion(.initiateOffloadComplete, for: BindingHandle(a), blockList: nil),
            Completion(.queryOffloadComplete, for: BindingHandle(a), blockList: nil),
            // The event handler is NULL: not delivered.
            Completion(.indicateOffloadEvent, for: BindingHandle(a), blockList: nil, indicationCode: 1),
            Completion(.terminateOffloadComplete, for: BindingHandle(b), blockList: nil),
            Completion(BindingHandle: nil, OffloadBlockList: nil, EntryPoint: 0, IndicationCode: 0),  // stale
            Completion(BindingHandle: b, OffloadBlockList: nil, EntryPoint: 99, IndicationCode: 0),  // out of range
            Completion(.updateOffloadComplete, for: BindingHandle(a), blockList: nil),
        ]
        #expect(NdisChimneyDispatchBatch(registry, queue, ULONG(queue.count)) == 4)
        #expect(first.pointee.calls == 3)
        #expect(second.pointee.calls == 1)
        #expect(NdisChimneyDispatchBatch(registry, nil, 3) == 0)
        #expect(NdisChimneyDispatchBatch(registry, queue, 0) == 0)

        // NdisChimneyDispatchBatchEx: each completion's status, as
        // NdisChimneyDispatch answers it; nothing past Count written.
        let (success, invalid, unwritten) = (NDIS_STATUS_SUCCESS, NDIS_STATUS_INVALID_PARAMETER, NDIS_STATUS(0x7F))
        var statuses = [NDIS_STATUS](repeating: unwritten, count: queue.count + 1)
        #expect(NdisChimneyDispatchBatchEx(registry, queue, ULONG(queue.count), &statuses) == 4)
        #expect(
            statuses == [success, success, NDIS_STATUS_NOT_SUPPORTED, success, invalid, invalid, success, unwritten])
        #expect(first.pointee.calls == 6 && second.pointee.calls == 2)
        // Without Statuses it is the plain batch.
        #expect(NdisChimneyDispatchBatchEx(registry, queue, ULONG(queue.count), nil) == 4)
        #expect(first.pointee.calls == 9 && second.pointee.calls == 3)
        // Nothing delivered: every entry still written.
        statuses = [NDIS_STATUS](repeating: unwritten, count: 4)
        #expect(NdisChimneyDispatchBatchEx(nil, queue, 3, &statuses) == 0)
        #expect(statuses == [invalid, invalid, invalid, unwritten])
        statuses = [NDIS_STATUS](repeating: unwritten, count: 4)
        #expect(NdisChimneyDispatchBatchEx(registry, nil, 2, &statuses) == 0)
        #expect(statuses == [invalid, invalid, unwritten, unwritten])
        #expect(NdisChimneyDispatchBatchEx(registry, queue, 0, &statuses) == 0)
        #expect(statuses == [invalid, invalid, unwritten, unwritten])
        #expect(first.pointee.calls == 9 && second.pointee.calls == 3)
    }

    @Test("NdisChimneyStatusText names each status the library returns, from the bytes Swift's name reads")
    func statusText() {
        let statuses: [NDISStatus] = [
            .success, .pending, .failure, .resources, .notSupported, .invalidParameter, .invalidDeviceRequest,
        ]
        for status in statuses {
            let text = NdisChimneyStatusText(status.rawValue)
            #expect(String(cString: text) == status.name)
            #expect(
                status.description
                    == "\(String(cString: text)) (\(hex(UInt32(bitPattern: status.rawValue), digits: 8)))")
            // Static: the very bytes of Swift's list, the same pointer each time.
            #expect(UnsafeRawPointer(text) == UnsafeRawPointer(status.staticName!.utf8Start))
            #expect(NdisChimneyStatusText(status.rawValue) == text)
        }
        for other: NDIS_STATUS in [7, -1, Int32.min, Int32.max, NDIS_STATUS_SUCCESS &+ 1] {
            #expect(String(cString: NdisChimneyStatusText(other)) == "unknown NDIS_STATUS")
            #expect(NDISStatus(rawValue: other).name == nil)
        }
    }
}
