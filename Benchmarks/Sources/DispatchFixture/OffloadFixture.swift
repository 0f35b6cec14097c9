import CBaseline
import NdisChimney

/// The offload loop's fixture: one registry with one protocol driver (the
/// six completion handlers C's `baseline_count`) and one miniport driver
/// with one adapter, `bindings` bindings bound to it, made through the Swift
/// API; beside it the guarded C offload loop (`guarded_offload_create`)
/// with as many bindings. The offload target either counts each request
/// (its requests stay outstanding) or, for round trips, completes it at
/// once on the same thread: through `ProtocolRegistry.complete` here, and
/// through the guarded C completion in the C baseline.
///
/// `@unchecked Sendable`: every stored property is a `let` set in `init`;
/// the buffers are written by the loops below and the handlers they call,
/// one thread at a time.
public final class OffloadFixture: @unchecked Sendable {
    /// The registry.
    public let registry: ProtocolRegistry
    /// `bindings - 1`: the loops take binding `i & mask`.
    public let mask: Int
    /// The bindings' handles, and their adapter's.
    public let handles: UnsafeMutablePointer<BindingHandle>
    public let adapter: AdapterHandle
    /// The offload target: what its handler counts and, for round trips,
    /// how it completes.
    public let target: UnsafeMutablePointer<SwiftTarget>
    /// What the protocol's completion handler counts into.
    public let counter: UnsafeMutablePointer<UInt>
    /// The block list every request of the request and round-trip loops carries.
    public let list: UnsafeMutablePointer<CMiniportOffloadBlockList>
    /// The guarded C offload loop: its registry, bindings, adapter and target.
    public let guarded: NDIS_HANDLE?
    public let guardedHandles: UnsafeMutablePointer<NDIS_HANDLE?>
    public let guardedAdapter: NDIS_HANDLE?
    public let guardedTarget: UnsafeMutablePointer<baseline_target>

    /// What the Swift offload target's adapter context holds.
    public struct SwiftTarget {
        /// The requests its handler received.
        public var requests: UInt = 0
        /// Where it completes them, for round trips.
        let registry: Unmanaged<ProtocolRegistry>
        var adapter = AdapterHandle(nil)
    }

    /// Sets up `bindings` (a power of two, at most 65535) bindings bound to
    /// one adapter whose offload target completes each request at once when
    /// `roundTrip` is true, and only counts it otherwise.
    public init(bindings: Int, roundTrip: Bool) {
        precondition(bindings > 0 && bindings & (bindings - 1) == 0, "bindings must be a power of two")
        registry = try! ProtocolRegistry(
            driverCapacity: 1, bindingCapacity: bindings, miniportDriverCapacity: 1, adapterCapacity: 1)
        mask = bindings - 1
        counter = .allocate(capacity: 1)
        counter.initialize(to: 0)
        list = .allocate(capacity: 1)
        list.initialize(to: CMiniportOffloadBlockList())
        target = .allocate(capacity: 1)
        target.initialize(to: SwiftTarget(registry: Unmanaged.passUnretained(registry)))
        let driver = try! registry.registerProtocolDriver()
        try! registry.setChimneyCharacteristics(baseline_characteristics(), for: driver)
        let miniport = try! registry.registerMiniportDriver()
        let handler: ProviderOffloadHandler, guardedHandler: ProviderOffloadHandler
        if roundTrip {
            (handler, guardedHandler) = (completeInSwift, baseline_complete_request)
        } else {
            (handler, guardedHandler) = (baseline_count_request, baseline_count_request)
        }
        try! registry.setProviderCharacteristics(baseline_provider_characteristics(handler), for: miniport)
        adapter = try! registry.addAdapter(miniportDriver: miniport, context: UnsafeMutableRawPointer(target))
        target.pointee.adapter = adapter
        handles = .allocate(capacity: bindings)
        for index in 0..<bindings {
            (handles + index).initialize(
                to: try! registry.openBinding(driver: driver, adapter: adapter, context: counter))
        }
        guardedTarget = .allocate(capacity: 1)
        guardedTarget.initialize(
            to: baseline_target(requests: 0, adapter: nil, complete: guarded_m_query_offload_state_complete))
        guardedHandles = .allocate(capacity: bindings)
        var guardedAdapter: NDIS_HANDLE?
        guarded = guarded_offload_create(
            bindings, counter, guardedHandles, guardedTarget,
            guardedHandler, &guardedAdapter)
        self.guardedAdapter = guardedAdapter
        guardedTarget.pointee.adapter = guardedAdapter
    }

    // The registries stay: the requests of a target that only counts stay
    // outstanding, and closing a binding would wait for them (as NDIS's
    // unbind does). A fixture lives as long as its benchmark process.

    /// `list` as the protocol passes it.
    public var protocolList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST {
        UnsafeMutableRawPointer(list).assumingMemoryBound(to: COffloadBlockList.self)
    }

    /// `n` query requests from Swift, on binding `i & mask`.
    @inline(never)
    public func swiftRequests(_ n: Int) {
        let registry = registry, handles = handles, mask = mask, list = protocolList
        for index in 0..<n { registry.request(.query, on: handles[index & mask], blockList: list) }
    }

    /// `n` query requests through the guarded C offload loop.
    public func cGuardedRequests(_ n: Int) {
        baseline_guarded_requests(guardedHandles, mask, protocolList, n)
    }

    /// `n` block lists, each with a query request made on it from Swift
    /// (to a target that counts it): what `swiftCompletions` completes.
    public func swiftRequests(eachOnItsOwn n: Int) -> UnsafeMutablePointer<CMiniportOffloadBlockList> {
        let lists = UnsafeMutablePointer<CMiniportOffloadBlockList>.allocate(capacity: n)
        lists.initialize(repeating: CMiniportOffloadBlockList(), count: n)
        for index in 0..<n {
            registry.request(
                .query, on: handles[index & mask],
                blockList: UnsafeMutableRawPointer(lists + index).assumingMemoryBound(to: COffloadBlockList.self))
        }
        return lists
    }

    /// One query completion from Swift of each of `lists[0..<n]`.
    /// `make bench-instructions` counts this function alone
    /// (`--toggle-collect=*swiftCompletions*`).
    @inline(never)
    public func swiftCompletions(_ lists: UnsafeMutablePointer<CMiniportOffloadBlockList>, _ n: Int) {
        let registry = registry, adapter = adapter
        for index in 0..<n { registry.complete(.query, on: adapter, blockList: lists + index) }
    }
}

/// The Swift offload target's handler for round trips: counts the request
/// and completes it at once, through the Swift API.
private func completeInSwift(_ context: NDIS_HANDLE?, _ list: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?) {
    let target = context.unsafelyUnwrapped.assumingMemoryBound(to: OffloadFixture.SwiftTarget.self)
    target.pointee.requests &+= 1
    let adapter = target.pointee.adapter
    target.pointee.registry._withUnsafeGuaranteedRef { $0.complete(.query, on: adapter, blockList: list) }
}
