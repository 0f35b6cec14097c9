import NdisChimney
import Testing

/// Three adapters, A0 and A1 of miniport driver 0 and A2 of miniport driver
/// 1, with binding B0, B1, B2 bound to each, and one request of B0 held by
/// A0's target: what each misbehaving completion below works on.
private struct Scene {
    let stack: OffloadStack
    let bindings: [BindingHandle]
    let probes: [ProtocolProbe]
    let request: OffloadRequest
    let list: UnsafeMutablePointer<COffloadBlockList>

    init(request: OffloadRequest = .initiate) throws {
        let stack = try OffloadStack(miniportDrivers: 2, adapters: 3)
        let bound = try (0..<3).map { try stack.bind($0) }
        let list = stack.lists.make()
        stack.registry.request(request, on: bound[0].handle, blockList: list)
        _ = stack.targets[0].takeHeld()
        (self.stack, self.request, self.list) = (stack, request, list)
        bindings = bound.map(\.handle)
        probes = bound.map(\.probe)
    }

    /// Nothing was delivered to any binding so far.
    var nothingDelivered: Bool { probes.allSatisfy { $0.deliveries.isEmpty } }

    /// Completes the held request on `adapter` with `source` in SourceHandle,
    /// and answers what the hook was told and whether SourceHandle was left
    /// as it was.
    func complete(on adapter: Int, source: UInt) -> (refusals: [Refusal], untouched: Bool) {
        list.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: source)
        stack.registry.complete(request, on: stack.adapters[adapter], blockList: miniportView(list))
        return (stack.hook.take(), UInt(bitPattern: list.pointee.SourceHandle) == source)
    }

    /// The refusal of this request's completion on `adapter` for `reason`.
    func refusal(on adapter: Int, _ reason: OffloadRefusal) -> Refusal {
        Refusal(
            handle: stack.adapters[adapter].rawValue, routine: .completion(request), list: address(list), reason: reason
        )
    }

    /// Completes it as it should be, on A0 with B0 in SourceHandle, and
    /// checks it arrives at B0, once.
    func completeProperly() -> Bool {
        _ = complete(on: 0, source: bindings[0].rawValue)
        let arrived =
            probes[0].deliveries.map(\.list) == [address(list)] && probes[1...].allSatisfy(\.deliveries.isEmpty)
        return arrived && stack.hook.refusals.isEmpty
    }
}

