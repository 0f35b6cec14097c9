import CNdisChimneyPlatform
import Synchronization

// NdisMOffloadEventIndicate. An indication is about an offloaded neighbor
// state, not about a request, so its block list (NULL for
// NeighborReachabilityInDoubt) carries no SourceHandle to route by; NDIS
// posts it to the host stack above the adapter (the WDK documents
// ProtocolIndicateOffloadEvent as receiving "an indication that was
// initiated by an underlying driver's or offload target's call to
// NdisMOffloadEventIndicate"). So the library delivers it to the
// IndicateOffloadEventHandler of every binding open on that adapter, in slot
// order, with the block list and IndicationCode unchanged.

extension RegistryTables {
    /// The offload target's event indication on the adapter `handle` names;
    /// see `ProtocolRegistry.indicateOffloadEvent(on:blockList:code:)`.
    /// Returns how many bindings it was delivered to. Not a hot path: it
    /// looks at every binding slot up to the highest ever opened.
    @discardableResult
    func indicate(adapter handle: UInt, blockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?, code: ULONG) -> Int {
        guard let adapter = enterAdapter(handle) else {
            refuseAdapter(handle, .eventIndication, UnsafeMutableRawPointer(blockList))
            return 0
        }
        // The documented pairs only: a query carries the neighbor's state
        // objects, any other indication none.
        let query = code == OffloadEvent.neighborReachabilityQuery.rawValue
        guard query || code == OffloadEvent.neighborReachabilityInDoubt.rawValue, query == (blockList != nil) else {
            count(.eventIndication, on: adapter)
            leave(adapter: adapter)
            report(.invalidIndication, .eventIndication, handle, UnsafeMutableRawPointer(blockList))
            return 0
        }
        let list = UnsafeMutableRawPointer(blockList)?.assumingMemoryBound(to: COffloadBlockList.self)
        var delivered = 0
        let reach = Int(header.pointee.bindingsInUse.load(ordering: .acquiring))
        for index in 0..<reach {
            let offset = UInt(index) << UInt(HandleBits.slotShift)
            let slot = slot(at: offset)
            // Entered whatever its generation, if open: then its fields are
            // stable and say whether it is bound to this adapter.
            guard let found = slot.pointee.state.enterIfOpen(limit: header.pointee.inFlightLimit) else {
                leave(slot)
                continue
            }
            if slot.pointee.adapter == adapter {
                let binding = HandleBits.make(
                    index: index, generation: HandleBits.generation(of: found),
                    constantBits: header.pointee.constantBits)
                let entry = ndis_chimney_enter(binding)
                if deliver(EntryPoint.indicateOffloadEvent.rawValue, on: slot, blockList: list, indicationCode: code) {
                    delivered += 1
                }
                ndis_chimney_leave(entry)
            }
            leave(slot)
        }
        leave(adapter: adapter)
        return delivered
    }
}
