import NdisChimney
import Testing

/// What a handler saw, written through the context pointer it was given.
private struct Arrival {
    var handler = 0
    var context: UnsafeMutableRawPointer?
    var list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?
    var code: ULONG = 0
}

private func record(
    _ context: NDIS_HANDLE?, _ handler: Int, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, _ code: ULONG = 0
) {
    guard let arrival = context?.assumingMemoryBound(to: Arrival.self) else { return }
    arrival.pointee = Arrival(handler: handler, context: context, list: list, code: code)
}

@Suite("Handler fields are C function pointers")
struct HandlerCallTests {
    @Test("Each of the six fields calls the routine installed in it with the context, list and code")
    func callThroughEveryField() {
        var table = CChimneyCharacteristics()
        table.InitiateOffloadCompleteHandler = { record($0, 1, $1) }
        table.TerminateOffloadCompleteHandler = { record($0, 2, $1) }
        table.UpdateOffloadCompleteHandler = { record($0, 3, $1) }
        table.InvalidateOffloadCompleteHandler = { record($0, 4, $1) }
        table.QueryOffloadCompleteHandler = { record($0, 5, $1) }
        table.IndicateOffloadEventHandler = { record($0, 6, $1, $2) }

        let arrival = UnsafeMutablePointer<Arrival>.allocate(capacity: 1)
        defer { arrival.deallocate() }
        let list = UnsafeMutablePointer<COffloadBlockList>.allocate(capacity: 1)
        defer { list.deallocate() }
        let context = UnsafeMutableRawPointer(arrival)

        let completions: [OffloadCompleteHandler?] = [
            table.InitiateOffloadCompleteHandler, table.TerminateOffloadCompleteHandler,
            table.UpdateOffloadCompleteHandler, table.InvalidateOffloadCompleteHandler,
            table.QueryOffloadCompleteHandler,
        ]
        for (index, handler) in completions.enumerated() {
            arrival.initialize(to: Arrival())
            handler?(context, list)
            #expect(arrival.pointee.handler == index + 1)
            #expect(arrival.pointee.context == context)
            #expect(arrival.pointee.list == list)
        }
        arrival.initialize(to: Arrival())
        table.IndicateOffloadEventHandler?(context, nil, OffloadEvent.neighborReachabilityInDoubt.rawValue)
        #expect(arrival.pointee.handler == 6)
        #expect(arrival.pointee.list == nil)
        #expect(arrival.pointee.code == 1)
        table.IndicateOffloadEventHandler?(context, list, 0xFFFF_FFFF)
        #expect(arrival.pointee.list == list)
        #expect(arrival.pointee.code == 0xFFFF_FFFF, "all 32 bits of IndicationCode arrive")
    }

    @Test("A zeroed structure has every handler NULL, and the types are C conventions")
    func zeroedIsNull() {
        let table = CChimneyCharacteristics()
        #expect(table.InitiateOffloadCompleteHandler == nil)
        #expect(table.IndicateOffloadEventHandler == nil)
        // The C typedefs and the Swift aliases are the same types.
        let alias: OffloadCompleteHandler? = table.QueryOffloadCompleteHandler
        let event: IndicateOffloadEventHandler? = table.IndicateOffloadEventHandler
        #expect(alias == nil && event == nil)
        #expect(MemoryLayout<INITIATE_OFFLOAD_COMPLETE_HANDLER>.size == MemoryLayout<UnsafeRawPointer>.size)
    }
}