@Suite("A misbehaving offload target: completions that must not be delivered")
struct OffloadMisbehavingTargetTests {
    @Test(
        "SourceHandle overwritten with NULL, forged values, generation 0, every single-bit flip, another registry's binding"
    )
    func overwrittenSourceHandle() throws {
        let scene = try Scene(request: .update)
        let other = try OffloadStack()
        let (foreign, _) = try other.bind(0)
        let real = scene.bindings[0].rawValue
        // Generation 0, never given out, is what a slot never opened holds,
        // and one whose binding has closed: the handle of binding 0 moved to
        // slot 7 (never opened), and a closed binding's of adapter 0.
        let (closed, _) = try scene.stack.bind(0)
        try scene.stack.registry.closeBinding(closed)
        let generationZero = [real & ~(0xFFFF << 6) | 7 << 6, closed.rawValue].map { $0 & (1 << 30 - 1) }
        let forged: [UInt] =
            [0, 1, 0x40, 0xDEAD_BEEF_0000_0041, UInt.max, foreign.rawValue, scene.stack.adapters[0].rawValue]
            + generationZero + (0..<64).map { real ^ 1 << UInt($0) }
        for (index, value) in forged.enumerated() {
            let (refusals, untouched) = scene.complete(on: 0, source: value)
            #expect(refusals == [scene.refusal(on: 0, .unknownSource)], "SourceHandle \(hex(value, digits: 16))")
            #expect(untouched, "a refused SourceHandle is left as it was")
            #expect(try scene.stack.counts(0).refusedCompletions == UInt(index + 1))
        }
        #expect(scene.nothingDelivered)
        // Nothing was taken from the binding: the real completion still arrives.
        #expect(scene.completeProperly())
        #expect(
            try scene.stack.counts(0)
                == AdapterCounts(refusedCompletions: UInt(forged.count), refusedIndications: 0, failedRequests: 0))
        #expect(try other.counts(0) == noCounts && other.hook.refusals.isEmpty)
    }

    @Test("SourceHandle naming another adapter's binding, of the same and of another miniport driver")
    func otherAdaptersBinding() throws {
        let scene = try Scene(request: .query)
        for adapter in [1, 2] {
            let (refusals, untouched) = scene.complete(on: 0, source: scene.bindings[adapter].rawValue)
            #expect(refusals == [scene.refusal(on: 0, .otherAdapter)])
            #expect(untouched)
        }
        #expect(scene.nothingDelivered)
        #expect(try scene.stack.counts(0).refusedCompletions == 2)
        #expect(scene.completeProperly())
    }

    @Test(
        "Completed on another adapter, of the same and of another miniport driver: counted there, then completed right")
    func completedOnOtherAdapter() throws {
        let scene = try Scene(request: .terminate)
        for adapter in [1, 2] {
            let (refusals, untouched) = scene.complete(on: adapter, source: scene.bindings[0].rawValue)
            #expect(refusals == [scene.refusal(on: adapter, .otherAdapter)])
            #expect(untouched)
            #expect(try scene.stack.counts(adapter).refusedCompletions == 1)
        }
        #expect(scene.nothingDelivered)
        #expect(try scene.stack.counts(0) == noCounts)
        #expect(scene.completeProperly())
    }

    @Test("Completed twice: as is (SourceHandle already taken), and with SourceHandle put back")
    func completedTwice() throws {
        let scene = try Scene(request: .invalidate)
        #expect(scene.completeProperly())
        // The second completion finds SourceHandle NULL.
        scene.stack.registry.complete(scene.request, on: scene.stack.adapters[0], blockList: miniportView(scene.list))
        #expect(scene.stack.hook.take() == [scene.refusal(on: 0, .unknownSource)])
        // A target that saved SourceHandle and restores it, as an
        // intermediate driver does, and completes again: the binding has
        // nothing outstanding.
        let (refusals, _) = scene.complete(on: 0, source: scene.bindings[0].rawValue)
        #expect(refusals == [scene.refusal(on: 0, .notOutstanding)])
        #expect(scene.probes[0].deliveries.count == 1, "delivered once")
        #expect(try scene.stack.counts(0).refusedCompletions == 2)
    }

    @Test("Completed after its binding closed, and after a new binding took the slot: the new one receives nothing")
    func completedAfterClose() throws {
        let scene = try Scene()
        #expect(scene.completeProperly())
        let closed = scene.bindings[0]
        try scene.stack.registry.closeBinding(closed)
        let (stale, _) = scene.complete(on: 0, source: closed.rawValue)
        #expect(stale == [scene.refusal(on: 0, .unknownSource)])

        // A new binding on the same adapter in the freed slot (its index bits
        // are the old one's), with a request of its own outstanding, which a
        // stale completion must not take.
        let (reused, probe) = try scene.stack.bind(0)
        #expect(reused.rawValue & 0x3F_FFC0 == closed.rawValue & 0x3F_FFC0, "the slot was reused")
        let own = scene.stack.lists.make()
        scene.stack.registry.request(.query, on: reused, blockList: own)
        let (refusals, untouched) = scene.complete(on: 0, source: closed.rawValue)
        #expect(refusals == [scene.refusal(on: 0, .unknownSource)])
        #expect(untouched)
        #expect(probe.deliveries.isEmpty)
        scene.stack.targets[0].completeHeld()
        #expect(probe.deliveries.map(\.list) == [address(own)], "its own request still completes")
        #expect(scene.stack.hook.refusals.isEmpty)
        #expect(try scene.stack.counts(0).refusedCompletions == 2)
        try scene.stack.registry.closeBinding(reused, waitingAtMost: 0)
    }

    @Test("A completion with no block list is refused and counted")
    func noBlockList() throws {
        let scene = try Scene()
        for request in OffloadRequest.allCases {
            scene.stack.registry.complete(request, on: scene.stack.adapters[0], blockList: nil)
            #expect(
                scene.stack.hook.take() == [
                    Refusal(
                        handle: scene.stack.adapters[0].rawValue, routine: .completion(request), list: 0,
                        reason: .noBlockList)
                ])
        }
        #expect(try scene.stack.counts(0).refusedCompletions == 5)
        #expect(scene.nothingDelivered)
        #expect(scene.completeProperly())
    }

    @Test("A completion on an unknown, stale, NULL or altered adapter handle is refused and counted nowhere")
    func unknownAdapter() throws {
        let scene = try Scene(request: .update)
        let registry = scene.stack.registry
        let spare = try registry.addAdapter(miniportDriver: scene.stack.miniportDrivers[0], context: nil)
        try registry.removeAdapter(spare)
        let other = try OffloadStack()
        let real = scene.stack.adapters[0].rawValue
        let handles: [UInt] =
            [
                0, spare.rawValue, scene.bindings[0].rawValue, scene.stack.miniportDrivers[0].rawValue,
                other.adapters[0].rawValue,
            ] + (0..<64).map { real ^ 1 << UInt($0) }
        scene.list.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: scene.bindings[0].rawValue)
        for handle in handles {
            registry.complete(scene.request, on: AdapterHandle(rawValue: handle), blockList: miniportView(scene.list))
            #expect(
                scene.stack.hook.take() == [
                    Refusal(
                        handle: handle, routine: .completion(scene.request), list: address(scene.list),
                        reason: .unknownAdapter)
                ], "adapter \(hex(handle, digits: 16))")
        }
        #expect(scene.nothingDelivered)
        #expect(UInt(bitPattern: scene.list.pointee.SourceHandle) == scene.bindings[0].rawValue)
        for adapter in 0..<3 { #expect(try scene.stack.counts(adapter) == noCounts) }
        #expect(try other.counts(0) == noCounts && other.hook.refusals.isEmpty)
        #expect(scene.completeProperly())
    }
}
