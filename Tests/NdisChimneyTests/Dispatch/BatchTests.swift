import NdisChimney
import NdisChimneyFuzzing
import Testing

/// Two open bindings of one driver whose entry points record (set 1) but for
/// the event handler, which is NULL, and a binding that was closed.
private final class Scene {
    let registry: ProtocolRegistry
    let a: BindingHandle, b: BindingHandle, closed: BindingHandle
    let first = Recorder.make(), second = Recorder.make()

    init() throws {
        registry = try ProtocolRegistry(driverCapacity: 1, bindingCapacity: 3)
        let driver = try registry.registerProtocolDriver()
        var chars = recordingCharacteristics(set: 1)
        chars.IndicateOffloadEventHandler = nil
        try registry.setChimneyCharacteristics(chars, for: driver)
        a = try registry.openBinding(driver: driver, context: first)
        b = try registry.openBinding(driver: driver, context: second)
        closed = try registry.openBinding(driver: driver, context: nil)
        try registry.closeBinding(closed)
    }

    deinit {
        first.deallocate()
        second.deallocate()
    }

    /// A queue with every reason: two runs of `a` around one of `b`, an event
    /// for the NULL handler, NULL, an entry point out of range on an open
    /// binding and on a closed one.
    var mixedQueue: [Completion] {
        [
            Completion(.initiateOffloadComplete, for: a, blockList: nil),
            Completion(.queryOffloadComplete, for: a, blockList: nil),
            Completion(.indicateOffloadEvent, for: a, blockList: nil, indicationCode: 1),  // NULL handler
            Completion(.updateOffloadComplete, for: a, blockList: nil),  // after a skip in the run
            Completion(.terminateOffloadComplete, for: b, blockList: nil),
            Completion(BindingHandle: nil, OffloadBlockList: nil, EntryPoint: 0, IndicationCode: 0),
            Completion(BindingHandle: b.ndisHandle, OffloadBlockList: nil, EntryPoint: 99, IndicationCode: 0),
            Completion(BindingHandle: closed.ndisHandle, OffloadBlockList: nil, EntryPoint: 99, IndicationCode: 0),
            Completion(.queryOffloadComplete, for: closed, blockList: nil),
        ]
    }
}

/// What `skipped` was told, in order.
private func skips(_ registry: ProtocolRegistry, _ queue: Span<Completion>) -> (Int, [Int], [DispatchResult]) {
    var indices: [Int] = [], reasons: [DispatchResult] = []
    let delivered = registry.dispatch(batch: queue) { index, reason in
        indices.append(index)
        reasons.append(reason)
    }
    return (delivered, indices, reasons)
}

/// Ends a batch from `skipped`.
private struct Stop: Error {}

/// What the handler of `atTheLimit` does: a nested batch on its own binding
/// (registry limit: one dispatch in flight per binding), through C and
/// through Swift, once.
private struct Nested {
    var registry: ProtocolRegistry?
    var binding: NDIS_HANDLE? = nil
    var statuses: [NDIS_STATUS] = []
    var reasons: [DispatchResult] = []
    var delivered = -1
}

@Suite("Batches from Swift storage, and why completions were skipped")
struct BatchTests {
    @Test("A Span of an Array, an InlineArray or a slice delivers what the buffer form delivers")
    func spans() throws {
        let scene = try Scene()
        let queue = scene.mixedQueue
        let inline: InlineArray<4, Completion> = [queue[0], queue[1], queue[2], queue[4]]
        // A slice's span borrows the slice, so it needs a name of its own; and
        // spans are taken outside #expect, which would move them out of scope.
        let tail = queue[3...], empty = queue[0..<0]
        let delivered = [
            queue.withUnsafeBufferPointer { scene.registry.dispatch(batch: $0) },
            scene.registry.dispatch(batch: queue.span),
            scene.registry.dispatch(batch: inline.span),
            scene.registry.dispatch(batch: tail.span),
            scene.registry.dispatch(batch: empty.span),
        ]
        #expect(delivered == [4, 4, 3, 2, 0])
        #expect(scene.first.pointee.calls == 3 + 3 + 2 + 1)
        #expect(scene.second.pointee.calls == 1 + 1 + 1 + 1)
    }

    @Test("skipped hears of each completion not delivered, in order, with what a single dispatch answers")
    func reasons() throws {
        let scene = try Scene()
        let queue = scene.mixedQueue
        let (delivered, indices, reasons) = skips(scene.registry, queue.span)
        #expect(delivered == 4)
        #expect(indices == [2, 5, 6, 7, 8])
        #expect(reasons == [.noEntryPoint, .staleBinding, .invalidEntryPoint, .invalidEntryPoint, .staleBinding])
        #expect(scene.first.pointee.calls == 3)
        #expect(scene.first.pointee.entryPoint == EntryPoint.updateOffloadComplete.rawValue)
        #expect(scene.second.pointee.calls == 1)

        // Each completion alone, through NdisChimneyDispatch, and the C batch's
        // statuses: the same answers as the Swift batch's, SUCCESS where it
        // reported nothing.
        var expected = [NDIS_STATUS](repeating: NDIS_STATUS_SUCCESS, count: queue.count)
        for (index, reason) in zip(indices, reasons) { expected[index] = reason.status.rawValue }
        let single = queue.map {
            NdisChimneyDispatch(
                scene.registry.cRegistry, $0.BindingHandle, $0.EntryPoint, $0.OffloadBlockList, $0.IndicationCode)
        }
        #expect(single == expected)
        var statuses = [NDIS_STATUS](repeating: 0x7F, count: queue.count)
        #expect(NdisChimneyDispatchBatchEx(scene.registry.cRegistry, queue, ULONG(queue.count), &statuses) == 4)
        #expect(statuses == expected)
        #expect(scene.first.pointee.calls == 9 && scene.second.pointee.calls == 3)
    }

    @Test("A batch with nothing to skip never calls skipped")
    func nothingSkipped() throws {
        let scene = try Scene()
        let queue = [
            Completion(.queryOffloadComplete, for: scene.a, blockList: nil),
            Completion(.queryOffloadComplete, for: scene.b, blockList: nil),
        ]
        let (delivered, indices, _) = skips(scene.registry, queue.span)
        #expect(delivered == 2 && indices.isEmpty)
    }

    @Test("skipped runs with no binding entered: it may close the binding it hears of, and the rest is stale")
    func closeFromSkipped() throws {
        let scene = try Scene()
        let registry = scene.registry, a = scene.a
        let queue = [
            Completion(.indicateOffloadEvent, for: a, blockList: nil),  // NULL handler
            Completion(.queryOffloadComplete, for: a, blockList: nil),
            Completion(.queryOffloadComplete, for: a, blockList: nil),
            Completion(.queryOffloadComplete, for: scene.b, blockList: nil),
        ]
        var reasons: [DispatchResult] = []
        var closeError: RegistryError?
        let delivered = registry.dispatch(batch: queue.span) { index, reason in
            reasons.append(reason)
            if index == 0 {
                do throws(RegistryError) { try registry.closeBinding(a) } catch { closeError = error }
            }
        }
        #expect(closeError == nil, "a close from skipped is not a close from a handler")
        #expect(reasons == [.noEntryPoint, .staleBinding, .staleBinding])
        #expect(delivered == 1)
        #expect(scene.first.pointee.calls == 0 && scene.second.pointee.calls == 1)
    }

    @Test("A throw from skipped ends the batch there, and is rethrown with its type")
    func throwFromSkipped() throws {
        let scene = try Scene()
        let queue = [
            Completion(.queryOffloadComplete, for: scene.a, blockList: nil),
            Completion(.indicateOffloadEvent, for: scene.a, blockList: nil),  // NULL handler
            Completion(.queryOffloadComplete, for: scene.a, blockList: nil),
            Completion(.queryOffloadComplete, for: scene.b, blockList: nil),
        ]
        #expect(throws: Stop.self) {
            try scene.registry.dispatch(batch: queue.span) { (_, _) throws(Stop) in throw Stop() }
        }
        #expect(scene.first.pointee.calls == 1 && scene.second.pointee.calls == 0)
        // Nothing was left entered: the binding closes at once.
        try scene.registry.closeBinding(scene.a)
    }

    @Test("At the in-flight limit a run is skipped as RESOURCES, an entry point out of range still as such")
    func atTheLimit() throws {
        let registry = try ProtocolRegistry(
            driverCapacity: 1, bindingCapacity: 1, limits: RegistryLimits(inFlight: 1, handles: 1 << 20))
        let driver = try registry.registerProtocolDriver()
        var chars = CChimneyCharacteristics()
        chars.Header = CObjectHeader(
            Type: 0x8E, Revision: 1, Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
        chars.QueryOffloadCompleteHandler = { context, _ in
            let nested = context!.assumingMemoryBound(to: Nested.self)
            guard let registry = nested.pointee.registry else { return }
            nested.pointee.registry = nil  // once
            let queue = [
                Completion(
                    BindingHandle: nested.pointee.binding, OffloadBlockList: nil, EntryPoint: 4, IndicationCode: 0),
                Completion(
                    BindingHandle: nested.pointee.binding, OffloadBlockList: nil, EntryPoint: 9, IndicationCode: 0),
            ]
            var statuses = [NDIS_STATUS](repeating: 0x7F, count: 2)
            _ = NdisChimneyDispatchBatchEx(registry.cRegistry, queue, 2, &statuses)
            nested.pointee.statuses = statuses
            nested.pointee.delivered = registry.dispatch(batch: queue.span) { _, reason in
                nested.pointee.reasons.append(reason)
            }
        }
        try registry.setChimneyCharacteristics(chars, for: driver)
        let nested = UnsafeMutablePointer<Nested>.allocate(capacity: 1)
        nested.initialize(to: Nested(registry: registry))
        defer {
            nested.deinitialize(count: 1)
            nested.deallocate()
        }
        let binding = try registry.openBinding(driver: driver, context: nested)
        nested.pointee.binding = binding.ndisHandle
        #expect(registry.dispatch(.queryOffloadComplete, to: binding, blockList: nil) == .delivered)
        #expect(nested.pointee.statuses == [NDIS_STATUS_RESOURCES, NDIS_STATUS_INVALID_PARAMETER])
        #expect(nested.pointee.reasons == [.inFlightLimit, .invalidEntryPoint])
        #expect(nested.pointee.delivered == 0)
    }
}
